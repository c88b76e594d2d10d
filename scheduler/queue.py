"""The daily queue: what comes next for (user, topic, study day), and the header's counts.

Order: due reviews (most overdue first) up to the review limit, then cards waiting for a
same-day re-drill, then new cards in document order up to the new-card limit (plus today's extra new
cards in the topic, scheduler.extra_study). Retired and suspended cards never appear, nor cards
the learner suspended or buried today; a card answered today keeps its siblings (the other
cells of its table row) out of today's queue. A card missed in a practice exam since its last
answer counts as due (its SM-2 state untouched), and a new one missed there is introduced
first.

Counting is one grouped aggregate query whatever the deck size or the number of topics, and
picking the next card is one more.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, Func, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from cards.models import Card, Topic
from scheduler.enrolment import StudyPlan
from scheduler.models import ExtraNewCards, ReviewLog, ReviewState, StudyProfile


@dataclass(frozen=True)
class QueueCounts:
    reviews: int = 0
    redrills: int = 0
    new: int = 0
    # Due reviews beyond the review limit count too (the dashboard says how many wait); new
    # cards are counted only up to the new-card limit, so new_waiting is "at least".
    due_waiting: int = 0
    new_waiting: int = 0
    # Cards answered today (each once, however often re-drilled), for the session's progress.
    answered_today: int = 0

    @property
    def total(self) -> int:
        return self.reviews + self.redrills + self.new


@dataclass(frozen=True)
class Queue:
    today: date
    counts: QueueCounts
    card: Card | None
    # None while the card is new to this learner.
    state: ReviewState | None = None
    # The version a form for `card` must send back to answer it.
    version: int = 0
    # A new card's mark and flag when `state` is None (the learner marked it before answering).
    new_card_marks: tuple[bool, int] = (False, 0)

    @property
    def marked(self) -> bool:
        return self.state.marked if self.state else self.new_card_marks[0]

    @property
    def flag(self) -> int:
        return self.state.flag if self.state else self.new_card_marks[1]

    @property
    def is_empty(self) -> bool:
        return self.card is None


def _siblings_answered(user, today: date) -> QuerySet:
    return (
        ReviewState.objects.for_user(user)
        .filter(last_answered_on=today)
        .exclude(card__sibling="")
        .values("card__sibling")
    )


def _missed_in_practice(user, card: str, last_answered_at: str) -> Exists:
    """A practice question on the card was missed after the card's last answer in review."""
    return Exists(
        ReviewLog.objects.for_user(user)
        .practice_misses()
        .filter(card=OuterRef(card), answered_at__gt=OuterRef(last_answered_at))
    )


def _set_aside_q(today: date, prefix: str = "") -> Q:
    """The learner's own state takes the card out: suspended by them, or buried today.

    Negated, it keeps cards without a state (NULL through a join) in.
    """
    return Q(**{f"{prefix}suspended": True}) | Q(**{f"{prefix}buried_on": today})


def _due_q(user, today: date) -> Q:
    missed = _missed_in_practice(user, "card", "last_answered_at")
    return (
        Q(introduced_on__isnull=False, card__is_active=True)
        & (Q(due__lte=today) | missed)
        & ~_set_aside_q(today)
        & (Q(last_answered_on__isnull=True) | Q(last_answered_on__lt=today))
        & ~Q(card__sibling__in=_siblings_answered(user, today))
    )


def _redrill_q(today: date) -> Q:
    return Q(redrill=True, last_answered_on=today, card__is_active=True) & ~_set_aside_q(today)


def _new_cards(user, today: date) -> QuerySet:
    introduced_or_set_aside = ReviewState.objects.for_user(user).filter(
        Q(introduced_on__isnull=False) | _set_aside_q(today), card=OuterRef("pk")
    )
    return (
        Card.objects.active()
        .exclude(Exists(introduced_or_set_aside))
        .exclude(sibling__in=_siblings_answered(user, today))
    )


def _scalar_count(queryset: QuerySet) -> Subquery:
    """A correlated COUNT(*) of `queryset`, as one column of the outer query."""
    return Coalesce(
        Subquery(queryset.order_by().values("user").annotate(n=Count("pk")).values("n")), 0
    )


def _new_heads(user, today: date, at_most: int) -> Subquery:
    """A correlated count of at most `at_most` new cards of the outer topic, a table row as one.

    Counting stops at what can be shown today (as Anki does), so the cost does not grow with
    the deck: no ORDER BY, so the scan ends at the `at_most`-th card it finds. A card heads
    its row when no new sibling comes before it.
    """
    earlier_new_sibling = _new_cards(user, today).filter(
        topic_id=OuterRef("topic_id"),
        sibling=OuterRef("sibling"),
        position__lt=OuterRef("position"),
    )
    heads = (
        _new_cards(user, today)
        .filter(topic_id=OuterRef(OuterRef("pk")))
        .exclude(~Q(sibling="") & Exists(earlier_new_sibling))
        .order_by()
        .values("pk")[:at_most]
    )
    return Coalesce(
        Subquery(
            Card.objects.filter(pk__in=heads)
            .order_by()
            .annotate(n=Func(Value(1), function="COUNT"))
            .values("n")[:1]
        ),
        0,
    )


