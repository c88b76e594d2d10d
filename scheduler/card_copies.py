"""Learners' states keep copies of two fields of their card that the queue filters on: its
table row (ReviewState.sibling, of Card.sibling) and whether it is studied at all
(ReviewState.card_active, of Card.is_active).

The queue reads both from the learner's states alone (scheduler.queue_parts): through the
cards, it looked up a card for every due state it counted, most of a heavy learner's queue
query. A stale copy would keep the wrong cards out of today's queue, let a row's other cells
in, or show a retired card. So the write paths that create states copy them, and when an
import or an editor regroups, retires or restores cards, cards.placement sends
`copies_changed` and every learner's states of those cards take the card's values again.
"""

from collections.abc import Sequence

from django.db.models import OuterRef, QuerySet, Subquery
from django.dispatch import receiver

from cards.models import Card
from cards.placement import copies_changed
from scheduler.models import ReviewState

# Card ids per statement: well inside every database's limit on parameters.
CHUNK = 1000


@receiver(copies_changed, dispatch_uid="scheduler-states-follow-their-cards")
def _cards_changed(sender, cards: Sequence[int], **kwargs) -> None:
    follow_cards(cards)


def follow_cards(cards: Sequence[int]) -> None:
    """Give every learner's state of `cards` (card ids) its card's row and activity now: one
    statement per CHUNK cards, however many learners have them."""
    for start in range(0, len(cards), CHUNK):
        copy_card_fields(ReviewState.objects.filter(card_id__in=cards[start : start + CHUNK]))


def copy_card_fields(states: QuerySet[ReviewState]) -> None:
    """Give `states` their cards' rows and activity, in one statement: for cards changed
    (follow_cards) and for states made in bulk (the benchmark's seeded learners), which skip
    the write paths that set them."""
    card = Card.objects.filter(pk=OuterRef("card_id"))
    states.update(
        sibling=Subquery(card.values("sibling")[:1]),
        card_active=Subquery(card.values("is_active")[:1]),
    )
