"""The daily roll-up (ReviewDay): written with every answer and undo, rebuilt from the logs.

scheduler.services calls `record_answer` in the answer's transaction and `take_back` in the
undo's, so the day rows always agree with the counted logs; statistics read a year of day
rows instead of a year of answers. `rebuild` derives them from the logs alone, for the data
migration and `manage.py backfill_review_days`.

An answer costs one statement here, which creates the day's row with its first answer.
"""

from collections.abc import Iterable
from datetime import date
from functools import cache

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, PositiveIntegerField, Q

from scheduler.models import ReviewDay, ReviewLog
from scheduler.stats.measures import MATURE_INTERVAL, PASSING_QUALITY

# A longer gap between two answers is a break, not time spent on the second one.
LONGEST_ANSWER_SECONDS = 300

# ReviewDay's counters (the time studied is not one), each 0 in a new day row but those its
# first answer adds 1 to.
DAY_COUNTERS = tuple(
    field.name
    for field in ReviewDay._meta.concrete_fields
    if isinstance(field, PositiveIntegerField) and field.name != "seconds"
)


def _counters(
    *, quality: int, redrill: bool, new: bool, interval_before: int, ahead: bool = False
) -> list[str]:
    """The ReviewDay counters one counted answer adds 1 to."""
    if redrill:
        return ["answers", "redrills"]
    mature = "mature" if interval_before >= MATURE_INTERVAL else "young"
    counters = ["answers", "new_cards" if new else "reviews", f"grade_{quality}"]
    if ahead:
        counters.append("ahead")
    counters.append(f"{mature}_answered")
    if quality >= PASSING_QUALITY:
        counters.append(f"{mature}_passed")
    return counters


def _log_counters(log: ReviewLog) -> list[str]:
    return _counters(
        quality=log.quality,
        redrill=log.kind == ReviewLog.Kind.REDRILL,
        new=log.introduced_on_before is None,
        interval_before=log.interval_before,
        ahead=log.kind == ReviewLog.Kind.AHEAD,
    )


def record_answer(log: ReviewLog) -> None:
    """Count a just-written answer in its day row (inside the answer's transaction), creating
    the row with the day's first answer: one statement either way, whose result nobody waits
    for (scheduler.write_batch)."""
    with connection.cursor() as cursor:
        cursor.execute(
            _count_answer_sql(connection.vendor, tuple(_log_counters(log))),
            [
                log.user_id,
                log.topic_id,
                connection.ops.adapt_datefield_value(log.study_day),
                int(log.answered_at.timestamp()),
            ],
        )


@cache
def _count_answer_sql(vendor: str, counters: tuple[str, ...]) -> str:
    """INSERT … ON CONFLICT DO UPDATE adding 1 to `counters` of the day row and the gap since
    the day's previous answer to its time.

    Plain SQL, the same on SQLite and PostgreSQL, built once per vendor and set of counters:
    it runs with every answer, and the ORM took several times longer to build such a
    statement (F() per counter, a CASE) than the database took to run it.
    """
    quote = connection.ops.quote_name
    table = quote(ReviewDay._meta.db_table)
    column = {field.name: quote(field.column) for field in ReviewDay._meta.concrete_fields}
    names = ["user", "topic", "day", *DAY_COUNTERS, "seconds", "last_answer_epoch"]
    values = ["%s", "%s", "%s", *("1" if name in counters else "0" for name in DAY_COUNTERS)]
    last, now = f"{table}.{column['last_answer_epoch']}", f"EXCLUDED.{column['last_answer_epoch']}"
    sets = [f"{column[name]} = {table}.{column[name]} + 1" for name in counters]
    sets.append(
        f"{column['seconds']} = {table}.{column['seconds']} + CASE WHEN {last} >= {now} - "
        f"{LONGEST_ANSWER_SECONDS} AND {last} < {now} THEN {now} - {last} ELSE 0 END"
    )
    sets.append(f"{column['last_answer_epoch']} = {now}")
    return (
        f"INSERT INTO {table} ({', '.join(column[name] for name in names)}) "
        f"VALUES ({', '.join(values)}, 0, %s) "
        f"ON CONFLICT ({column['user']}, {column['topic']}, {column['day']}) "
        f"DO UPDATE SET {', '.join(sets)}"
    )


def record_cram(log: ReviewLog) -> None:
    """Count a cram answer in its day row, apart from everything else (no time, no grade)."""
    day_row = ReviewDay.objects.filter(
        user_id=log.user_id, topic_id=log.topic_id, day=log.study_day
    )
    if day_row.update(cram=F("cram") + 1):
        return
    try:
        with transaction.atomic():  # a savepoint: a racing first answer of the day may win
            ReviewDay.objects.create(
                user_id=log.user_id, topic_id=log.topic_id, day=log.study_day, cram=1
            )
    except IntegrityError:
        day_row.update(cram=F("cram") + 1)


