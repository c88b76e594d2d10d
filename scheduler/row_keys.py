"""Learners' states keep their card's table row (ReviewState.sibling) when the card changes
rows: a re-import that regroups a table's cells (cards.placement sends row_changed).

The queue reads the rows answered today from the states alone (scheduler.queue_parts), so a
stale copy would keep the wrong cards out of today's queue, or let a row's other cells in.
"""

from collections import defaultdict
from collections.abc import Mapping

from django.db.models import OuterRef, QuerySet, Subquery
from django.dispatch import receiver

from cards.models import Card
from cards.placement import row_changed
from scheduler.models import ReviewState

# Card ids per statement: well inside every database's limit on parameters.
CHUNK = 1000


@receiver(row_changed, dispatch_uid="scheduler-states-follow-card-rows")
def _cards_regrouped(sender, rows: Mapping[int, str], **kwargs) -> None:
    follow_rows(rows)


def follow_rows(rows: Mapping[int, str]) -> None:
    """Give every learner's state of each card in `rows` ({card id: its row now}) that row:
    one statement per row value (and per CHUNK cards)."""
    cards_by_row: dict[str, list[int]] = defaultdict(list)
    for card_id, row in rows.items():
        cards_by_row[row].append(card_id)
    for row, card_ids in cards_by_row.items():
        for start in range(0, len(card_ids), CHUNK):
            chunk = card_ids[start : start + CHUNK]
            ReviewState.objects.filter(card_id__in=chunk).update(sibling=row)


def copy_card_rows(states: QuerySet[ReviewState]) -> None:
    """Give `states` their cards' rows, in one statement: for states made in bulk (the
    benchmark's seeded learners), which skip the write paths that set it."""
    row = Card.objects.filter(pk=OuterRef("card_id")).values("sibling")[:1]
    states.update(sibling=Subquery(row))
