"""Effort and memory over time: the heatmap and streak, the due forecast, answers by grade.

Each query is compiled once per process (scheduler.prepared), its first or last day a
stand-in: the ORM took longer to build them than the database to run them.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from django.db.models import Case, Count, DateField, F, Sum, Value, When

from cards.models import Topic
from scheduler import prepared
from scheduler.charts import short_day_label
from scheduler.models import ReviewDay, ReviewState
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
    by_day = {row["day"]: row["answers"] for row in rows}
    one_day = timedelta(days=1)
    series = []
    day = first
    for _ in range(days):
        series.append(DayCount(day, by_day.get(day, 0)))
        day += one_day
    return Activity(series, streak(by_day, today))


def _answers_by_day(values: prepared.Values):
    """The learner's day rows with answers from `values.days[0]` to today."""
    return ReviewDay.objects.filter(
        user_id=values.user_id,
        topic_id__in=values.topic_ids,
        day__gte=values.days[0],
        day__lte=values.today,
        answers__gt=0,
    ).values("day", "answers")


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
    rows = prepared.rows(
        ("forecast",), _due_by_day, prepared.Values(user.pk, today, [topic.pk], days=[last])
    )
    by_day = {_as_date(row["day"]): row["cards"] for row in rows}
    return [
        DayCount(today + timedelta(days=n), by_day.get(today + timedelta(days=n), 0))
        for n in range(days)
    ]


def _due_by_day(values: prepared.Values):
    """The learner's active cards due by `values.days[0]`, per due day (overdue on today)."""
    today = values.today
    return (
        ReviewState.objects.filter(user_id=values.user_id)
        .introduced()
        .filter(topic_id__in=values.topic_ids, card__is_active=True, due__lte=values.days[0])
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
        ReviewDay.objects.filter(
            user_id=values.user_id,
            topic_id__in=values.topic_ids,
            day__gt=values.days[0],
            day__lte=values.today,
        )
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
