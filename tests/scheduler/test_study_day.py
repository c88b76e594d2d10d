from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from scheduler.study_day import (
    day_start,
    earliest_answer_at,
    keep_day,
    kept_study_day,
    study_day,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def test_the_study_day_turns_at_the_start_hour_not_at_midnight():
    before = datetime(2026, 3, 10, 3, 59, tzinfo=BERLIN)
    after = datetime(2026, 3, 10, 4, 0, tzinfo=BERLIN)

    assert study_day(before, BERLIN, 4) == date(2026, 3, 9)
    assert study_day(after, BERLIN, 4) == date(2026, 3, 10)


def test_midnight_is_still_yesterday_for_a_night_owl():
    assert study_day(datetime(2026, 3, 10, 0, 30, tzinfo=BERLIN), BERLIN, 4) == date(2026, 3, 9)


def test_a_start_hour_of_zero_makes_midnight_the_boundary():
    assert study_day(datetime(2026, 3, 10, 0, 0, tzinfo=BERLIN), BERLIN, 0) == date(2026, 3, 10)


def test_the_learners_time_zone_decides_the_day_not_utc():
    now = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)  # 01:00 in New York, 07:00 in Berlin

    assert study_day(now, NEW_YORK, 4) == date(2026, 3, 9)
    assert study_day(now, BERLIN, 4) == date(2026, 3, 10)


@pytest.mark.parametrize(
    ("utc_time", "expected"),
    [
        # 2026-03-08: New York springs forward at 02:00 → 03:00 local.
        (datetime(2026, 3, 8, 7, 30, tzinfo=UTC), date(2026, 3, 7)),  # 03:30 EDT, before 04:00
        (datetime(2026, 3, 8, 8, 0, tzinfo=UTC), date(2026, 3, 8)),  # 04:00 EDT
        # 2026-11-01: New York falls back at 02:00 → 01:00 local.
        (datetime(2026, 11, 1, 8, 30, tzinfo=UTC), date(2026, 10, 31)),  # 03:30 EST
        (datetime(2026, 11, 1, 9, 0, tzinfo=UTC), date(2026, 11, 1)),  # 04:00 EST
    ],
)
def test_the_day_turns_at_four_on_the_wall_clock_across_a_dst_change(utc_time, expected):
    assert study_day(utc_time, NEW_YORK, 4) == expected


def test_a_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="aware"):
        study_day(datetime(2026, 3, 10, 12, 0), BERLIN, 4)  # noqa: DTZ001


def test_day_start_is_the_start_hour_in_the_learners_zone():
    start = day_start(date(2026, 3, 8), NEW_YORK, 4)

    assert start.astimezone(UTC) == datetime(2026, 3, 8, 8, 0, tzinfo=UTC)
    assert study_day(start, NEW_YORK, 4) == date(2026, 3, 8)


AUCKLAND = ZoneInfo("Pacific/Auckland")


def test_flying_east_keeps_the_day_in_progress_until_the_new_zone_starts_the_next():
    # 22:00 UTC on the 26th is 11:00 on the 27th in Auckland: a new day there already.
    change = datetime(2026, 11, 26, 22, 0, tzinfo=UTC)
    kept = keep_day(change, date(2026, 11, 26), AUCKLAND, 4)

    assert kept == (date(2026, 11, 26), date(2026, 11, 27))
    assert kept_study_day(change, AUCKLAND, 4, *kept) == date(2026, 11, 26)
    # 03:59 on the 28th in Auckland: still the kept day; at 04:00 the 28th begins.
    assert kept_study_day(datetime(2026, 11, 28, 3, 59, tzinfo=AUCKLAND), AUCKLAND, 4, *kept) == (
        date(2026, 11, 26)
    )
    assert kept_study_day(datetime(2026, 11, 28, 4, 0, tzinfo=AUCKLAND), AUCKLAND, 4, *kept) == (
        date(2026, 11, 28)
    )


def test_flying_west_never_goes_back_to_yesterday():
    # 01:00 UTC on the 27th (day 27 from 04:00 in Auckland) is 15:00 on the 26th in Honolulu.
    honolulu = ZoneInfo("Pacific/Honolulu")
    change = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
    kept = keep_day(change, date(2026, 11, 27), honolulu, 4)

    assert kept == (date(2026, 11, 27), date(2026, 11, 27))
    assert kept_study_day(change, honolulu, 4, *kept) == date(2026, 11, 27)
    assert kept_study_day(datetime(2026, 11, 28, 4, 0, tzinfo=honolulu), honolulu, 4, *kept) == (
        date(2026, 11, 28)
    )


def test_a_change_that_agrees_on_the_day_keeps_nothing():
    noon = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    assert keep_day(noon, date(2026, 11, 26), BERLIN, 4) is None
    assert kept_study_day(datetime(2026, 11, 26, 12, tzinfo=UTC), BERLIN, 4, None, None) == (
        date(2026, 11, 26)
    )


def test_an_earlier_day_start_does_not_end_the_night_owls_session():
    # 02:00 with the day starting at 4 is still the 26th; starting at 0 it would be the 27th.
    night = datetime(2026, 11, 27, 2, 0, tzinfo=BERLIN)
    kept = keep_day(night, date(2026, 11, 26), BERLIN, 0)

    assert kept == (date(2026, 11, 26), date(2026, 11, 27))
    assert kept_study_day(night, BERLIN, 0, *kept) == date(2026, 11, 26)
    assert kept_study_day(datetime(2026, 11, 28, 0, 0, tzinfo=BERLIN), BERLIN, 0, *kept) == (
        date(2026, 11, 28)
    )


# The zones furthest ahead of and behind UTC.
KIRITIMATI = ZoneInfo("Pacific/Kiritimati")  # UTC+14
BAKER_ISLAND = ZoneInfo("Etc/GMT+12")  # UTC-12


@pytest.mark.parametrize("zone", [KIRITIMATI, BAKER_ISLAND, BERLIN, AUCKLAND, UTC])
@pytest.mark.parametrize("starts_at", [0, 4, 23])
def test_no_answer_of_a_study_day_comes_before_its_earliest_answer_at(zone, starts_at):
    day = date(2026, 11, 26)
    first_moment = day_start(day, zone, starts_at)

    assert study_day(first_moment, zone, starts_at) == day
    assert study_day(first_moment - timedelta(seconds=1), zone, starts_at) < day
    assert first_moment >= earliest_answer_at(day)


def test_a_day_kept_across_a_change_of_zone_runs_later_never_earlier_than_its_bound():
    # The day is held on while the new zone's clock has moved on: its answers come later.
    change = day_start(date(2026, 11, 26), KIRITIMATI, 0)
    kept = keep_day(change, date(2026, 11, 26), BAKER_ISLAND, 23)

    assert kept_study_day(change, BAKER_ISLAND, 23, *kept) == date(2026, 11, 26)
    assert change >= earliest_answer_at(date(2026, 11, 26))
