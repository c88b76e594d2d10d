"""The answer's row writes as SQL built once per process: scheduler.prepared's idea, for writes.

Every answer updates the learner's ReviewState and inserts a ReviewLog of some forty columns.
Through the ORM (queryset.update, Model.save) each write built its statement anew: about 0.4 ms
of Python apiece, more than the database took to run both. The statement depends only on the
model and the columns written, so it is built once; each call adapts its values the way the ORM
does (Field.get_db_prep_save, after Field.pre_save for an insert) and runs it.

Neither model has save signals (tests/scheduler/test_row_writes.py keeps it so): these writes
skip them, as queryset.update does.
"""

from functools import cache

from django.db import connections
from django.db.models import Model

from scheduler.write_batch import STALE_MARK, sent_with_batch, stale_fails, when_run


def update_if_version(
    instance: Model, names: tuple[str, ...], expected_version: int, otherwise: type[Exception]
) -> None:
    """Write `names` of `instance` to its row if the row's version is still `expected_version`
    (an optimistic lock); raise `otherwise` if somebody changed the row meanwhile, at once or
    when the write batch this runs in ends (scheduler.write_batch).

    In a batch on PostgreSQL the statement itself fails when it wrote no row, so a batch that
    carries its transaction's COMMIT commits nothing of a stale answer."""
    connection = connections[instance._state.db or "default"]
    model = type(instance)
    guarded = sent_with_batch()
    sql, fields = _update(model, names, connection.alias, guarded)
    params = [
        field.get_db_prep_save(getattr(instance, field.attname), connection) for field in fields
    ]
    params += [instance.pk, expected_version]
    cursor = connection.cursor()
    cursor.execute(sql, params)
    if guarded:
        stale_fails(otherwise)

    def check(cursor) -> None:
        if cursor.rowcount != 1:  # the rows written, or the guard's one row
            raise otherwise

    when_run(cursor, check)


def insert(instance: Model, using: str = "default") -> Model:
    """Insert `instance` as a new row (every concrete field but the automatic key), as
    `instance.save(force_insert=True)` would; its key is set at once, or when the write batch
    this runs in ends (scheduler.write_batch)."""
    connection = connections[using]
    model = type(instance)
    sql, fields, returning = _insert(model, using)
    params = [
        field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields
    ]
    cursor = connection.cursor()
    cursor.execute(sql, params)

    def take_key(cursor) -> None:
        if returning:
            (instance.pk,) = cursor.fetchone()
        else:
            table, column = model._meta.db_table, model._meta.pk.column
            instance.pk = connection.ops.last_insert_id(cursor, table, column)

    instance._state.adding = False
    instance._state.db = using
    when_run(cursor, take_key)
    return instance


@cache
def _update(
    model: type[Model], names: tuple[str, ...], using: str, guarded: bool
) -> tuple[str, list]:
    quote = connections[using].ops.quote_name
    fields = [model._meta.get_field(name) for name in names]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    version = model._meta.get_field("version").column
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {assignments} "
        f"WHERE {quote(model._meta.pk.column)} = %s AND {quote(version)} = %s"
    )
    if guarded:
        # PostgreSQL: one row when the update wrote its row, else an error naming STALE_MARK
        # (a cast of text made at run time, so the planner cannot raise it beforehand).
        sql = (
            f"WITH changed AS ({sql} RETURNING 1) "
            f"SELECT CASE WHEN COUNT(*) = 1 THEN 1 "
            f"ELSE ('{STALE_MARK}: ' || COUNT(*))::integer END FROM changed"
        )
    return sql, fields


@cache
def _insert(model: type[Model], using: str) -> tuple[str, list, bool]:
    connection = connections[using]
    quote = connection.ops.quote_name
    fields = [field for field in model._meta.concrete_fields if field is not model._meta.pk]
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"
    returning = connection.features.can_return_columns_from_insert
    if returning:
        sql += f" RETURNING {quote(model._meta.pk.column)}"
    return sql, fields, returning
