"""ORM queries compiled to SQL once per process, then run with each request's values.

The queue's counting query nests a dozen subqueries; building it through the ORM costs several
milliseconds of Python on every review page and answer, many times what the database takes
to run it. Its SQL depends only on the query's shape, never on whose queue it is: so it is
built once with stand-in values (a learner, a day, topic ids), and each call puts the real
values in the stand-ins' parameters. The queryset stays the one definition of the query.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connections
from django.db.models import Model, QuerySet

from scheduler.prepared_values import Values, params_for, stand_ins
from scheduler.write_batch import when_run

__all__ = ["Values", "instance", "rows", "rows_when_run"]


@dataclass(frozen=True)
class _Compiled:
    sql: str
    # Per parameter: a constant of the query, or which value fills it ("user", "day", topic n).
    slots: tuple[tuple[str, Any], ...]
    # Per column with database converters (dates on SQLite, JSON, decimals): what the ORM
    # would apply to it.
    converters: tuple[tuple[int, tuple, Any], ...]


_compiled: dict[tuple, _Compiled] = {}
# Each compiled query's column names, from its first run's cursor.description: psycopg builds
# that anew on every call, 0.15 ms for the fifty columns of a card with its state.
_columns: dict[tuple, list[str]] = {}


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
    key, compiled, cursor = _execute(shape, build, values, using)
    with cursor:
        return _read(key, compiled, cursor, using)


def rows_when_run(
    shape: tuple,
    build: Callable[[Values], QuerySet],
    values: Values,
    then: Callable[[list[dict[str, Any]]], None],
    *,
    using: str = "default",
) -> None:
    """rows(), handed to `then` when the write batch this runs in ends, or at once outside
    one (scheduler.write_batch.when_run). On PostgreSQL the query then waits for the
    database with the batch's statements, and, sent after them, sees their writes."""
    key, compiled, cursor = _execute(shape, build, values, using)
    when_run(cursor, lambda cursor: then(_read(key, compiled, cursor, using)))


def _execute(
    shape: tuple, build: Callable[[Values], QuerySet], values: Values, using: str
) -> tuple[tuple, _Compiled, Any]:
    """Compile `build` once per database and `shape`, and execute it with `values`."""
    connection = connections[using]
    topics = None if values.topic_ids is None else len(values.topic_ids)
    extra = (len(values.days), len(values.numbers), len(values.moments))
    key = (using, connection.vendor, topics, *extra, *shape)
    compiled = _compiled.get(key)
    if compiled is None:
        compiled = _compiled[key] = _compile(build, topics, connection, *extra)
    cursor = connection.cursor()
    try:
        cursor.execute(compiled.sql, params_for(compiled.slots, values, connection))
    except BaseException:
        cursor.close()
        raise
    return key, compiled, cursor


def _read(key: tuple, compiled: _Compiled, cursor, using: str) -> list[dict[str, Any]]:
    connection = connections[using]
    # Fetched first: in a batch on PostgreSQL, the description comes with the rows.
    found = cursor.fetchall()
    columns = _columns.get(key)
    if columns is None:
        columns = _columns[key] = [column[0] for column in cursor.description]
    result = []
    for row in found:
        row = list(row)
        for position, converters, expression in compiled.converters:
            for convert in converters:
                row[position] = convert(row[position], expression, connection)
        result.append(dict(zip(columns, row, strict=True)))
    return result


def instance(
    shape: tuple,
    model: type[Model],
    build: Callable[[Values], QuerySet],
    values: Values,
    *paths: Sequence[str],
    extra: Sequence[str] = (),
    joined: Mapping[str, type[Model]] | None = None,
    using: str = "default",
) -> Model | None:
    """The one `model` object `build(values)` finds, or None, compiled once per `shape`.

    Each of `paths`, a chain of foreign keys (e.g. ("section", "domain")), comes loaded as
    select_related would load it; `extra` names annotations of `build` to set on it. Each of
    `joined`, a FilteredRelation of `build` to at most one row of its model, comes loaded as
    an object of that model, or None where there is no such row.
    """
    joins = tuple((joined or {}).items())
    levels = _levels(model, tuple(tuple(path) for path in paths), joins)
    columns = [column for _, _, _, names, _ in levels for column in names] + list(extra)
    found = rows(("instance", *shape), lambda v: build(v).values(*columns), values, using=using)
    if not found:
        return None
    (row,) = found
    objects = []
    for parent, name, related, names, joined_key in levels:
        if joined_key is not None and row[joined_key] is None:
            setattr(objects[parent], name, None)
            objects.append(None)
            continue
        loaded = related.from_db(
            using,
            [field.attname for field in related._meta.concrete_fields],
            [row[column] for column in names],
        )
        if parent is not None:
            setattr(objects[parent], name, loaded)
        objects.append(loaded)
    for name in extra:
        setattr(objects[0], name, row[name])
    return objects[0]


