"""Where a card's answers count: in its section's domain while the card is active, nowhere
while it is not.

Learners' statistics keep per-domain roll-ups of their answers (the scheduler listens), so
every write that may retire, restore or move cards runs inside `watching(cards)`: it notes each
card's place before and after, and sends `placement_changed` for the cards whose place changed,
in the writer's transaction, so the roll-ups change with the cards or not at all. The writers:
cards.editing (suspend, retire, reactivate, a dismissed flag or an edit that restores a dropped
card) and cards.importer (re-import: retire, restore, move to another section).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import Signal

from cards.models import Card

# Sent with `moves`: {card id: (domain id before or None, domain id after or None)}, None where
# the card is inactive. Only cards whose place changed; never an empty dict.
placement_changed = Signal()


def places(cards: QuerySet[Card]) -> dict[int, int | None]:
    """Each card's domain id, or None while it is inactive."""
    return {
        pk: domain_id if active else None
        for pk, active, domain_id in cards.values_list("pk", "is_active", "section__domain_id")
    }


@contextmanager
def watching(cards: QuerySet[Card]) -> Iterator[None]:
    """Tell the listeners of `placement_changed` which of `cards` changed place in the block.

    `cards` is evaluated before and after the block, so it must select the same cards both
    times whatever the block changes (by primary key or by topic, not by `is_active`). Cards
    it finds only afterwards are new: they have no answers to move.
    """
    with transaction.atomic():
        before = places(cards)
        yield
        after = places(cards)
        moves = {
            pk: (place, after[pk]) for pk, place in before.items() if after.get(pk, place) != place
        }
        if moves:
            placement_changed.send(sender=Card, moves=moves)
