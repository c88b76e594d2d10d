"""The learner's study day: their time zone, rolled over at the hour their day starts.

Pure: no Django, no clock; `now` is passed in. Someone who studies past midnight and whose
day starts at 4:00 is still in yesterday's session at 1:30.
"""

from datetime import date, datetime, time, timedelta
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
