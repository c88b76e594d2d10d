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


def update_if_version(instance: Model, names: tuple[str, ...], expected_version: int) -> bool:
    """Write `names` of `instance` to its row if the row's version is still `expected_version`
    (an optimistic lock): True if it was, False if somebody changed the row meanwhile."""
    connection = connections[instance._state.db or "default"]
    model = type(instance)
    sql, fields = _update(model, names, connection.alias)
    params = [
        field.get_db_prep_save(getattr(instance, field.attname), connection) for field in fields
    ]
    params += [instance.pk, expected_version]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount == 1


def insert(instance: Model, using: str = "default") -> Model:
    """Insert `instance` as a new row (every concrete field but the automatic key) and set its
    key, as `instance.save(force_insert=True)` would."""
    connection = connections[using]
    model = type(instance)
    sql, fields, returning = _insert(model, using)
    params = [
        field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if returning:
            (pk,) = cursor.fetchone()
        else:
            pk = connection.ops.last_insert_id(cursor, model._meta.db_table, model._meta.pk.column)
    instance.pk = pk
    instance._state.adding = False
    instance._state.db = using
    return instance


@cache
def _update(model: type[Model], names: tuple[str, ...], using: str) -> tuple[str, list]:
    quote = connections[using].ops.quote_name
    fields = [model._meta.get_field(name) for name in names]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    version = model._meta.get_field("version").column
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {assignments} "
        f"WHERE {quote(model._meta.pk.column)} = %s AND {quote(version)} = %s"
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
