"""Readiness history's day arithmetic (scheduler.stats.readiness): from a domain's day rows
(scheduler.domain_day, a dict per study day with answered, passed, became_learned and
stopped_learned), its learned count and retention window on each of the last days.

Each is one pass over the rows and the days. Scanning every row again for each day (as the
history once did) cost a heavy learner's statistics page more than its queries.
"""

from collections import defaultdict
from datetime import date, timedelta

from scheduler.stats.measures import RETENTION_DAYS


def learned_by_day(learned_today: int, rows: list[dict], days: list[date]) -> dict[date, int]:
    """A domain's learned count at the end of each of `days` (the last one today): today's
    count walked back through each later day's changes, in one pass from today back."""
    change = defaultdict(int)
    for row in rows:
        change[row["day"]] += row["became_learned"] - row["stopped_learned"]
    learned = learned_today - sum(n for day, n in change.items() if day > days[-1])
    by_day = {}
    for day in reversed(days):
        by_day[day] = learned
        learned -= change.get(day, 0)
    return by_day


def window_sums(rows: list[dict], days: list[date]) -> dict[date, tuple[int, int]]:
    """(answered, passed) over the RETENTION_DAYS ending on each of `days`: a sliding sum."""
    answered_on, passed_on = defaultdict(int), defaultdict(int)
    for row in rows:
        answered_on[row["day"]] += row["answered"]
        passed_on[row["day"]] += row["passed"]
    one_day, span = timedelta(days=1), timedelta(days=RETENTION_DAYS)
    day = days[0] - span + one_day
    answered = passed = 0
    while day <= days[0]:
        answered, passed = answered + answered_on[day], passed + passed_on[day]
        day += one_day
    sums = {days[0]: (answered, passed)}
    for day in days[1:]:
        leaving = day - span
        answered += answered_on[day] - answered_on[leaving]
        passed += passed_on[day] - passed_on[leaving]
        sums[day] = (answered, passed)
    return sums
