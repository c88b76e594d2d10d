"""Days and moments as plain numbers in SQL, for rows packed into one text column.

A query returning a year of day rows paid Django's per-value converters (SQLite hands dates
and datetimes back as text) on every row: for the statistics' heatmap that was most of the
page's growth with history. Packed as numbers with StringAgg, the rows come back as one
string that Python splits, whatever the database.
"""

from datetime import date

from django.db.models import FloatField, Func, IntegerField

EPOCH = date(1970, 1, 1)


class UnixSeconds(Func):
    """A timestamp as seconds since 1970 (fractions kept)."""

    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # julianday() of the UTC text Django stores, from the Julian day of 1970-01-01; it
        # counts whole milliseconds, which the float arithmetic blurs unless rounded back.
        template = "ROUND((julianday(%(expressions)s) - 2440587.5) * 86400.0, 3)"
        return self.as_sql(compiler, connection, template=template, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        template = "EXTRACT(EPOCH FROM %(expressions)s)::double precision"
        return self.as_sql(compiler, connection, template=template, **extra_context)


class EpochDay(Func):
    """A date as whole days since 1970-01-01 (epoch_day computes the same in Python)."""

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        template = "CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)"
        return self.as_sql(compiler, connection, template=template, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        # date - date is a whole number of days.
        template = "(%(expressions)s - DATE '1970-01-01')"
        return self.as_sql(compiler, connection, template=template, **extra_context)


def epoch_day(day: date) -> int:
    """What EpochDay gives for `day`."""
    return (day - EPOCH).days


def day_counts(packed: str | None) -> dict[int, int]:
    """ "day:count,day:count" (EpochDay numbers, each day once) as {epoch day: count}; None or
    "" is no rows. Kept as numbers, and split in C: a year of date objects, or of Python
    loop turns, is what packing the rows saved."""
    if not packed:
        return {}
    numbers = list(map(int, packed.replace(":", ",").split(",")))
    return dict(zip(numbers[::2], numbers[1::2], strict=True))
