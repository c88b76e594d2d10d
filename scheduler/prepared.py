"""ORM queries compiled to SQL once per process, then run with each request's values.

The queue's counting query nests a dozen subqueries; building it through the ORM costs several
milliseconds of Python on every review page and answer, many times what the database takes
to run it. Its SQL depends only on the query's shape, never on whose queue it is: so it is
built once with stand-in values (a learner, a day, topic ids), and each call puts the real
values in the stand-ins' parameters. The queryset stays the one definition of the query.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connections
from django.db.models import QuerySet

# Values no real row or day has: each stand-in marks the parameter slots its value fills.
STAND_IN_USER = 2_000_000_011
STAND_IN_DAY = date(1901, 2, 3)
# Topic ids count down from here, one per topic asked for.
STAND_IN_TOPIC = -2_000_000_011


@dataclass(frozen=True)
class Values:
    user_id: int
    today: date
    # None: every topic.
    topic_ids: Sequence[int] | None = None


@dataclass(frozen=True)
class _Compiled:
    sql: str
    # Per parameter: a constant of the query, or which value fills it ("user", "day", topic n).
    slots: tuple[tuple[str, Any], ...]


_compiled: dict[tuple, _Compiled] = {}


def rows(
    shape: tuple,
    build: Callable[[Values], QuerySet],
    values: Values,
    *,
    using: str = "default",
) -> list[dict[str, Any]]:
    """The rows of `build(values)` as dicts, compiled once per database and `shape`.

    `shape` must name everything besides `values` that changes the SQL (a LIMIT, a choice of
    filters); `build` must use `values` only as filter values, never in Python arithmetic.
    """
    connection = connections[using]
    topics = None if values.topic_ids is None else len(values.topic_ids)
    key = (using, connection.vendor, topics, *shape)
    compiled = _compiled.get(key)
    if compiled is None:
        compiled = _compiled[key] = _compile(build, topics, connection)
    params = [_fill(slot, values, connection) for slot in compiled.slots]
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, params)
        columns = [column[0] for column in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _compile(build, topics: int | None, connection) -> _Compiled:
    stand_in_topics = None if topics is None else [STAND_IN_TOPIC - n for n in range(topics)]
    queryset = build(Values(STAND_IN_USER, STAND_IN_DAY, stand_in_topics))
    sql, params = queryset.query.get_compiler(connection=connection).as_sql()
    day = connection.ops.adapt_datefield_value(STAND_IN_DAY)
    slots = []
    for param in params:
        if type(param) is int and param == STAND_IN_USER:
            slots.append(("user", None))
        elif type(param) is int and stand_in_topics and param in stand_in_topics:
            slots.append(("topic", stand_in_topics.index(param)))
        elif type(param) is type(day) and param == day:
            slots.append(("day", None))
        else:
            slots.append(("constant", param))
    return _Compiled(sql, tuple(slots))


def _fill(slot: tuple[str, Any], values: Values, connection) -> Any:
    kind, detail = slot
    if kind == "user":
        return values.user_id
    if kind == "day":
        return connection.ops.adapt_datefield_value(values.today)
    if kind == "topic":
        return values.topic_ids[detail]
    return detail
