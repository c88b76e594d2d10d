"""The migration that gives learners' states their cards' activity copies every one."""

import pytest

from cards.models import Card
from scheduler.models import ReviewState
from tests.factories import CardFactory
from tests.scheduler.answering import answer
from tests.scheduler.migrations.migrating import migrate

BEFORE = [("scheduler", "0029_review_state_answered_on_topic")]
AFTER = [("scheduler", "0030_review_state_card_active")]


@pytest.mark.django_db(transaction=True)
def test_every_existing_state_of_a_retired_card_says_it_is_not_studied(learners, section):
    studied, retired = (CardFactory(section=section, position=n) for n in range(2))
    for learner in learners:
        answer(learner, studied, 4)
        answer(learner, retired, 4)
    migrate(BEFORE)
    Card.objects.filter(pk=retired.pk).update(is_active=False)

    migrate(AFTER)

    copies = ReviewState.objects.values_list("card_id", "card_active")
    assert sorted(copies) == sorted([(studied.pk, True), (retired.pk, False)] * 2)
