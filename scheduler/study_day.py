"""The learner's study day: their time zone, rolled over at the hour their day starts.

Pure: no Django, no clock; `now` is passed in. Someone who studies past midnight and whose
day starts at 4:00 is still in yesterday's session at 1:30.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def study_day(now: datetime, zone: ZoneInfo, day_starts_at: int) -> date:
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    local = now.astimezone(zone)
    # Wall-clock arithmetic on purpose: the day turns at the start hour on the clock, even on
    # the night the clocks change.
    return (local.replace(tzinfo=None) - timedelta(hours=day_starts_at)).date()


def day_start(day: date, zone: ZoneInfo, day_starts_at: int) -> datetime:
    """The moment `day` begins as a study day (an aware datetime in `zone`)."""
    return datetime.combine(day, time(hour=day_starts_at), tzinfo=zone)


def kept_study_day(
    now: datetime,
    zone: ZoneInfo,
    day_starts_at: int,
    kept_day: date | None,
    kept_through: date | None,
) -> date:
    """The study day, held at `kept_day` while the clock's own day is `kept_through` or earlier.

    A change of time zone or day start must not move the learner into another study day
    there and then: flying east would make the cards answered an hour ago due again and reset
    today's new-card allowance; flying west would take the learner back to yesterday. So the
    day in progress is kept until the new settings start a day after both (see keep_day).
    """
    day = study_day(now, zone, day_starts_at)
    if kept_day is not None and kept_through is not None and day <= kept_through:
        return kept_day
    return day


def keep_day(
    now: datetime, day_before: date, zone: ZoneInfo, day_starts_at: int
) -> tuple[date, date] | None:
    """What to keep when, at `now`, the study day was `day_before` and the settings change.

    None when the new settings agree on the day; otherwise (kept day, kept through): the day
    in progress goes on until the new settings begin a later day than both.
    """
    day_after = study_day(now, zone, day_starts_at)
    if day_after == day_before:
        return None
    return day_before, max(day_before, day_after)


def earliest_answer_at(day: date) -> datetime:
    """No answer counted for study `day` was given before this moment, in any time zone.

    A study day starts at or after its local midnight, no zone is more than 14 hours ahead of
    UTC, and a day kept across a change of settings (kept_study_day) only runs later. A query
    for one day's answers adds it so the (user, answered_at) index reads that day, not the
    learner's whole history.
    """
    return datetime.combine(day - timedelta(days=1), time(), tzinfo=UTC)
