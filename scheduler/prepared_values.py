"""The values a compiled query (scheduler.prepared) runs with, and the stand-ins it is
compiled with: each stand-in is a value no real row or day has, so the parameter slots it fills
can be told apart from the query's own constants, and filled with each call's values."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

# Values no real row or day has: each stand-in marks the parameter slots its value fills.
STAND_IN_USER = 2_000_000_011
STAND_IN_DAY = date(1901, 2, 3)
# Topic ids count down from here, one per topic asked for.
STAND_IN_TOPIC = -2_000_000_011
STAND_IN_ROW = -3_000_000_011
STAND_IN_SLUG = "stand-in slug \u2063"
# More days and numbers count on from these, one per value given.
STAND_IN_DAYS = date(1903, 4, 5)
STAND_IN_NUMBER = -4_000_000_011.5
STAND_IN_MOMENT = datetime(1904, 5, 6, 7, 8, 9, tzinfo=UTC)


@dataclass(frozen=True)
class Values:
    user_id: int | None = None
    today: date | None = None
    # None: every topic.
    topic_ids: Sequence[int] | None = None
    # A primary key to fetch (scheduler.prepared.instance).
    row_id: int | None = None
    slug: str | None = None
    # Other days (today − 30, an exam date) and numbers (a learner's desired retention) the
    # query filters or computes with in SQL: each its own stand-in, so never frozen.
    days: Sequence[date] = ()
    numbers: Sequence[float] = ()
    # Moments a datetime column is compared with (a fortnight ago).
    moments: Sequence[datetime] = ()


def stand_ins(
    n: int, topics: int | None, days: int = 0, numbers: int = 0, moments: int = 0
) -> Values:
    """The `n`th set of stand-ins (a second set tells a stand-in from a constant)."""
    return Values(
        STAND_IN_USER + n,
        STAND_IN_DAY + timedelta(days=n),
        None if topics is None else [STAND_IN_TOPIC - n * 1000 - k for k in range(topics)],
        STAND_IN_ROW - n,
        STAND_IN_SLUG + "\u2063" * n,
        [STAND_IN_DAYS + timedelta(days=n * 1000 + k) for k in range(days)],
        [STAND_IN_NUMBER - n * 1000 - k for k in range(numbers)],
        [STAND_IN_MOMENT + timedelta(days=n * 1000 + k) for k in range(moments)],
    )


def params_for(slots: tuple[tuple[str, Any], ...], values: Values, connection) -> list[Any]:
    """The query's parameters: each stand-in's value adapted once, however many slots it fills
    (the queue's query has some 170, most of them the learner and the day)."""
    filled = {}
    params = []
    for slot in slots:
        if slot[0] == "constant":
            params.append(slot[1])
            continue
        value = filled.get(slot, filled)
        if value is filled:
            value = filled[slot] = _fill(slot, values, connection)
        params.append(value)
    return params


def _fill(slot: tuple[str, Any], values: Values, connection) -> Any:
    kind, detail = slot
    if kind == "user":
        return values.user_id
    if kind == "day":
        if values.today is None:
            raise ValueError("this query needs a day: give Values a `today`")
        return connection.ops.adapt_datefield_value(values.today)
    if kind == "topic":
        return values.topic_ids[detail]
    if kind == "row":
        return values.row_id
    if kind == "slug":
        return values.slug
    if kind == "days":
        return connection.ops.adapt_datefield_value(values.days[detail])
    if kind == "number":
        return values.numbers[detail]
    if kind == "moment":
        return connection.ops.adapt_datetimefield_value(values.moments[detail])
    return detail
