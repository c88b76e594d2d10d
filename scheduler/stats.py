"""What the statistics page and the dashboard show: activity, forecast, grades, mastery, readiness.

Every figure is a SQL aggregate (grouped counts with filters) starting from the learner, so a
page costs the same fixed number of queries after ten answers or after twenty thousand; Python
only folds the few grouped rows (at most one per day or per domain and day) into figures.

What counts:
- the heatmap counts every answer that was not undone, re-drills included (it shows effort);
- grades and retention count scheduled answers only (the first answer of a card's study day,
  the one that moves SM-2), never undone ones and never re-drills;
- mastery, readiness and the forecast count active cards only: a retired or suspended card
  leaves them, though its answers stay in the heatmap and the grade figures.

Retention is the share of scheduled answers with quality >= 3. "Young" answers are those given
when the card's interval was under 21 days (new cards included), "mature" the others.
"""

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from django.db.models import Case, Count, DateField, F, Q, Value, When

from cards.models import Domain, Topic
from scheduler.models import ReviewLog, ReviewState, StudyProfile

HEATMAP_DAYS = 365
FORECAST_DAYS = 30
RETENTION_DAYS = 30
HISTORY_DAYS = 30
MATURE_INTERVAL = 21
LEARNED_REPETITIONS = 2
PASSING_QUALITY = 3
# Pacing aims to have every card seen this many days before the exam.
PACING_MARGIN_DAYS = 7
MAX_NEW_CARDS_PER_DAY = 1000

_SCHEDULED = Q(kind=ReviewLog.Kind.SCHEDULED)
_PASSED = _SCHEDULED & Q(quality__gte=PASSING_QUALITY)


def share(part: int, whole: int) -> Fraction | None:
    """part / whole, or None when there is nothing to divide (no answers, no cards)."""
    return Fraction(part, whole) if whole else None


def percent(value: Fraction | None) -> int | None:
    """A share as a whole percentage, rounded half up; None stays None."""
    return None if value is None else math.floor(value * 100 + Fraction(1, 2))


# --- Heatmap -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayCount:
    day: date
    count: int


@dataclass(frozen=True)
class Activity:
    """Counted answers per study day over the last HEATMAP_DAYS days, oldest first."""

    days: list[DayCount]
    # Consecutive study days with an answer, ending today (or yesterday, when today has none
    # yet). Counted inside the heatmap's year, so a longer streak shows as HEATMAP_DAYS.
    streak: int

    @property
    def total(self) -> int:
        return sum(day.count for day in self.days)

    @property
    def active_days(self) -> int:
        return sum(1 for day in self.days if day.count)


def activity(user, topic: Topic, today: date, days: int = HEATMAP_DAYS) -> Activity:
    """One query: counted answers (re-drills included, undone excluded) per study day."""
    first = today - timedelta(days=days - 1)
    rows = (
        ReviewLog.objects.for_user(user)
        .counted()
        .filter(topic=topic, study_day__gte=first, study_day__lte=today)
        .values("study_day")
        .annotate(answers=Count("pk"))
        .order_by()
    )
    by_day = {row["study_day"]: row["answers"] for row in rows}
    series = [
        DayCount(first + timedelta(days=n), by_day.get(first + timedelta(days=n), 0))
        for n in range(days)
    ]
    return Activity(series, streak(by_day, today))


def streak(answers_by_day: dict[date, int], today: date) -> int:
    day = today if answers_by_day.get(today) else today - timedelta(days=1)
    count = 0
    while answers_by_day.get(day):
        count += 1
        day -= timedelta(days=1)
    return count


# --- Forecast ------------------------------------------------------------------------------


