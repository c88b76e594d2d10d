"""Django's PostgreSQL backend, converting each distinct query's placeholders once.

psycopg rewrites the %s placeholders Django writes into PostgreSQL's $1, $2… on every execute,
and remembers the rewrite only for queries under 4 kB with at most 50 parameters, so that a
stream of bulk inserts of varying sizes cannot fill memory (psycopg/_queries.py,
MAX_CACHED_STATEMENT_LENGTH). The queue's query (6 kB, 69 parameters) and the answered card's
(4.7 kB), compiled once by scheduler.prepared, run on every review page and answer and were
rewritten each time: half a millisecond of each answer, a quarter of what PostgreSQL took to
run the queue's query. The rewrite depends on the query's text alone, so it is kept for the
queries seen last, up to a size that leaves bulk inserts out.
"""

import re
from collections.abc import Mapping
from functools import lru_cache

import psycopg
from django.db.backends.postgresql import base

# Distinct query texts remembered: every page's few, with room for the admin's and imports'.
CONVERTED_QUERIES = 512
# Longer queries (a bulk insert's thousands of rows) are rewritten each time, as psycopg does.
LONGEST_REMEMBERED = 32 * 1024

# psycopg's placeholder syntax: %% is a percent sign, %s a parameter, %(name)s a named one.
_PLACEHOLDER = re.compile(r"%(?:\(([^)]+)\))?(.)", re.DOTALL)


def numbered(query: str) -> tuple[str, tuple[str, ...] | None, int]:
    """`query` with PostgreSQL's placeholders; the parameters' names in $-number order (None
    for positional %s ones); how many placeholders it has."""
    if len(query) > LONGEST_REMEMBERED:
        return _numbered(query)
    return _remembered(query)


def _numbered(query: str) -> tuple[str, tuple[str, ...] | None, int]:
    names: dict[str, int] = {}
    positional = 0

    def replace(match: re.Match) -> str:
        nonlocal positional
        name, kind = match.groups()
        if name is None and kind == "%":
            return "%"
        if kind != "s":
            raise psycopg.ProgrammingError(
                f"only '%s' and '%(name)s' placeholders are allowed, not {match[0]!r}"
            )
        if name is None:
            positional += 1
            return f"${positional}"
        number = names.setdefault(name, len(names) + 1)
        return f"${number}"

    converted = _PLACEHOLDER.sub(replace, query)
    if positional and names:
        raise psycopg.ProgrammingError("positional and named placeholders cannot be mixed")
    if names:
        return converted, tuple(names), len(names)
    return converted, None, positional


_remembered = lru_cache(maxsize=CONVERTED_QUERIES)(_numbered)


def as_raw(query, params, cursor) -> tuple[str, list | None]:
    """The query and parameters as psycopg's RawCursor takes them."""
    if params is None:
        return query, None  # sent as written, "%%" and all, as psycopg sends it
    if isinstance(query, bytes):
        query = query.decode()
    elif not isinstance(query, str):
        query = query.as_string(cursor)  # psycopg.sql, as Django's callproc writes
    converted, names, count = numbered(query)
    if names is not None:
        if not isinstance(params, Mapping):
            raise TypeError("a query with named placeholders needs a mapping of parameters")
        return converted, [params[name] for name in names]
    if isinstance(params, Mapping):
        if count:
            raise TypeError("a query with %s placeholders needs a sequence of parameters")
        return converted, []
    if len(params) != count:
        raise psycopg.ProgrammingError(
            f"the query has {count} placeholders but {len(params)} parameters were passed"
        )
    return converted, params


class ServerBindingCursor(base.CursorMixin, psycopg.RawCursor):
    """Django's server-binding cursor, its placeholders rewritten once per distinct query."""

    def execute(self, query, params=None, **options):
        query, params = as_raw(query, params, self)
        return super().execute(query, params, **options)

    def executemany(self, query, params_seq, **options):
        params_seq = list(params_seq)
        if not params_seq:
            return super().executemany(query, params_seq, **options)
        converted, _ = as_raw(query, params_seq[0], self)
        rows = [as_raw(query, params, self)[1] for params in params_seq]
        return super().executemany(converted, rows, **options)


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        # Only in place of Django's own server-binding cursor: with client-side binding
        # (POSTGRES_PREPARED_STATEMENTS=false) psycopg merges the values into the text.
        if params.get("cursor_factory") is base.ServerBindingCursor:
            params["cursor_factory"] = ServerBindingCursor
        return params
