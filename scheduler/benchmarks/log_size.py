"""How many bytes one ReviewLog row costs on disk, honestly: the row itself and its indexes.

PostgreSQL: the heap (pg_relation_size of the table, so the tuple header, line pointer and page
fill are in it), its TOAST, and each index (pg_relation_size), each divided by the rows; plus
the average pg_column_size of a row (the data alone, what the row's columns take).
SQLite: the pages of the table and of each of its indexes (the dbstat table), over the rows.
The goal of issue 18 is on the total: heap + TOAST + indexes per row.
"""

from django.db import connection

from scheduler.models import ReviewLog

TABLE = ReviewLog._meta.db_table


def review_log_bytes() -> list[str]:
    """Lines for the benchmark's output: total bytes a row, then its parts."""
    rows = ReviewLog.objects.count()
    if not rows:
        return ["no ReviewLog rows to measure"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            data, heap, toast, indexes = _postgresql(cursor)
        elif connection.vendor == "sqlite":
            data, heap, toast, indexes = _sqlite(cursor)
        else:
            return [f"(not measured on {connection.vendor})"]
    total = heap + toast + sum(indexes.values())
    lines = [
        f"{total / rows:6.0f} bytes a row in total (table + TOAST + indexes, {rows} rows)",
        f"{heap / rows:6.0f}   table pages"
        + (f" (the columns' data alone: {data:.0f}, pg_column_size)" if data else ""),
    ]
    if toast:
        lines.append(f"{toast / rows:6.0f}   TOAST")
    lines += [f"{size / rows:6.0f}   index {name}" for name, size in sorted(indexes.items())]
    return lines


def _postgresql(cursor) -> tuple[float, int, int, dict[str, int]]:
    cursor.execute(f"SELECT avg(pg_column_size(t.*)) FROM {TABLE} t")
    (data,) = cursor.fetchone()
    cursor.execute(
        "SELECT pg_relation_size(c.oid), coalesce(pg_total_relation_size(c.reltoastrelid), 0) "
        "FROM pg_class c WHERE c.relname = %s",
        [TABLE],
    )
    heap, toast = cursor.fetchone()
    cursor.execute(
        "SELECT indexrelid::regclass::text, pg_relation_size(indexrelid) FROM pg_index "
        "WHERE indrelid = %s::regclass",
        [TABLE],
    )
    return float(data), heap, toast, dict(cursor.fetchall())


def _sqlite(cursor) -> tuple[float, int, int, dict[str, int]]:
    cursor.execute(
        "SELECT d.name, sum(d.pgsize) FROM dbstat d JOIN sqlite_schema s ON s.name = d.name "
        "WHERE s.tbl_name = %s GROUP BY d.name",
        [TABLE],
    )
    sizes = dict(cursor.fetchall())
    heap = sizes.pop(TABLE, 0)
    return 0.0, heap, 0, sizes