def forecast(user, topic: Topic, today: date, days: int = FORECAST_DAYS) -> list[DayCount]:
    """Active cards falling due on each of the next `days` days; overdue ones count on today.

    One query: the due date is clamped to today in SQL, so overdue cards from any number of
    past days come back as one row.
    """
    last = today + timedelta(days=days - 1)
    rows = (
        ReviewState.objects.for_user(user)
        .introduced()
        .filter(topic=topic, card__is_active=True, due__lte=last)
        .annotate(
            day=Case(
                When(due__lt=today, then=Value(today)),
                default=F("due"),
                output_field=DateField(),
            )
        )
        .values("day")
        .annotate(cards=Count("pk"))
        .order_by()
    )
    by_day = {_as_date(row["day"]): row["cards"] for row in rows}
    return [
        DayCount(today + timedelta(days=n), by_day.get(today + timedelta(days=n), 0))
        for n in range(days)
    ]


def _as_date(value) -> date:
    # SQLite hands back a CASE of dates as text.
    return value if isinstance(value, date) else date.fromisoformat(str(value))


# --- Grades and retention -------------------------------------------------------------------


@dataclass(frozen=True)
class Grades:
    """Scheduled, not undone answers of the last RETENTION_DAYS study days."""

    by_quality: list[int]  # index = quality 0..5
    young_answered: int
    young_passed: int
    mature_answered: int
    mature_passed: int

    @property
    def answered(self) -> int:
        return self.young_answered + self.mature_answered

    @property
    def passed(self) -> int:
        return self.young_passed + self.mature_passed

    @property
    def retention(self) -> Fraction | None:
        return share(self.passed, self.answered)

    @property
    def young_retention(self) -> Fraction | None:
        return share(self.young_passed, self.young_answered)

    @property
    def mature_retention(self) -> Fraction | None:
        return share(self.mature_passed, self.mature_answered)

    @property
    def young_percent(self) -> int | None:
        return percent(self.young_retention)

    @property
    def mature_percent(self) -> int | None:
        return percent(self.mature_retention)


def grades(user, topic: Topic, today: date, days: int = RETENTION_DAYS) -> Grades:
    """One query: answers by grade and young/mature retention."""
    young = Q(interval_before__lt=MATURE_INTERVAL)
    mature = Q(interval_before__gte=MATURE_INTERVAL)
    figures = (
        ReviewLog.objects.for_user(user)
        .counted()
        .filter(
            _SCHEDULED,
            topic=topic,
            study_day__gt=today - timedelta(days=days),
            study_day__lte=today,
        )
        .aggregate(
            **{f"q{q}": Count("pk", filter=Q(quality=q)) for q in range(6)},
            young_answered=Count("pk", filter=young),
            young_passed=Count("pk", filter=young & _PASSED),
            mature_answered=Count("pk", filter=mature),
            mature_passed=Count("pk", filter=mature & _PASSED),
        )
    )
    return Grades(
        by_quality=[figures[f"q{q}"] for q in range(6)],
        young_answered=figures["young_answered"],
        young_passed=figures["young_passed"],
        mature_answered=figures["mature_answered"],
        mature_passed=figures["mature_passed"],
    )


# --- Mastery and readiness ------------------------------------------------------------------


@dataclass(frozen=True)
class DomainReadiness:
    """One exam domain for one learner: how much is learned and how well it is remembered.

    readiness = learned share × recent retention, where
    - learned share = active cards of the domain with repetitions >= 2 / active cards;
    - recent retention = scheduled, not undone answers to the domain's active cards in the
      last RETENTION_DAYS study days with quality >= 3 / all those answers.

    No answers yet: with no scheduled answer in the window, retention is unknown (None, shown
    as "not enough data") and readiness counts as 0 — nothing recent shows the cards are
    remembered. A domain without active cards has learned share 0 and readiness 0 as well:
    the exam still tests it and the deck cannot prepare for it.
    """

    domain_id: int
    number: int
    title: str
    weight: int
    active_cards: int
    seen: int = 0
    learned: int = 0
    mature: int = 0
    answered: int = 0
    passed: int = 0

    @property
    def learned_share(self) -> Fraction:
        return share(self.learned, self.active_cards) or Fraction(0)

    @property
    def retention(self) -> Fraction | None:
        return share(self.passed, self.answered)

    @property
    def retention_percent(self) -> int | None:
        return percent(self.retention)

    @property
    def has_data(self) -> bool:
        return self.answered > 0

    @property
    def readiness(self) -> Fraction:
        return self.learned_share * (self.retention or Fraction(0))

    @property
    def readiness_percent(self) -> int:
        return percent(self.readiness)


