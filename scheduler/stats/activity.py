"""Effort and memory over time: the heatmap and streak, the due forecast, answers by grade.

Each query is compiled once per process (scheduler.prepared), its first or last day a
stand-in: the ORM took longer to build them than the database to run them.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from django.db.models import Count, F, Min, StringAgg, Sum, TextField, Value
from django.db.models.functions import Cast, Concat

from cards.models import Card, Topic
from scheduler import prepared
from scheduler.charts import short_day_label
from scheduler.models import ReviewDay, ReviewState
from scheduler.sql_numbers import EpochDay, day_counts, epoch_day
from scheduler.stats.measures import (
    FORECAST_DAYS,
    HEATMAP_DAYS,
    RETENTION_DAYS,
    percent,
    share,
)

# --- Heatmap -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayCount:
    day: date
    count: int

    @property
    def label(self) -> str:
        return short_day_label(self.day)


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
    """One query over the daily roll-up: counted answers (re-drills in, undone out) per day."""
    first = today - timedelta(days=days - 1)
    rows = prepared.rows(
        ("activity",), _answers_by_day, prepared.Values(user.pk, today, [topic.pk], days=[first])
    )
    by_day = day_counts(rows[0]["days"] if rows else None)
    start = epoch_day(first)
    counts = [by_day.get(start + n, 0) for n in range(days)]
    series = [DayCount(first + timedelta(days=n), count) for n, count in enumerate(counts)]
    return Activity(series, streak(counts))


def _answers_by_day(values: prepared.Values):
    """The learner's days with answers from `values.days[0]` to today, packed in one row as
    "day:answers,…" (scheduler.sql_numbers): a year of rows cost more to convert than to read.
    """
    pair = Concat(
        Cast(EpochDay("day"), TextField()),
        Value(":"),
        Cast("answers", TextField()),
        output_field=TextField(),
    )
    return (
        _day_rows(values, day__gte=values.days[0], answers__gt=0)
        .order_by()
        .values("user_id")
        .annotate(days=StringAgg(pair, Value(",")))
        .values("days")
    )


def _day_rows(values: prepared.Values, **since):
    """The learner's daily roll-up rows in the topics, up to today, filtered by `since`."""
    return ReviewDay.objects.filter(
        user_id=values.user_id, topic_id__in=values.topic_ids, day__lte=values.today, **since
    )


def streak(counts: Sequence[int]) -> int:
    """Consecutive days with answers ending on the last of `counts` (today), or on the day
    before it while today has none yet; `counts` is one number per day, oldest first."""
    end = len(counts) if counts and counts[-1] else len(counts) - 1
    days = 0
    while days < end and counts[end - 1 - days]:
        days += 1
    return days


# --- Forecast ------------------------------------------------------------------------------


def forecast(user, topic: Topic, today: date, days: int = FORECAST_DAYS) -> list[DayCount]:
    """Active cards falling due on each of the next `days` days; overdue ones count on today.

    One query of three parts: the overdue cards as one row, the next days' cards per day,
    and, subtracted, the states of the topic's retired or editor-suspended cards. The first
    two read only the (user, topic, due) index; checking each state's card instead took
    longer than the rest of the page's queries together for a learner with thousands of
    cards studied.
    """
    last = today + timedelta(days=days - 1)
    rows = prepared.rows(
        ("forecast",), _due_by_day, prepared.Values(user.pk, today, [topic.pk], days=[last])
    )
    by_day: dict[date, int] = {}
    for row in rows:
        day = max(_as_date(row["day"]), today)
        by_day[day] = by_day.get(day, 0) + row["cards"]
    return [
        DayCount(today + timedelta(days=n), by_day.get(today + timedelta(days=n), 0))
        for n in range(days)
    ]


def _due_by_day(values: prepared.Values):
    """(day, cards) rows for the learner's cards due by `values.days[0]` (a day before today
    stands for every overdue card), the inactive cards' with negative counts.

    A state has a due date only once introduced (the review_state_due_when_introduced
    constraint), so the due range alone says "introduced" without reading the row.
    """
    states = ReviewState.objects.filter(
        user_id=values.user_id, topic_id__in=values.topic_ids
    ).order_by()
    overdue = (
        states.filter(due__lt=values.today)
        .values("user_id")
        .annotate(day=Min("due"), cards=Count("*"))
        .values("day", "cards")
    )
    upcoming = (
        states.filter(due__gte=values.today, due__lte=values.days[0])
        .values("due")
        .annotate(cards=Count("*"))  # COUNT(*): nothing read past the index range
        .values("due", "cards")
    )
    # From the topic's inactive cards to the learner's state of each (a few index lookups);
    # filtering the states by card instead would read every state in the due range.
    inactive = (
        Card.objects.filter(
            topic_id__in=values.topic_ids,
            is_active=False,
            review_states__user_id=values.user_id,
            review_states__due__lte=values.days[0],
        )
        .order_by()
        .values(day=F("review_states__due"))
        .annotate(cards=Value(0) - Count("pk"))
        .values("day", "cards")
    )
    return overdue.union(upcoming, inactive, all=True)


def _as_date(value) -> date:
    # SQLite hands back the dates of a UNION (and a MIN of dates) as text.
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
    # Extra study apart: cram answers (not in any figure above) and scheduled answers given
    # ahead of their due date (counted above too, like any scheduled answer).
    cram: int = 0
    ahead: int = 0

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


_GRADE_COUNTERS = [f"grade_{q}" for q in range(6)] + [
    "young_answered",
    "young_passed",
    "mature_answered",
    "mature_passed",
    "cram",
    "ahead",
]


def _grade_sums(values: prepared.Values):
    """The learner's day rows after `values.days[0]` up to today, summed: grouped by the one
    learner, so one row (none without day rows)."""
    return (
        _day_rows(values, day__gt=values.days[0])
        .values("user_id")
        .annotate(**{name: Sum(name) for name in _GRADE_COUNTERS})
        .order_by()
    )


def grades(user, topic: Topic, today: date, days: int = RETENTION_DAYS) -> Grades:
    """One query over the daily roll-up: answers by grade and young/mature retention, and the
    extra study (cram, reviewed ahead) counted apart."""
    found = prepared.rows(
        ("grades",),
        _grade_sums,
        prepared.Values(user.pk, today, [topic.pk], days=[today - timedelta(days=days)]),
    )
    figures = found[0] if found else dict.fromkeys(_GRADE_COUNTERS, 0)
    return Grades(
        by_quality=[figures[f"grade_{q}"] for q in range(6)],
        young_answered=figures["young_answered"],
        young_passed=figures["young_passed"],
        mature_answered=figures["mature_answered"],
        mature_passed=figures["mature_passed"],
        cram=figures["cram"],
        ahead=figures["ahead"],
    )
