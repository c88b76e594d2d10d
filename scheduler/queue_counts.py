"""The header's counts of the daily queue (scheduler.queue): per topic, for a learner's day.

Counting is one grouped aggregate query whatever the deck size or the number of topics; the
review page's query (scheduler.queue.build_queue) adds the next card to the same counts.
"""

from collections.abc import Mapping
from datetime import date

from django.db.models import OuterRef, QuerySet, Value

from cards.models import Topic
from scheduler import prepared
from scheduler import queue_parts as parts
from scheduler.enrolment import StudyPlan
from scheduler.models import ReviewState, StudyProfile
from scheduler.queue_types import QueueCounts


def topics_counted(
    values: prepared.Values, new_limit: int, misses: bool, due_limit: int | None = None
) -> QuerySet:
    """The asked-for topics, each annotated with its counts for the learner's day (one query).

    With `misses` (the learner ever missed a practice question, StudyProfile), cards missed in
    practice since their last answer count as due; without, that part is left out of the SQL.
    With `due_limit`, due reviews are counted only up to it (what the day's review limit can
    show, as Anki counts), so a long backlog costs no more than a day's reviews, and on
    PostgreSQL only up to what is left of it today (parts.CountWithin); without, all of them
    (the dashboard says how many wait beyond the limit).
    """
    user, today = values.user_id, values.today
    states = ReviewState.objects.for_user(user).filter(topic_id=OuterRef("pk"))
    today_states = states.filter(last_answered_on=today)
    due_states = states.filter(parts.due_q(user, today))
    reviewed_today = parts.scalar_count(today_states.filter(introduced_on__lt=today))
    introduced_today = parts.scalar_count(today_states.filter(introduced_on=today))
    extra_new = parts.extra_new_today(user, today)
    topics = Topic.objects.order_by()
    if values.topic_ids is not None:
        topics = topics.filter(pk__in=values.topic_ids)
    return topics.annotate(
        # Due reviews, and cards missed in practice since their last answer, counted apart
        # so the first is one index range and the second starts from the few missed cards.
        due=(
            parts.scalar_count(due_states)
            if due_limit is None
            else parts.CountWithin(
                # In the (user, topic, due, id) index's order: unordered, a generic plan
                # could count a caught-up learner's due states through their (user) index,
                # filtering every state they have (30,000: 17 ms) in the hope of stopping
                # early, since nothing but the states' own columns is asked of each.
                due_states.order_by("due", "pk").values("pk")[:due_limit],
                room=Value(due_limit) - reviewed_today,
            )
        ),
        missed=(
            parts.scalar_count(states.filter(parts.missed_not_due_q(user, today)))
            if misses
            else Value(0)
        ),
        redrills=parts.scalar_count(today_states.filter(parts.redrill_q(today))),
        reviewed_today=reviewed_today,
        introduced_today=introduced_today,
        # Counted up to what the day can still show (counts_of).
        new_heads=parts.new_heads(
            user, today, new_limit, room=Value(new_limit) + extra_new - introduced_today
        ),
        extra_new=extra_new,
    )


COUNTED = (
    "pk",
    "due",
    "missed",
    "redrills",
    "reviewed_today",
    "introduced_today",
    "new_heads",
    "extra_new",
)


def count_queues(
    *,
    user,
    profile: StudyProfile,
    today: date,
    topic_ids: list[int] | None = None,
    plans: Mapping[int, StudyPlan] | None = None,
) -> dict[int, QueueCounts]:
    """Counts per topic id, in one query however many topics and cards there are.

    Each topic's limits are its plan's (the enrolment's own, scheduler.enrolment), the
    profile's for a topic without one in `plans`. Everything is counted from this learner's
    states through their indexes (due reviews, today's answers and re-drills), except new
    cards, counted only up to the new-card limit: so the cost follows the learner's due
    backlog and the day's limits, not the deck's size. The query is compiled once
    (scheduler.prepared): building it costs more than running it.
    """
    if topic_ids is not None and not topic_ids:
        return {}
    plans = plans or {}

    def plan(topic_id: int) -> StudyPlan:
        return plans.get(topic_id) or StudyPlan.of(profile, topic_id)

    # One LIMIT for every topic's new-card count: the highest of the counted topics' limits
    # (with every topic counted, those without a plan take the profile's). It is part of the
    # compiled query's shape, never a stand-in value.
    if topic_ids is None:
        new_limits = [p.new_cards_per_day for p in plans.values()] + [profile.new_cards_per_day]
    else:
        new_limits = [plan(pk).new_cards_per_day for pk in topic_ids]
    new_limit = max(new_limits)
    misses = profile.missed_in_practice
    found = prepared.rows(
        ("counts", new_limit, misses),
        lambda v: topics_counted(v, new_limit, misses).values(*COUNTED),
        prepared.Values(user.pk, today, topic_ids),
    )
    return {
        row["pk"]: counts_of(row, plan(row["pk"]), new_limit, user=user, today=today)
        for row in found
    }


def counts_of(
    row: dict,
    plan: StudyPlan,
    counted_to: int,
    *,
    user,
    today: date,
    due_within_limit: bool = False,
) -> QueueCounts:
    """A topic's counts from its row, within the plan's limits and today's extra new cards.
    `due_within_limit`: the row's due reviews were counted with the plan's review limit as
    `due_limit` (topics_counted)."""
    review_room = max(0, plan.reviews_per_day - row["reviewed_today"])
    # On PostgreSQL counted only to what is left of the limit today (parts.CountWithin); the
    # same on SQLite from here.
    due = min(row["due"], review_room) if due_within_limit else row["due"]
    due += row["missed"]
    new_limit = plan.new_cards_per_day + row["extra_new"]
    new_room = max(0, new_limit - row["introduced_today"])
    # The new cards were counted up to `counted_to` less those introduced today, plus today's
    # extra ones (on PostgreSQL in the query, parts.CountWithin; on SQLite here): what can
    # still be shown today, whatever the topic's own limit.
    counted_within = max(
        0, min(counted_to, counted_to + row["extra_new"] - row["introduced_today"])
    )
    new_heads = min(row["new_heads"], counted_within)
    if new_heads >= counted_within and new_room > new_heads:
        # Today's extra new cards go past where the count stopped: count on, on such days
        # only (one more query).
        new_heads = parts.count_new_heads(user, today, row["pk"], new_limit)
    return QueueCounts(
        reviews=min(due, review_room),
        redrills=row["redrills"],
        new=min(new_heads, new_room),
        due_waiting=due,
        new_waiting=new_heads,
        answered_today=row["reviewed_today"] + row["introduced_today"],
    )