def _extra_new_today(user, today: date) -> Coalesce:
    """The new cards the learner added to the outer topic's limit for today (extra study)."""
    extra = ExtraNewCards.objects.for_user(user).filter(topic_id=OuterRef("pk"), day=today)
    return Coalesce(Subquery(extra.values("extra")[:1]), 0)


def _count_new_heads(user, today: date, topic_id: int, at_most: int) -> int:
    return (
        Topic.objects.filter(pk=topic_id)
        .annotate(n=_new_heads(user, today, at_most))
        .values_list("n", flat=True)
        .get()
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
    backlog and the day's limits, not the deck's size.
    """
    states = ReviewState.objects.for_user(user).filter(topic_id=OuterRef("pk"))
    today_states = states.filter(last_answered_on=today)
    # Due reviews, and cards missed in practice since their last answer (scheduler.practice).
    due = states.filter(_due_q(user, today))
    topics = Topic.objects.order_by()
    if topic_ids is not None:
        topics = topics.filter(pk__in=topic_ids)
    plans = plans or {}

    def plan(topic_id: int) -> StudyPlan:
        return plans.get(topic_id) or StudyPlan.of(profile, topic_id)

    # One LIMIT for every topic's new-card count: the highest of the counted topics' limits
    # (with every topic counted, those without a plan take the profile's).
    if topic_ids is None:
        new_limits = [p.new_cards_per_day for p in plans.values()] + [profile.new_cards_per_day]
    else:
        new_limits = [plan(pk).new_cards_per_day for pk in topic_ids] or [0]
    rows = topics.annotate(
        due=_scalar_count(due),
        redrills=_scalar_count(
            today_states.filter(redrill=True, card__is_active=True).exclude(_set_aside_q(today))
        ),
        reviewed_today=_scalar_count(today_states.filter(introduced_on__lt=today)),
        introduced_today=_scalar_count(today_states.filter(introduced_on=today)),
        new_heads=_new_heads(user, today, max(new_limits)),
        extra_new=_extra_new_today(user, today),
    ).values(
        "pk", "due", "redrills", "reviewed_today", "introduced_today", "new_heads", "extra_new"
    )

    counts = {}
    for row in rows:
        limits = plan(row["pk"])
        review_room = max(0, limits.reviews_per_day - row["reviewed_today"])
        new_limit = limits.new_cards_per_day + row["extra_new"]
        new_room = max(0, new_limit - row["introduced_today"])
        new_heads = row["new_heads"]
        if row["extra_new"] and new_heads >= max(new_limits):
            # Today's extra new cards go past the limit the count stopped at: count on, on
            # such days only (one more query).
            new_heads = _count_new_heads(user, today, row["pk"], new_limit)
        counts[row["pk"]] = QueueCounts(
            reviews=min(row["due"], review_room),
            redrills=row["redrills"],
            new=min(new_heads, new_room),
            due_waiting=row["due"],
            new_waiting=new_heads,
            answered_today=row["reviewed_today"] + row["introduced_today"],
        )
    return counts


def build_queue(
    *,
    user,
    profile: StudyProfile,
    topic_id: int,
    today: date,
    just_failed: bool = False,
    plan: StudyPlan | None = None,
) -> Queue:
    """The next card of the topic, within `plan`'s limits (the profile's without one)."""
    plans = {topic_id: plan} if plan else None
    counts = count_queues(
        user=user, profile=profile, today=today, topic_ids=[topic_id], plans=plans
    )[topic_id]
    # When the card just failed is the only re-drill, a new card comes in between rather than
    # the same card twice in a row.
    only_redrill_just_failed = just_failed and counts.redrills == 1
    states = ReviewState.objects.for_user(user).filter(topic_id=topic_id)
    with_place = ("card__section__domain",)
    if counts.reviews:
        state = (
            states.filter(_due_q(user, today))
            .select_related(*with_place)
            .order_by("due", "card__position")
            .first()
        )
        return _queue_at(today, counts, state)
    if counts.redrills and not (only_redrill_just_failed and counts.new):
        # The card answered longest ago first, so a failed card is not shown twice in a row
        # while another one waits.
        state = (
            states.filter(_redrill_q(today))
            .select_related(*with_place)
            .order_by("last_answered_at", "card__position")
            .first()
        )
        return _queue_at(today, counts, state)
    if counts.new:
        # A card whose only answer was undone is new again but keeps its state's version.
        mine = states.filter(card=OuterRef("pk"))
        card = (
            _new_cards(user, today)
            .filter(topic_id=topic_id)
            .select_related("section__domain")
            .annotate(
                state_version=Coalesce(Subquery(mine.values("version")[:1]), 0),
                state_marked=Coalesce(Subquery(mine.values("marked")[:1]), False),
                state_flag=Coalesce(Subquery(mine.values("flag")[:1]), 0),
            )
            # Cards missed in a practice exam are introduced first.
            .order_by(
                Exists(
                    ReviewLog.objects.for_user(user).practice_misses().filter(card=OuterRef("pk"))
                ).desc(),
                "position",
            )
            .first()
        )
        if card is not None:
            marks = (card.state_marked, card.state_flag)
            return Queue(today, counts, card, version=card.state_version, new_card_marks=marks)
    return Queue(today, counts, None)


def _queue_at(today: date, counts: QueueCounts, state: ReviewState | None) -> Queue:
    if state is None:
        return Queue(today, counts, None)
    return Queue(today, counts, state.card, state, state.version)
