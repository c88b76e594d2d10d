"""Where a card's answers count: in its section's domain while the card is active, nowhere
while it is not.

Learners' statistics keep per-domain roll-ups of their answers (the scheduler listens), so
every write that may retire, restore or move cards runs inside `watching(cards)`: it notes each
card's place before and after, and sends `placement_changed` for the cards whose place changed,
in the writer's transaction, so the roll-ups change with the cards or not at all. The writers:
cards.editing (suspend, retire, reactivate, a dismissed flag or an edit that restores a dropped
card) and cards.importer (re-import: retire, restore, move to another section).

The same block tells `order_changed` where active cards came in (an import adds them), came back
or moved in document order: each learner's new-card cursor (scheduler.new_card_cursor) must not
have passed them.
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

# Sent with `lowest`: {topic id: the lowest position at which an active card came in, came back
# or moved to}, for the topics where any did; never an empty dict. A card new to a learner may
# now come before cards they had all introduced (scheduler.new_card_cursor listens).
order_changed = Signal()

# Sent with `cards`: the ids of the cards that were there before the block and changed table
# rows (Card.sibling) or were retired or restored (Card.is_active) in it; never empty.
# Learners' states keep copies of both (scheduler.card_copies listens).
copies_changed = Signal()


def places(cards: QuerySet[Card]) -> dict[int, int | None]:
    """Each card's domain id, or None while it is inactive."""
    return {pk: seen[0] for pk, seen in _seen(cards).items()}


def _seen(cards: QuerySet[Card]) -> dict[int, tuple[int | None, int, int, str, bool]]:
    """Each card's place (as `places`), topic id, position, table row and whether it is
    active, in one query."""
    rows = cards.values_list(
        "pk", "is_active", "section__domain_id", "topic_id", "position", "sibling"
    )
    return {
        pk: (domain_id if active else None, topic_id, position, sibling, active)
        for pk, active, domain_id, topic_id, position, sibling in rows
    }


@contextmanager
def watching(cards: QuerySet[Card]) -> Iterator[None]:
    """Tell the listeners of `placement_changed` which of `cards` changed place in the block,
    those of `order_changed` where active cards came in, came back or moved, and those of
    `copies_changed` which changed table rows or were retired or restored.

    `cards` is evaluated before and after the block, so it must select the same cards both
    times whatever the block changes (by primary key or by topic, not by `is_active`). Cards
    it finds only afterwards are new: they have no answers to move, but learners may not have
    seen them.
    """
    with transaction.atomic():
        before = _seen(cards)
        yield
        after = _seen(cards)
        moves = {
            pk: (seen[0], after[pk][0])
            for pk, seen in before.items()
            if pk in after and after[pk][0] != seen[0]
        }
        # Their table row or activity (seen[3:]), which learners' states copy.
        copied = [pk for pk, seen in before.items() if pk in after and after[pk][3:] != seen[3:]]
        lowest: dict[int, int] = {}
        for pk, (place, topic_id, position, *_) in after.items():
            earlier = before.get(pk)
            came = earlier is None or earlier[0] is None or earlier[2] != position
            if place is not None and came:
                lowest[topic_id] = min(position, lowest.get(topic_id, position))
        if moves:
            placement_changed.send(sender=Card, moves=moves)
        if lowest:
            order_changed.send(sender=Card, lowest=lowest)
        if copied:
            copies_changed.send(sender=Card, cards=copied)
