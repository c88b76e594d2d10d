"""The daily queue: what comes next for (user, topic, study day), and the header's counts.

Order: due reviews (most overdue first; a day's in the order the learner first saw them) up to
the review limit, then cards waiting for a same-day re-drill, then new cards in document order
up to the new-card limit (plus today's extra new cards in the topic, scheduler.extra_study).
Retired and suspended cards never appear, nor cards the learner suspended or buried today; a
card answered today keeps its siblings (the other cells of its table row) out of today's queue.
A card missed in a practice exam since its last answer counts as due (its SM-2 state
untouched), and a new one missed there is introduced first.

The review page's counts and its next card are one query (build_queue; the dashboard's counts
alone are scheduler.queue_counts), and fetching that card one more.
"""

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from django.db.models import (
    BigIntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from cards.models import Card, Topic
from scheduler import prepared
from scheduler import queue_parts as parts
from scheduler.enrolment import StudyPlan
from scheduler.models import ReviewLog, ReviewState, StudyProfile
from scheduler.queue_counts import COUNTED, count_queues, counts_of, topics_counted
from scheduler.queue_types import Pace, Queue, QueueCounts
from scheduler.stats.session import pace_of, recent_answer_times
from scheduler.study_day import earliest_answer_at
from scheduler.write_batch import sent_with_batch

__all__ = ["build_queue", "count_queues", "queue_after_writes"]


def _topic_with_next(
    values: prepared.Values, limits: tuple[int, int], misses: bool, with_undo: bool = False
) -> QuerySet:
    """One topic's counts and the cards that would come next (one query).

    `next_card` is the next due card's state, or else (negated, so the one column tells
    which) the next new card. The database evaluates COALESCE's arguments from the left and
    stops at the first found, so the new card, past a long run of introduced cards the
    dearest part of the query, is looked for only when no review waits.
    """
    user, today = values.user_id, values.today
    states = ReviewState.objects.for_user(user).filter(topic_id=OuterRef("pk"))
    # Most overdue first; cards missed in practice but not yet due after every due one.
    first_due = _most_overdue_first(states.filter(parts.due_q(user, today)))
    due_or_missed = [Subquery(first_due.values("pk")[:1])]
    if misses:
        first_missed = _most_overdue_first(states.filter(parts.missed_not_due_q(user, today)))
        due_or_missed.append(Subquery(first_missed.values("pk")[:1]))
    # The card answered longest ago first, so a failed card is not shown twice in a row while
    # another one waits.
    first_redrill = states.filter(last_answered_on=today).filter(parts.redrill_q(today))
    first_redrill = first_redrill.order_by("last_answered_at", "card__position")
    new_limit, review_limit = limits
    topics = topics_counted(values, new_limit, misses, due_limit=review_limit).annotate(
        next_card=Coalesce(
            *due_or_missed,
            Value(-1) * parts.first_new(user, today, misses),
            output_field=BigIntegerField(),
        ),
        next_redrill=Subquery(first_redrill.values("pk")[:1]),
        # The session bar's time estimate, here rather than in a query of its own.
        recent_answers=recent_answer_times(user),
    )
    if with_undo:
        # The review page's undo button, asked here rather than in a query of its own.
        undoable = ReviewLog.objects.for_user(user).undoable(
            today, OuterRef("pk"), since=values.moments[0]
        )
        topics = topics.annotate(undo_answer=Subquery(undoable.values("pk")[:1]))
    return topics


def _most_overdue_first(due: QuerySet) -> QuerySet:
    """`due` (the outer topic's due states) from the most overdue, a day's cards in the order
    the learner first saw them (their states' ids; new cards come in deck order, so mostly
    the deck's): the (user, topic, due, id) index's own order, so the pick is its first
    studiable entry on either database. Ordered by the cards' positions instead, each of
    the day's cards was looked up to sort them: 0.8 ms of the queue's 3.8 on PostgreSQL for
    a learner with 300 reviews due over three days (`make benchmark`, EXPLAIN ANALYZE).
    """
    return due.order_by("due", "pk")


def _due_or_new(next_card: int | None) -> tuple[int | None, int | None]:
    """`next_card` (_topic_with_next) as (the next due state's id, the next new card's id)."""
    if next_card is None:
        return None, None
    return (next_card, None) if next_card > 0 else (None, -next_card)


def _next_new(user, today: date, topic_id: int, misses: bool) -> int | None:
    """The next new card when reviews wait but the day's review limit is reached."""
    (row,) = prepared.rows(
        ("first-new", misses),
        lambda v: (
            Topic.objects.filter(pk__in=v.topic_ids)
            .annotate(next_new=parts.first_new(v.user_id, v.today, misses))
            .values("next_new")
        ),
        prepared.Values(user.pk, today, [topic_id]),
    )
    return row["next_new"]


def build_queue(
    *,
    user,
    profile: StudyProfile,
    topic_id: int,
    today: date,
    just_failed: bool = False,
    plan: StudyPlan | None = None,
    with_undo: bool = False,
) -> Queue:
    """The next card of the topic, within `plan`'s limits (the profile's without one), and
    its counts and the learner's pace (Queue.pace): one compiled query, then the card itself.
    `with_undo`: and the answer the review page's undo button names (Queue.undo_answer), in
    the same query."""
    found = []
    asked = {"user": user, "profile": profile, "topic_id": topic_id, "today": today, "plan": plan}
    queue = _send_queue_query(**asked, with_undo=with_undo, then=found.extend)
    return queue(found, just_failed)


def queue_after_writes(**asked) -> Callable[[], Queue]:
    """build_queue(**asked), for the caller to call once the transaction it runs in has
    committed (`asked`: build_queue's arguments but with_undo).

    In a write batch on PostgreSQL (an answer's), the queue's query goes with the batch's
    writes, after them: one wait for the database less than asking once they are committed.
    Elsewhere it is asked when called: on SQLite, inside the transaction it would hold the
    database's one write lock while it ran.
    """
    if not sent_with_batch():
        return lambda: build_queue(**asked)
    just_failed = asked.pop("just_failed", False)
    found = []
    queue = _send_queue_query(**asked, with_undo=False, then=found.extend)
    return lambda: queue(found, just_failed)


def _send_queue_query(
    *,
    user,
    profile: StudyProfile,
    topic_id: int,
    today: date,
    plan: StudyPlan | None = None,
    with_undo: bool,
    then: Callable[[list[dict]], None],
) -> Callable[[list[dict], bool], Queue]:
    """Run build_queue's query (its rows handed to `then`, scheduler.prepared.rows_when_run)
    and return what makes the queue of them (its one row)."""
    plan = plan or StudyPlan.of(profile, topic_id)
    new_limit = plan.new_cards_per_day
    limits = (new_limit, plan.reviews_per_day)
    misses = profile.missed_in_practice
    extra = ("undo_answer",) if with_undo else ()
    prepared.rows_when_run(
        ("next", limits, misses, with_undo),
        lambda v: _topic_with_next(v, limits, misses, with_undo).values(
            *COUNTED, "next_card", "next_redrill", "recent_answers", *extra
        ),
        prepared.Values(
            user.pk,
            today,
            [topic_id],
            moments=[earliest_answer_at(today)] if with_undo else (),
        ),
        then,
    )

    def queue_of(rows: list[dict], just_failed: bool) -> Queue:
        (row,) = rows
        counts = counts_of(row, plan, new_limit, user=user, today=today, due_within_limit=True)
        queue = _next_card(
            user, today, topic_id, row, counts, misses=misses, just_failed=just_failed
        )
        return replace(
            queue, undo_answer=row.get("undo_answer"), pace=Pace(pace_of(row["recent_answers"]))
        )

    return queue_of


def _next_card(
    user, today: date, topic_id: int, row: dict, counts: QueueCounts, *, misses, just_failed
) -> Queue:
    """The queue with the card that comes next, from build_queue's row."""
    next_due, next_new = _due_or_new(row["next_card"])
    # When the card just failed is the only re-drill, a new card comes in between rather than
    # the same card twice in a row.
    only_redrill_just_failed = just_failed and counts.redrills == 1
    if counts.reviews:
        return _queue_at(today, counts, _state(user, today, next_due))
    if counts.redrills and not (only_redrill_just_failed and counts.new):
        return _queue_at(today, counts, _state(user, today, row["next_redrill"]))
    if counts.new and next_new is None and next_due is not None:
        next_new = _next_new(user, today, topic_id, misses)
    if counts.new and next_new is not None:
        # A card whose only answer was undone is new again but keeps its state's version; a
        # new card may be marked or flagged already.
        card = prepared.instance(
            ("new card",),
            Card,
            lambda v: Card.objects.filter(pk=v.row_id).annotate(
                state_version=Coalesce(Subquery(_mine(v.user_id).values("version")[:1]), 0),
                state_marked=Coalesce(Subquery(_mine(v.user_id).values("marked")[:1]), False),
                state_flag=Coalesce(Subquery(_mine(v.user_id).values("flag")[:1]), 0),
            ),
            prepared.Values(user.pk, today, row_id=next_new),
            ("section", "domain"),
            extra=("state_version", "state_marked", "state_flag"),
        )
        marks = (bool(card.state_marked), card.state_flag)
        return Queue(today, counts, card, version=card.state_version, new_card_marks=marks)
    return Queue(today, counts, None)


def _mine(user) -> QuerySet:
    """The learner's state of the outer card, if they have one."""
    return ReviewState.objects.for_user(user).filter(card=OuterRef("pk"))


def _state(user, today: date, state_id: int) -> ReviewState | None:
    """A state of the learner's with its card, section and domain (compiled once)."""
    return prepared.instance(
        ("state",),
        ReviewState,
        lambda v: ReviewState.objects.for_user(v.user_id).filter(pk=v.row_id),
        prepared.Values(user.pk, today, row_id=state_id),
        ("card", "section", "domain"),
    )


def _queue_at(today: date, counts: QueueCounts, state: ReviewState | None) -> Queue:
    if state is None:
        return Queue(today, counts, None)
    return Queue(today, counts, state.card, state, state.version)
