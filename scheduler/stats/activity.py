"""Effort and memory over time: the heatmap and streak, the due forecast, answers by grade."""

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from django.db.models import Case, Count, DateField, F, Sum, Value, When
from django.db.models.functions import Coalesce

from cards.models import Topic
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
    rows = (
        ReviewDay.objects.for_user(user)
        .filter(topic=topic, day__gte=first, day__lte=today, answers__gt=0)
        .values_list("day", "answers")
    )
    by_day = dict(rows)
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


def grades(user, topic: Topic, today: date, days: int = RETENTION_DAYS) -> Grades:
    """One query over the daily roll-up: answers by grade and young/mature retention, and the
    extra study (cram, reviewed ahead) counted apart."""
    counters = [f"grade_{q}" for q in range(6)] + [
        "young_answered",
        "young_passed",
        "mature_answered",
        "mature_passed",
        "cram",
        "ahead",
    ]
    figures = (
        ReviewDay.objects.for_user(user)
        .filter(topic=topic, day__gt=today - timedelta(days=days), day__lte=today)
        .aggregate(**{name: Coalesce(Sum(name), 0) for name in counters})
    )
    return Grades(
        by_quality=[figures[f"grade_{q}"] for q in range(6)],
        young_answered=figures["young_answered"],
        young_passed=figures["young_passed"],
        mature_answered=figures["mature_answered"],
        mature_passed=figures["mature_passed"],
        cram=figures["cram"],
        ahead=figures["ahead"],
    )
