"""A batch of writes whose results are read once all of them are sent: on PostgreSQL, one wait.

An answer writes six rows or so (its state, its log, two day rows, its domain's standing, the
new-card cursor), one statement each. Sent one at a time, each waits for the database, and on
PostgreSQL a wait is a round trip to another process: 0.4-0.6 ms in a request on this kind of
machine, more than the statement takes to run. Inside `write_batch()` on PostgreSQL, statements
go through psycopg's pipeline mode: each is sent without waiting, the server runs them in
order, and their results come back together when the batch ends. SQLite runs in the process;
there the batch changes nothing.

So a write that needs its statement's result (a key from RETURNING, a row count) reads it
through `when_run`: at once outside a batch, when the batch ends inside one. A database error in
any statement (a unique key) is raised, as Django's exception, when the batch ends; the
statements after the failed one do not run, and the caller's transaction rolls back as for any
error. Statements in a batch must not depend on each other's results: a read would wait for
the batch anyway, and a savepoint cannot catch an error that arrives later.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection
from django.db.backends.utils import CursorWrapper

# The open batch's cursors, each with what reads its result; None outside a batch.
Waiting = list[tuple[CursorWrapper, Callable[[CursorWrapper], None]]]
_waiting: ContextVar[Waiting | None] = ContextVar("write_batch", default=None)


@contextmanager
def write_batch() -> Iterator[None]:
    """Send the statements run inside as one batch (see the module's docstring). A batch
    inside another is part of it."""
    if _waiting.get() is not None:
        yield
        return
    waiting: Waiting = []
    token = _waiting.set(waiting)
    try:
        with _pipelined():
            yield
        for cursor, read in waiting:
            read(cursor)
    finally:
        _waiting.reset(token)
        # Closed even when a read raised: SQLite cannot roll back to a savepoint while a
        # statement with a RETURNING row nobody read is still open.
        for cursor, _ in waiting:
            cursor.close()


def when_run(cursor: CursorWrapper, read: Callable[[CursorWrapper], None]) -> None:
    """Call `read(cursor)` once the statement just executed on `cursor` has run, now or when
    the batch ends, then close `cursor`."""
    waiting = _waiting.get()
    if waiting is None:
        with cursor:
            read(cursor)
    else:
        waiting.append((cursor, read))


def sent_with_batch() -> bool:
    """Whether a statement run now goes with an open batch, its result read when the batch
    ends (inside a batch on PostgreSQL), rather than at once."""
    return _waiting.get() is not None and connection.vendor == "postgresql"


@contextmanager
def _pipelined() -> Iterator[None]:
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    # Errors arrive when the pipeline syncs, past the cursors that would translate them.
    with connection.wrap_database_errors, connection.connection.pipeline():
        yield
