"""Learners' states keep their card's table row (ReviewState.sibling) when the card changes
rows: a re-import that regroups a table's cells (cards.placement sends row_changed).

The queue reads the rows answered today from the states alone (scheduler.queue_parts), so a
stale copy would keep the wrong cards out of today's queue, or let a row's other cells in.
"""

from collections.abc import Sequence

from django.db.models import OuterRef, QuerySet, Subquery
from django.dispatch import receiver

from cards.models import Card
from cards.placement import row_changed
from scheduler.models import ReviewState

# Card ids per statement: well inside every database's limit on parameters.
CHUNK = 1000


@receiver(row_changed, dispatch_uid="scheduler-states-follow-card-rows")
def _cards_regrouped(sender, cards: Sequence[int], **kwargs) -> None:
    follow_rows(cards)


def follow_rows(cards: Sequence[int]) -> None:
    """Give every learner's state of `cards` (card ids) its card's row now: one statement per
    CHUNK cards, however many rows they went to."""
    for start in range(0, len(cards), CHUNK):
        copy_card_rows(ReviewState.objects.filter(card_id__in=cards[start : start + CHUNK]))


def copy_card_rows(states: QuerySet[ReviewState]) -> None:
    """Give `states` their cards' rows, in one statement: for cards regrouped (follow_rows)
    and for states made in bulk (the benchmark's seeded learners), which skip the write paths
    that set it."""
    row = Card.objects.filter(pk=OuterRef("card_id")).values("sibling")[:1]
    states.update(sibling=Subquery(row))
