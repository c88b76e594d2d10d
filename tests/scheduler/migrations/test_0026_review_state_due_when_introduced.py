"""The migration that ties a due date to an introduced card clears stray due dates first."""

import pytest
from django.db import IntegrityError, transaction

from scheduler.models import ReviewState
from tests.scheduler.answering import answer
from tests.scheduler.migrations.migrating import migrate

BEFORE = [("scheduler", "0025_domain_standing")]
AFTER = [("scheduler", "0026_review_state_due_when_introduced")]


def due_of(card):
    # Only the columns this migration knows (later ones add more).
    return ReviewState.objects.filter(card=card).values_list("due", flat=True).get()


@pytest.mark.django_db(transaction=True)
def test_a_stray_due_date_on_a_new_card_is_cleared_and_then_refused(learner, deck):
    studied, stray = deck(2)
    answer(learner, studied, 4)
    answer(learner, stray, 4)
    migrate(BEFORE)
    # What no write path leaves, but older data might: a due date on a card that is new.
    ReviewState.objects.filter(card=stray).update(introduced_on=None)
    kept = due_of(studied)

    migrate(AFTER)

    assert due_of(stray) is None
    assert due_of(studied) == kept
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewState.objects.filter(card=studied).update(introduced_on=None)
