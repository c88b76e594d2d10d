"""The daily queue: what comes next for (user, topic, study day), and the header's counts.

Order: due reviews (most overdue first) up to the review limit, then cards waiting for a
same-day re-drill, then new cards in document order up to the new-card limit. Retired and
suspended cards never appear, nor cards the learner suspended or buried today; a card
answered today keeps its siblings (the other cells of its table row) out of today's queue.

Counting is one grouped aggregate query whatever the deck size or the number of topics, and
picking the next card is one more.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from cards.models import Card
from scheduler.models import ReviewState, StudyProfile


@dataclass(frozen=True)
class QueueCounts:
    reviews: int = 0
    redrills: int = 0
    new: int = 0
    # Beyond the limits, for the dashboard: how much is waiting and how far the learner got.
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


def _set_aside_q(today: date, prefix: str = "") -> Q:
    """The learner's own state takes the card out: suspended by them, or buried today.

    Negated, it keeps cards without a state (NULL through a join) in.
    """
    return Q(**{f"{prefix}suspended": True}) | Q(**{f"{prefix}buried_on": today})


def _due_q(user, today: date) -> Q:
    return (
        Q(introduced_on__isnull=False, due__lte=today, card__is_active=True)
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


def count_queues(
    *, user, profile: StudyProfile, today: date, topic_ids: list[int] | None = None
) -> dict[int, QueueCounts]:
    """Counts per topic id, in one grouped query however many topics and cards there are.

    Every card of the topics is joined with this learner's state for it (at most one row), so
    reviews, re-drills, today's progress and the new cards are counted in one pass.
    """
    cards = Card.objects.annotate(
        mine=FilteredRelation("review_states", condition=Q(review_states__user=user))
    )
    if topic_ids is not None:
        cards = cards.filter(topic_id__in=topic_ids)
    blocked = Q(sibling__in=_siblings_answered(user, today)) | _set_aside_q(today, "mine__")
    due = (
        Q(is_active=True, mine__introduced_on__isnull=False, mine__due__lte=today)
        & (Q(mine__last_answered_on__isnull=True) | Q(mine__last_answered_on__lt=today))
        & ~blocked
    )
    new = Q(is_active=True, mine__introduced_on__isnull=True) & ~blocked
    rows = cards.values("topic_id").annotate(
        due=Count("pk", filter=due),
        redrills=Count(
            "pk",
            filter=Q(is_active=True, mine__redrill=True, mine__last_answered_on=today)
            & ~_set_aside_q(today, "mine__"),
        ),
        reviewed_today=Count(
            "pk", filter=Q(mine__last_answered_on=today, mine__introduced_on__lt=today)
        ),
        introduced_today=Count("pk", filter=Q(mine__introduced_on=today)),
        # Siblings are never introduced on the same day, so a table row counts as one.
        new_single=Count("pk", filter=new & Q(sibling="")),
        new_rows=Count("sibling", filter=new & ~Q(sibling=""), distinct=True),
    )
    by_topic = {row["topic_id"]: row for row in rows.order_by()}

    counts = {}
    for topic_id in set(by_topic) | set(topic_ids or ()):
        row = by_topic.get(topic_id, {})
        due_waiting = row.get("due", 0)
        new_waiting = row.get("new_single", 0) + row.get("new_rows", 0)
        review_room = max(0, profile.reviews_per_day - row.get("reviewed_today", 0))
        new_room = max(0, profile.new_cards_per_day - row.get("introduced_today", 0))
        counts[topic_id] = QueueCounts(
            reviews=min(due_waiting, review_room),
            redrills=row.get("redrills", 0),
            new=min(new_waiting, new_room),
            due_waiting=due_waiting,
            new_waiting=new_waiting,
            answered_today=row.get("reviewed_today", 0) + row.get("introduced_today", 0),
        )
    return counts


def build_queue(
    *,
    user,
    profile: StudyProfile,
    topic_id: int,
    today: date,
    just_failed: bool = False,
) -> Queue:
    counts = count_queues(user=user, profile=profile, today=today, topic_ids=[topic_id])[topic_id]
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
            .order_by("position")
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