@dataclass(frozen=True)
class ReadinessPoint:
    day: date
    overall: Fraction

    @property
    def overall_percent(self) -> int:
        return percent(self.overall)


@dataclass(frozen=True)
class Readiness:
    """Exam readiness for one topic; `overall` is the exam-weighted mean of the domains.

    Weights are Domain.weight (the exam's % per domain). If a topic's domains carry no weight
    at all, they count equally.
    """

    topic_id: int
    domains: list[DomainReadiness]
    exam_date: date | None
    today: date
    # Oldest first, one point per study day; empty unless asked for.
    history: list[ReadinessPoint] = field(default_factory=list)

    @property
    def overall(self) -> Fraction:
        return weighted_mean((d.weight, d.readiness) for d in self.domains)

    @property
    def overall_percent(self) -> int:
        return percent(self.overall)

    @property
    def has_data(self) -> bool:
        return any(d.has_data for d in self.domains)

    @property
    def active_cards(self) -> int:
        return sum(d.active_cards for d in self.domains)

    @property
    def unseen(self) -> int:
        return sum(d.active_cards - d.seen for d in self.domains)

    @property
    def days_left(self) -> int | None:
        return None if self.exam_date is None else (self.exam_date - self.today).days

    @property
    def pace(self) -> int | None:
        """New cards per day needed to have seen every active card a week before the exam.

        unseen / (days left − 7), rounded up. Inside the last week the whole remainder is due
        now (divided by one day). None without an exam date or once the exam day has passed.
        """
        days_left = self.days_left
        if days_left is None or days_left < 0:
            return None
        if not self.unseen:
            return 0
        return min(
            MAX_NEW_CARDS_PER_DAY,
            math.ceil(self.unseen / max(1, days_left - PACING_MARGIN_DAYS)),
        )


def weighted_mean(pairs: Iterable[tuple[int, Fraction]]) -> Fraction:
    pairs = list(pairs)
    if not pairs:
        return Fraction(0)
    total_weight = sum(weight for weight, _ in pairs)
    if not total_weight:
        return sum((value for _, value in pairs), Fraction(0)) / len(pairs)
    return sum((weight * value for weight, value in pairs), Fraction(0)) / total_weight


