"""The migration that adds new-card cursors sets each learner's past what they introduced."""

import pytest

from scheduler.models import NewCardCursor
from scheduler.new_card_cursor import END
from scheduler.services import suspend_card
from tests.factories import CardFactory
from tests.scheduler.answering import NOON, answer
from tests.scheduler.migrations.migrating import migrate

BEFORE = [("scheduler", "0023_backfill_domain_days")]
AFTER = [("scheduler", "0024_new_card_cursor")]


def cursors() -> dict[tuple[int, int], int]:
    return {
        (row.user_id, row.topic_id): row.position for row in NewCardCursor.objects.order_by("pk")
    }


@pytest.mark.django_db(transaction=True)
def test_every_learner_who_answered_gets_the_cursor_their_answers_would_have_left(learners, deck):
    cards = deck(4)
    elsewhere = CardFactory()
    for card in cards[:2]:
        answer(learners[0], card, 4)
    suspend_card(user=learners[0], card=cards[2], expected_version=0, now=NOON)
    answer(learners[1], cards[1], 4)  # the first card is still new to them
    answer(learners[1], elsewhere, 4)
    migrate(BEFORE)

    migrate(AFTER)

    # Past the suspended card too, where the suspension (no answer) had not moved it yet.
    assert cursors() == {
        (learners[0].pk, cards[0].topic_id): cards[3].position,
        (learners[1].pk, cards[0].topic_id): cards[0].position,
        (learners[1].pk, elsewhere.topic_id): END,
    }
