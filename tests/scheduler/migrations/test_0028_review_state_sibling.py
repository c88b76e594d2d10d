"""The migration that gives learners' states their cards' table rows copies every one."""

import pytest

from scheduler.models import ReviewState
from tests.factories import CardFactory
from tests.scheduler.answering import answer
from tests.scheduler.migrations.migrating import migrate

BEFORE = [("scheduler", "0027_review_state_due_then_introduced")]
AFTER = [("scheduler", "0028_review_state_sibling")]


@pytest.mark.django_db(transaction=True)
def test_every_existing_state_takes_its_cards_row(learners, section):
    in_a_row = CardFactory(section=section, position=0, sibling="row-1")
    alone = CardFactory(section=section, position=1)
    for learner in learners:
        answer(learner, in_a_row, 4)
        answer(learner, alone, 4)
    migrate(BEFORE)

    migrate(AFTER)

    rows = ReviewState.objects.values_list("card_id", "sibling")
    assert sorted(rows) == sorted([(in_a_row.pk, "row-1"), (alone.pk, "")] * 2)