def readiness_by_topic(
    user, topics: Iterable[Topic | int], today: date, *, history: bool = False
) -> dict[int, Readiness]:
    """Readiness (and mastery) per topic id, in three queries however many topics there are.

    With `history`, also the overall readiness at the end of each of the last HISTORY_DAYS
    study days, still in three queries (see `_history`).
    """
    topic_ids = [getattr(topic, "pk", topic) for topic in topics]
    if not topic_ids:
        return {}
    exam_date = StudyProfile.for_user(user).exam_date
    domains = (
        Domain.objects.filter(topic_id__in=topic_ids)
        .annotate(active_cards=Count("sections__cards", filter=Q(sections__cards__is_active=True)))
        .order_by("topic_id", "number")
    )
    states = {
        row["card__section__domain"]: row
        for row in ReviewState.objects.for_user(user)
        .introduced()
        .filter(topic_id__in=topic_ids, card__is_active=True)
        .values("card__section__domain")
        .annotate(
            seen=Count("pk"),
            learned=Count("pk", filter=Q(repetitions__gte=LEARNED_REPETITIONS)),
            mature=Count("pk", filter=Q(interval__gte=MATURE_INTERVAL)),
        )
        .order_by()
    }
    # Per domain and study day: scheduled answers, passes, and how many cards became learned
    # or stopped being learned that day. Without history only the retention window is needed.
    window = RETENTION_DAYS + (HISTORY_DAYS - 1 if history else 0)
    group = ("card__section__domain", "study_day") if history else ("card__section__domain",)
    log_rows = (
        ReviewLog.objects.for_user(user)
        .counted()
        .filter(
            topic_id__in=topic_ids,
            card__is_active=True,
            study_day__gt=today - timedelta(days=window),
            study_day__lte=today,
        )
        .values(*group)
        .annotate(
            answered=Count("pk", filter=_SCHEDULED),
            passed=Count("pk", filter=_PASSED),
            **(_LEARNED_CHANGES if history else {}),
        )
        .order_by()
    )
    logs_by_domain: dict[int, list[dict]] = defaultdict(list)
    for row in log_rows:
        logs_by_domain[row["card__section__domain"]].append(row)

    readiness: dict[int, Readiness] = {
        topic_id: Readiness(topic_id, [], exam_date, today) for topic_id in topic_ids
    }
    for domain in domains:
        state = states.get(domain.pk, {})
        recent = [
            row
            for row in logs_by_domain[domain.pk]
            if not history or row["study_day"] > today - timedelta(days=RETENTION_DAYS)
        ]
        readiness[domain.topic_id].domains.append(
            DomainReadiness(
                domain_id=domain.pk,
                number=domain.number,
                title=domain.title,
                weight=domain.weight,
                active_cards=domain.active_cards,
                seen=state.get("seen", 0),
                learned=state.get("learned", 0),
                mature=state.get("mature", 0),
                answered=sum(row["answered"] for row in recent),
                passed=sum(row["passed"] for row in recent),
            )
        )
    if history:
        for topic_readiness in readiness.values():
            topic_readiness.history.extend(_history(topic_readiness, logs_by_domain, today))
    return readiness


# A log moves its card into "learned" when repetitions go from below 2 to 2 or more, and out
# of it on a lapse. state_before/state_after hold the whole state, so SQL can tell.
_LEARNED_BEFORE = Q(state_before__repetitions__gte=LEARNED_REPETITIONS)
_LEARNED_AFTER = Q(state_after__repetitions__gte=LEARNED_REPETITIONS)
_LEARNED_CHANGES = {
    "became_learned": Count("pk", filter=_LEARNED_AFTER & ~_LEARNED_BEFORE),
    "stopped_learned": Count("pk", filter=~_LEARNED_AFTER & _LEARNED_BEFORE),
}


def _history(
    readiness: Readiness, logs_by_domain: dict[int, list[dict]], today: date
) -> list[ReadinessPoint]:
    """Overall readiness at the end of each of the last HISTORY_DAYS study days.

    Exact reconstruction from the log, without replaying it card by card: the counted logs of
    a card form a chain (each one's state_before is the previous one's state_after; undo
    restores state_before and marks the row undone), so a card's latest state_after up to day
    D is learned exactly when today's learned count, minus the cards that became learned after
    D, plus those that stopped being learned after D, says so. Learned counts on day D are
    therefore today's counts (from ReviewState) walked back through the per-day changes, and
    retention on day D is the RETENTION_DAYS window ending on D.

    One approximation: a card's active flag is taken as it is today for every past day (a
    card retired last week counts as if it had always been retired).
    """
    points = []
    for offset in range(HISTORY_DAYS - 1, -1, -1):
        day = today - timedelta(days=offset)
        window_start = day - timedelta(days=RETENTION_DAYS)
        values = []
        for domain in readiness.domains:
            rows = logs_by_domain[domain.domain_id]
            later = [row for row in rows if row["study_day"] > day]
            learned = (
                domain.learned
                - sum(row["became_learned"] for row in later)
                + sum(row["stopped_learned"] for row in later)
            )
            recent = [row for row in rows if window_start < row["study_day"] <= day]
            answered = sum(row["answered"] for row in recent)
            passed = sum(row["passed"] for row in recent)
            learned_share = share(learned, domain.active_cards) or Fraction(0)
            values.append((domain.weight, learned_share * (share(passed, answered) or 0)))
        points.append(ReadinessPoint(day, weighted_mean(values)))
    return points
