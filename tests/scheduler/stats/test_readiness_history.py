"""The history's one-pass sums equal its definition: for each day, every row counted again."""

import random
from datetime import date, timedelta

import pytest

from scheduler.stats.measures import HISTORY_DAYS, RETENTION_DAYS
from scheduler.stats.readiness_history import learned_by_day, window_sums

TODAY = date(2026, 11, 26)
DAYS = [TODAY - timedelta(days=offset) for offset in range(HISTORY_DAYS - 1, -1, -1)]


def day_rows(seed: int) -> list[dict]:
    """A domain's day rows over the history and the retention window before it, with gaps."""
    rng = random.Random(seed)
    first = TODAY - timedelta(days=HISTORY_DAYS + RETENTION_DAYS - 2)
    rows = []
    for offset in range((TODAY - first).days + 1):
        if rng.random() < 0.3:
            continue  # a day without answers has no row
        answered = rng.randint(1, 40)
        rows.append(
            {
                "day": first + timedelta(days=offset),
                "answered": answered,
                "passed": rng.randint(0, answered),
                "became_learned": rng.randint(0, 5),
                "stopped_learned": rng.randint(0, 2),
            }
        )
    rng.shuffle(rows)  # the query gives them in no order
    return rows


@pytest.mark.parametrize("seed", range(5))
def test_learned_on_each_day_is_today_minus_what_changed_after_it(seed):
    rows = day_rows(seed)

    by_day = learned_by_day(120, rows, DAYS)

    for day in DAYS:
        later = [row for row in rows if row["day"] > day]
        expected = (
            120
            - sum(row["became_learned"] for row in later)
            + sum(row["stopped_learned"] for row in later)
        )
        assert by_day[day] == expected


@pytest.mark.parametrize("seed", range(5))
def test_each_days_window_sums_the_retention_days_ending_on_it(seed):
    rows = day_rows(seed)

    sums = window_sums(rows, DAYS)

    for day in DAYS:
        start = day - timedelta(days=RETENTION_DAYS)
        recent = [row for row in rows if start < row["day"] <= day]
        expected = (sum(row["answered"] for row in recent), sum(row["passed"] for row in recent))
        assert sums[day] == expected


def test_a_domain_without_rows_has_nothing_in_any_window_and_keeps_todays_count():
    assert set(window_sums([], DAYS).values()) == {(0, 0)}
    assert set(learned_by_day(7, [], DAYS).values()) == {7}
