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

from scheduler.stats.activity import (
    Activity,
    DayCount,
    Grades,
    activity,
    forecast,
    grades,
    streak,
)
from scheduler.stats.measures import (
    FORECAST_DAYS,
    HEATMAP_DAYS,
    HISTORY_DAYS,
    LEARNED_REPETITIONS,
    MATURE_INTERVAL,
    MAX_NEW_CARDS_PER_DAY,
    PACING_MARGIN_DAYS,
    PASSING_QUALITY,
    RETENTION_DAYS,
    percent,
    share,
    weighted_mean,
)
from scheduler.stats.readiness import (
    DomainReadiness,
    Readiness,
    ReadinessPoint,
    readiness_by_topic,
)

__all__ = [
    "FORECAST_DAYS",
    "HEATMAP_DAYS",
    "HISTORY_DAYS",
    "LEARNED_REPETITIONS",
    "MATURE_INTERVAL",
    "MAX_NEW_CARDS_PER_DAY",
    "PACING_MARGIN_DAYS",
    "PASSING_QUALITY",
    "RETENTION_DAYS",
    "Activity",
    "DayCount",
    "DomainReadiness",
    "Grades",
    "Readiness",
    "ReadinessPoint",
    "activity",
    "forecast",
    "grades",
    "percent",
    "readiness_by_topic",
    "share",
    "streak",
    "weighted_mean",
]
