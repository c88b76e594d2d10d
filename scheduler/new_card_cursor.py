"""Each learner's new-card cursor per topic (NewCardCursor): kept, and read by the queue.

The rule it keeps: every active card of the topic before the cursor has a state of the
learner's that is introduced or suspended, so is new to them never again (a card buried today
or held back by a sibling answered today is new again tomorrow: the cursor stops at it). The
queue (scheduler.queue_parts) looks for new cards from the cursor on only, so proving that a
finished deck has none left costs what lies past the cursor, not the deck.

Moving it on: an answer that introduces a card calls `advance` in its transaction, one
statement that walks from the cursor to the first card still new. Learners introduce cards in
document order, so the walk is short.

Moving it back, in the transaction of the change, whenever a card before it may be new again
or a new card may come before it:
- for one learner's card (`card_state_changed`): an undo that takes back a card's first
  answer or its suspension, an unsuspend of a card never introduced (scheduler.services,
  scheduler.card_actions), anything later that forgets a card;
- for every learner of a topic (`_cards_reordered`): an editor or an import that restores a
  card, adds one or moves one (cards.placement.order_changed).
Deleting an account deletes its cursors (CASCADE): they are derived, never history.

On PostgreSQL, answers and those changes run side by side. An advance worked out before a
lowering committed may pass a card that lowering made new; so every lowering of one learner's
cursor bumps `lowered` (creating the row if need be), and an advance writes only over the row
it read. A topic-wide lowering locks the table against advances until it commits instead.
SQLite runs one writer at a time.
"""

from collections.abc import Mapping
from functools import cache

from django.db import connection, transaction
from django.db.models import Subquery, Value
from django.db.models.functions import Coalesce
from django.dispatch import receiver

from cards.models import Card
from cards.placement import order_changed
from scheduler.models import NewCardCursor, ReviewState

# Past every card: PositiveIntegerField's largest value.
END = 2_147_483_647


def permanently_not_new(introduced_on, suspended: bool) -> bool:
    """A card with this state of the learner's is new to them never again (unless changed)."""
    return introduced_on is not None or bool(suspended)


@cache
def _advance_sql(vendor: str) -> str:
    q = connection.ops.quote_name
    cursors, cards, states = (
        q(model._meta.db_table) for model in (NewCardCursor, Card, ReviewState)
    )
    # The first active card from the cursor on that the learner has not introduced or
    # suspended, in (topic, is_active, position) index order; past the end if there is none.
    # SQLite reads INSERT … SELECT … ON CONFLICT only with a WHERE on the SELECT.
    return f"""
        INSERT INTO {cursors} ({q("user_id")}, {q("topic_id")}, {q("position")}, {q("lowered")})
        SELECT %s, %s, COALESCE((
            SELECT card.{q("position")} FROM {cards} card
            WHERE card.{q("topic_id")} = %s AND card.{q("is_active")} = %s
              AND card.{q("position")} >= COALESCE(mine.{q("position")}, 0)
              AND NOT EXISTS (
                SELECT 1 FROM {states} state
                WHERE state.{q("user_id")} = %s AND state.{q("card_id")} = card.{q("id")}
                  AND (state.{q("introduced_on")} IS NOT NULL OR state.{q("suspended")} = %s)
              )
            ORDER BY card.{q("position")} LIMIT 1
        ), %s), COALESCE(mine.{q("lowered")}, 0)
        FROM (SELECT 1 AS {q("one")}) here
        LEFT JOIN {cursors} mine ON mine.{q("user_id")} = %s AND mine.{q("topic_id")} = %s
        WHERE TRUE
        ON CONFLICT ({q("user_id")}, {q("topic_id")}) DO UPDATE
        SET {q("position")} = excluded.{q("position")}
        WHERE {cursors}.{q("lowered")} = excluded.{q("lowered")}
    """


def advance(*, user_id: int, topic_id: int) -> None:
    """Move the learner's cursor in the topic past the cards now introduced or suspended.

    One statement, in the caller's transaction. Where a lowering committed after this
    statement's snapshot (its `lowered` no longer the one read), nothing is written: the cursor
    stays lower than it could be, which is always right, and the next advance catches up.
    """
    params = [user_id, topic_id, topic_id, True, user_id, True, END, user_id, topic_id]
    with connection.cursor() as cursor:
        cursor.execute(_advance_sql(connection.vendor), params)


@cache
def _lower_sql(vendor: str) -> str:
    q = connection.ops.quote_name
    cursors = q(NewCardCursor._meta.db_table)
    position, lowered = q("position"), q("lowered")
    # A missing row (cursor 0) is written as one, lowered once, so that an advance worked out
    # without it does not overwrite it (advance's ON CONFLICT … WHERE).
    return f"""
        INSERT INTO {cursors} ({q("user_id")}, {q("topic_id")}, {position}, {lowered})
        VALUES (%s, %s, 0, 1)
        ON CONFLICT ({q("user_id")}, {q("topic_id")}) DO UPDATE
        SET {position} = CASE WHEN {cursors}.{position} > %s THEN %s
                              ELSE {cursors}.{position} END,
            {lowered} = {cursors}.{lowered} + 1
    """


def lower(*, user_id: int, card: Card) -> None:
    """`card` may be new to the learner again: their cursor in its topic goes back to it."""
    params = [user_id, card.topic_id, card.position, card.position]
    with connection.cursor() as cursor:
        cursor.execute(_lower_sql(connection.vendor), params)


def card_state_changed(*, user_id: int, card: Card, was_not_new: bool, not_new: bool) -> None:
    """A write changed the learner's state of `card`: lower the cursor if the card is new again.

    `was_not_new` and `not_new`: permanently_not_new before and after the write. A card that
    became or stayed not new leaves the cursor right where it is.
    """
    if was_not_new and not not_new:
        lower(user_id=user_id, card=card)


def state_restored(*, user_id: int, card: Card, state: ReviewState, restored: Mapping) -> None:
    """An undo wrote `restored` (field: value) over the learner's `state` of `card`."""
    after = {"introduced_on": state.introduced_on, "suspended": state.suspended}
    after |= {name: restored[name] for name in after if name in restored}
    card_state_changed(
        user_id=user_id,
        card=card,
        was_not_new=permanently_not_new(state.introduced_on, state.suspended),
        not_new=permanently_not_new(**after),
    )


@receiver(order_changed, dispatch_uid="scheduler-new-card-cursors-follow-cards")
def _cards_reordered(sender, lowest: Mapping[int, int], **kwargs) -> None:
    """Cards came in, came back or moved, at `lowest` ({topic id: position}) or after: every
    learner's cursor in those topics goes back there."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Until this commits, answers wait to advance; those already advancing finish first,
            # and this statement's snapshot, taken after the lock, sees what they wrote.
            table = connection.ops.quote_name(NewCardCursor._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        for topic_id, position in lowest.items():
            NewCardCursor.objects.filter(topic_id=topic_id, position__gt=position).update(
                position=position
            )


def cursor_position(user, topic) -> Coalesce:
    """The learner's cursor in `topic` (an OuterRef to the topic's id), 0 without a row."""
    mine = NewCardCursor.objects.filter(user=user, topic_id=topic).values("position")[:1]
    return Coalesce(Subquery(mine), Value(0))
