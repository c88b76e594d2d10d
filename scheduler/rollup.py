"""The daily roll-up (ReviewDay): written with every answer and undo, rebuilt from the logs.

scheduler.services calls `record_answer` in the answer's transaction and `take_back` in the
undo's, so the day rows always agree with the counted logs; statistics read a year of day
rows instead of a year of answers. `rebuild` derives them from the logs alone, for the data
migration and `manage.py backfill_review_days`.

Steady state, an answer costs one UPDATE here; the day's first answer in a topic inserts.
"""

from collections.abc import Iterable
from datetime import date

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q

from scheduler.models import ReviewDay, ReviewLog
from scheduler.stats.measures import MATURE_INTERVAL, PASSING_QUALITY

# A longer gap between two answers is a break, not time spent on the second one.
LONGEST_ANSWER_SECONDS = 300


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
    """Count a just-written answer in its day row (inside the answer's transaction)."""
    epoch = int(log.answered_at.timestamp())
    counters = _log_counters(log)
    if _add_to_day_row(log, counters, epoch):
        return
    try:
        with transaction.atomic():  # a savepoint: a racing first answer of the day may win
            ReviewDay.objects.create(
                user_id=log.user_id,
                topic_id=log.topic_id,
                day=log.study_day,
                last_answer_epoch=epoch,
                **dict.fromkeys(counters, 1),
            )
    except IntegrityError:
        _add_to_day_row(log, counters, epoch)


def _add_to_day_row(log: ReviewLog, counters: list[str], epoch: int) -> bool:
    """Add 1 to `counters` of the answer's day row and the gap since the previous answer to
    its time; False if the day has no row yet.

    Plain SQL, the same on SQLite and PostgreSQL: it runs with every answer, and the ORM took
    several times longer to build this UPDATE (F() per counter, a CASE) than the database
    took to run it.
    """
    quote = connection.ops.quote_name
    column = {field.name: quote(field.column) for field in ReviewDay._meta.concrete_fields}
    last = column["last_answer_epoch"]
    sets = [f"{column[name]} = {column[name]} + 1" for name in counters]
    sets.append(
        f"{column['seconds']} = {column['seconds']} + CASE WHEN {last} >= %s AND {last} < %s "
        f"THEN %s - {last} ELSE 0 END"
    )
    sets.append(f"{last} = %s")
    sql = (
        f"UPDATE {quote(ReviewDay._meta.db_table)} SET {', '.join(sets)} "
        f"WHERE {column['user']} = %s AND {column['topic']} = %s AND {column['day']} = %s"
    )
    day = connection.ops.adapt_datefield_value(log.study_day)
    params = [epoch - LONGEST_ANSWER_SECONDS, epoch, epoch, epoch]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, log.user_id, log.topic_id, day])
        return cursor.rowcount > 0


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
