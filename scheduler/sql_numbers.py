"""Days and moments as plain numbers in SQL, for rows packed into one text column.

A query returning a year of day rows paid Django's per-value converters (SQLite hands dates
and datetimes back as text) and a date object on every row, which made the statistics'
heatmap grow with the learner's history. Packed as numbers with StringAgg, the rows come back
as one string that Python splits, whatever the database.
"""

from datetime import date

from django.db.models import FloatField, Func, IntegerField

EPOCH = date(1970, 1, 1)


class _Number(Func):
    """A function written once per database: `sqlite` and `postgresql` are its templates."""

    sqlite = postgresql = ""

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template=self.sqlite, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template=self.postgresql, **extra_context)


class UnixSeconds(_Number):
    """A timestamp as seconds since 1970 (fractions kept)."""

    output_field = FloatField()
    # julianday() of the UTC text Django stores, from the Julian day of 1970-01-01; it
    # counts whole milliseconds, which the float arithmetic blurs unless rounded back.
    sqlite = "ROUND((julianday(%(expressions)s) - 2440587.5) * 86400.0, 3)"
    postgresql = "EXTRACT(EPOCH FROM %(expressions)s)::double precision"


class EpochDay(_Number):
    """A date as whole days since 1970-01-01 (epoch_day computes the same in Python)."""

    output_field = IntegerField()
    sqlite = "CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)"
    postgresql = "(%(expressions)s - DATE '1970-01-01')"  # date - date: whole days


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