@cache
def _levels(
    model: type[Model],
    paths: tuple[tuple[str, ...], ...],
    joins: tuple[tuple[str, type[Model]], ...] = (),
) -> list[tuple]:
    """(parent level, relation name, model, values() column names, and for a joined level its
    primary key's column, None where no row was joined) per model to load."""
    levels = [(None, None, model, [field.name for field in model._meta.concrete_fields], None)]
    for name, related in joins:
        names = [f"{name}__{field.name}" for field in related._meta.concrete_fields]
        levels.append((0, name, related, names, f"{name}__{related._meta.pk.name}"))
    where = {(): 0}
    for path in paths:
        for depth, name in enumerate(path, start=1):
            if path[:depth] in where:
                continue
            parent = where[path[: depth - 1]]
            related = levels[parent][2]._meta.get_field(name).related_model
            prefix = "__".join(path[:depth]) + "__"
            names = [f"{prefix}{field.name}" for field in related._meta.concrete_fields]
            where[path[:depth]] = len(levels)
            levels.append((parent, name, related, names, None))
    return levels


def _compile(
    build, topics: int | None, connection, days: int = 0, numbers: int = 0, moments: int = 0
) -> _Compiled:
    """Compile `build` with the stand-ins, and again with a second set: a parameter that
    differs between the two yet is no stand-in was computed from a value (a day plus one, a
    limit from the learner...) and would be frozen for everyone, so it is refused."""
    extra = (days, numbers, moments)
    first = _compile_with(build, topics, connection, stand_ins(0, topics, *extra))
    second = _compile_with(build, topics, connection, stand_ins(1, topics, *extra))
    used = {slot for slot in first.slots if slot[0] in ("days", "number", "moment")}
    if len(used) != days + numbers + moments:
        # A value converted on its way to SQL (a number compared with a decimal column) no
        # longer matches its stand-in and would be frozen as a constant.
        raise ValueError(
            "each of the days, numbers and moments given must be a parameter of the query"
        )
    if first.sql != second.sql or first.slots != second.slots:
        raise ValueError(
            "this query's SQL or constants depend on its values beyond the stand-ins (user, "
            "day, topic ids, row id, slug, days, numbers, moments): put what varies in the "
            "shape, or keep it unprepared"
        )
    return first


def _compile_with(build, topics: int | None, connection, stand_in: Values) -> _Compiled:
    queryset = build(stand_in)
    compiler = queryset.query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    converters = compiler.get_converters([column[0] for column in compiler.select])
    converters = tuple(
        (position, tuple(functions), expression)
        for position, (functions, expression) in converters.items()
    )
    day = connection.ops.adapt_datefield_value(stand_in.today)
    stand_in_topics = list(stand_in.topic_ids or [])
    stand_in_days = [connection.ops.adapt_datefield_value(day) for day in stand_in.days]
    stand_in_moments = [connection.ops.adapt_datetimefield_value(m) for m in stand_in.moments]
    slots = []
    for param in params:
        if type(param) is int and param == stand_in.user_id:
            slots.append(("user", None))
        elif type(param) is int and param in stand_in_topics:
            slots.append(("topic", stand_in_topics.index(param)))
        elif type(param) is int and param == stand_in.row_id:
            slots.append(("row", None))
        elif type(param) is str and param == stand_in.slug:
            slots.append(("slug", None))
        elif type(param) is type(day) and param == day:
            slots.append(("day", None))
        elif type(param) is type(day) and param in stand_in_days:
            slots.append(("days", stand_in_days.index(param)))
        elif stand_in_moments and param in stand_in_moments:
            slots.append(("moment", stand_in_moments.index(param)))
        elif type(param) is float and param in stand_in.numbers:
            slots.append(("number", list(stand_in.numbers).index(param)))
        else:
            slots.append(("constant", param))
    return _Compiled(sql, tuple(slots), converters)