def take_back(log: ReviewLog) -> None:
    """Uncount an answer being undone (inside the undo's transaction). Time stays spent.

    An undone action (bury, suspend, …) was never counted: nothing to take back.
    """
    if log.kind == ReviewLog.Kind.CRAM:
        counters = ["cram"]
    elif log.kind in ReviewLog.ANSWER_KINDS:
        counters = _log_counters(log)
    else:
        return
    changes = {name: F(name) - 1 for name in counters}
    ReviewDay.objects.filter(user_id=log.user_id, topic_id=log.topic_id, day=log.study_day).update(
        **changes
    )


# --- Rebuilding from the logs -----------------------------------------------------------------

ANSWER = Q(kind__in=ReviewLog.ANSWER_KINDS)
SCHEDULED = Q(kind__in=ReviewLog.SCHEDULED_KINDS)
REDRILL = Q(kind=ReviewLog.Kind.REDRILL)
NEW = Q(introduced_on_before=None)
MATURE = Q(interval_before__gte=MATURE_INTERVAL)
PASSED = Q(quality__gte=PASSING_QUALITY)


def day_totals(logs, new: Q = NEW) -> Iterable[dict]:
    """Counted answers per (user, topic, study day) as ReviewDay's counters, in one query.

    `new` tells an answer to a new card (migration 0009 passes its own: its logs kept the state
    before as JSON).
    """
    return (
        logs.filter(undone=False, kind__in=(*ReviewLog.ANSWER_KINDS, ReviewLog.Kind.CRAM))
        .values("user_id", "topic_id", "study_day")
        .annotate(
            answers=Count("pk", filter=ANSWER),
            redrills=Count("pk", filter=REDRILL),
            cram=Count("pk", filter=Q(kind=ReviewLog.Kind.CRAM)),
            ahead=Count("pk", filter=Q(kind=ReviewLog.Kind.AHEAD)),
            new_cards=Count("pk", filter=SCHEDULED & new),
            reviews=Count("pk", filter=SCHEDULED & ~new),
            **{f"grade_{q}": Count("pk", filter=SCHEDULED & Q(quality=q)) for q in range(6)},
            young_answered=Count("pk", filter=SCHEDULED & ~MATURE),
            young_passed=Count("pk", filter=SCHEDULED & ~MATURE & PASSED),
            mature_answered=Count("pk", filter=SCHEDULED & MATURE),
            mature_passed=Count("pk", filter=SCHEDULED & MATURE & PASSED),
        )
        .order_by()
    )


def day_seconds(logs) -> dict[tuple[int, int, date], tuple[int, int]]:
    """Time studied and the last answer's epoch per day row, from every answer (undone too).

    Only answers take time, as when they are written: not actions, not cram answers.
    """
    seconds: dict[tuple[int, int, date], tuple[int, int]] = {}
    rows = (
        logs.filter(kind__in=ReviewLog.ANSWER_KINDS)
        .order_by("user_id", "topic_id", "study_day", "answered_at", "pk")
        .values_list("user_id", "topic_id", "study_day", "answered_at")
    )
    for user_id, topic_id, day, answered_at in rows.iterator(chunk_size=5000):
        epoch = int(answered_at.timestamp())
        total, last = seconds.get((user_id, topic_id, day), (0, 0))
        if last and 0 < epoch - last <= LONGEST_ANSWER_SECONDS:
            total += epoch - last
        seconds[(user_id, topic_id, day)] = (total, epoch)
    return seconds


def _every_day(logs) -> Iterable[tuple[int, int, date]]:
    answered = logs.filter(kind__in=(*ReviewLog.ANSWER_KINDS, ReviewLog.Kind.CRAM))
    return answered.values_list("user_id", "topic_id", "study_day").distinct().order_by()


def rebuild(
    log_model=ReviewLog, day_model=ReviewDay, user_ids: list[int] | None = None, new: Q = NEW
) -> int:
    """Replace the day rows of `user_ids` (everyone by default) with ones derived from the logs.

    Takes the model classes so the data migration can pass its historical ones. Returns how
    many day rows it wrote.
    """
    logs = log_model.objects.all()
    days = day_model.objects.all()
    if user_ids is not None:
        logs, days = logs.filter(user_id__in=user_ids), days.filter(user_id__in=user_ids)
    # The data migration's historical ReviewDay may predate some counters (cram, ahead).
    known = {field.name for field in day_model._meta.get_fields()}
    totals = {
        (row.pop("user_id"), row.pop("topic_id"), row.pop("study_day")): {
            name: value for name, value in row.items() if name in known
        }
        for row in day_totals(logs, new)
    }
    # Every day with an answer (or a cram answer) has a row, as answering makes one; undo
    # only uncounts.
    seconds = day_seconds(logs)
    rows = [
        day_model(
            user_id=user_id,
            topic_id=topic_id,
            day=day,
            seconds=seconds.get((user_id, topic_id, day), (0, 0))[0],
            last_answer_epoch=seconds.get((user_id, topic_id, day), (0, 0))[1],
            **totals.get((user_id, topic_id, day), {}),
        )
        for user_id, topic_id, day in _every_day(logs)
    ]
    with transaction.atomic():
        days.delete()
        day_model.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
