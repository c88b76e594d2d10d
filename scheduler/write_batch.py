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

A batch that is the last thing its transaction does can carry the COMMIT too
(`write_batch(commit=True)`): the one wait then also commits, a round trip less. Only the
database can refuse such a transaction, by a statement's error (a unique key; a stale
optimistic write, row_writes.update_if_version, fails its statement through `stale_fails`);
a result read once the batch ends arrives committed.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import DataError, connection
from django.db.backends.utils import CursorWrapper

# What a stale optimistic write's statement fails with in a batch (row_writes): an integer
# cast of this text, so its error names it and no other error is taken for it.
STALE_MARK = "stale row"


@dataclass
class _Batch:
    # The cursors sent, each with what reads its result.
    waiting: list[tuple[CursorWrapper, Callable[[CursorWrapper], None]]] = field(
        default_factory=list
    )
    # What to raise when a stale write's statement failed (stale_fails); None: none was sent.
    stale: type[Exception] | None = None


# The open batch; None outside one.
_batch: ContextVar[_Batch | None] = ContextVar("write_batch", default=None)


@contextmanager
def write_batch(*, commit: bool = False) -> Iterator[None]:
    """Send the statements run inside as one batch (see the module's docstring). A batch
    inside another is part of it.

    `commit`: nothing follows the batch in its transaction, so on PostgreSQL, when that
    transaction is the outermost atomic block, its COMMIT goes with the batch."""
    if _batch.get() is not None:
        yield
        return
    batch = _Batch()
    token = _batch.set(batch)
    try:
        try:
            with _pipelined():
                yield
                if commit and _commits_here():
                    with connection.cursor() as cursor:
                        cursor.execute("COMMIT")
        except DataError as error:
            if batch.stale is not None and STALE_MARK in str(error):
                raise batch.stale from error
            raise
        for cursor, read in batch.waiting:
            read(cursor)
    finally:
        _batch.reset(token)
        # Closed even when a read raised: SQLite cannot roll back to a savepoint while a
        # statement with a RETURNING row nobody read is still open.
        for cursor, _ in batch.waiting:
            cursor.close()


def _commits_here() -> bool:
    """Whether the batch may end its transaction: on PostgreSQL, inside the outermost atomic
    block. Django's own COMMIT when the block ends then finds nothing to commit and sends
    nothing; inside a nested block (a test's transaction) the outermost one commits, as
    always."""
    return connection.vendor == "postgresql" and len(connection.atomic_blocks) == 1


def when_run(cursor: CursorWrapper, read: Callable[[CursorWrapper], None]) -> None:
    """Call `read(cursor)` once the statement just executed on `cursor` has run, now or when
    the batch ends, then close `cursor`."""
    batch = _batch.get()
    if batch is None:
        with cursor:
            read(cursor)
    else:
        batch.waiting.append((cursor, read))


def sent_with_batch() -> bool:
    """Whether a statement run now goes with an open batch, its result read when the batch
    ends (inside a batch on PostgreSQL), rather than at once."""
    return _batch.get() is not None and connection.vendor == "postgresql"


def stale_fails(otherwise: type[Exception]) -> None:
    """A statement just sent with the batch fails, its error naming STALE_MARK, when the row
    it writes was stale: raise `otherwise` for it when the batch ends (and the transaction,
    the COMMIT with it, is rolled back). Inside a batch only (sent_with_batch)."""
    batch = _batch.get()
    if batch is None:
        raise RuntimeError("stale_fails() is for a statement sent with a write batch")
    batch.stale = batch.stale or otherwise


@contextmanager
def _pipelined() -> Iterator[None]:
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    # Errors arrive when the pipeline syncs, past the cursors that would translate them.
    with connection.wrap_database_errors, connection.connection.pipeline():
        yield
