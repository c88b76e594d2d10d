"""The per-domain daily roll-up (DomainDay): written with every answer and undo, rebuilt from
the logs.

scheduler.services calls `record_answer` in the answer's transaction and `take_back` in the
undo's, next to the topic roll-up's (scheduler.rollup); scheduler.domain_moves adjusts the rows
when cards are retired, restored or moved. So the rows always equal the counted logs of the
cards active now, per their domain now: what readiness counted from the logs before it read
these rows. `rebuild` derives them from the logs alone, for the data migration and
`manage.py backfill_review_days`.

An answer costs one statement here, which creates the day's row with its first counted
answer in the domain, and a re-drill none (it changes no counter).
"""

from functools import cache

from django.db import connection, transaction
from django.db.models import Count

from cards.models import Card, Section
from scheduler.domain_day import DomainDay
from scheduler.models import ReviewLog
from scheduler.stats.measures import (
    BECAME_LEARNED,
    LEARNED_REPETITIONS,
    PASSED,
    PASSING_QUALITY,
    SCHEDULED,
    STOPPED_LEARNED,
)

COUNTERS = ("answered", "passed", "became_learned", "stopped_learned")


def counters(log: ReviewLog) -> tuple[str, ...]:
    """The DomainDay counters a counted answer adds 1 to: what `domain_totals` counts it in."""
    if log.kind not in ReviewLog.ANSWER_KINDS:
        return ()
    found = []
    if log.kind in ReviewLog.SCHEDULED_KINDS:
        found.append("answered")
        if log.quality >= PASSING_QUALITY:
            found.append("passed")
    learned_before, learned_after = (
        _learned(log.repetitions_before),
        _learned(log.repetitions_after),
    )
    if learned_after and not learned_before:
        found.append("became_learned")
    elif learned_before and not learned_after:
        found.append("stopped_learned")
    return tuple(found)


def _learned(repetitions: int | None) -> bool:
    return repetitions is not None and repetitions >= LEARNED_REPETITIONS


def record_answer(log: ReviewLog) -> None:
    """Count a just-written answer in its card's domain's day row (in the answer's
    transaction), creating the row with the day's first: one statement, none for an answer
    that changes no counter. An answer to a card inactive by now counts nowhere, as in
    readiness."""
    found = counters(log)
    if found:
        _execute(_count_sql(connection.vendor, found), [log.user_id, _day(log), log.card_id, True])


def take_back(log: ReviewLog) -> None:
    """Uncount an answer being undone (inside the undo's transaction), from the domain its
    card is in now; nothing if the card is inactive (its answers count nowhere then)."""
    found = counters(log)
    if found:
        _add(log, found, -1)


def _add(log: ReviewLog, found: tuple[str, ...], step: int) -> bool:
    """Add `step` to `found` counters of the row of the answer's card's domain and day; False
    if there is none (no row yet, or the card is inactive)."""
    sql = _update_sql(connection.vendor, found, step)
    return _execute(sql, [log.user_id, _day(log), log.card_id, True]) > 0


def _day(log: ReviewLog):
    return connection.ops.adapt_datefield_value(log.study_day)


def _execute(sql: str, params: list) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


# Plain SQL, as scheduler.rollup's: it runs with every answer, and the ORM would take longer to
# build the statement than the database takes to run it. The card's domain is looked up in the
# statement itself, so the answer path reads no section, and an inactive card matches nothing.
# Each statement is built once per database vendor (its quoting) and set of counters.


def _quoted(model) -> tuple[str, dict[str, str]]:
    quote = connection.ops.quote_name
    columns = {field.name: quote(field.column) for field in model._meta.concrete_fields}
    return quote(model._meta.db_table), columns


def _card_domain() -> tuple[str, str, str]:
    """FROM, WHERE (params: card id, True) and column of the card's domain while the card is
    active."""
    card_table, card = _quoted(Card)
    section_table, section = _quoted(Section)
    return (
        f"{card_table} INNER JOIN {section_table} ON {section_table}.{section['id']} = "
        f"{card_table}.{card['section']}",
        f"{card_table}.{card['id']} = %s AND {card_table}.{card['is_active']} = %s",
        f"{section_table}.{section['domain']}",
    )


@cache
def _update_sql(vendor: str, found: tuple[str, ...], step: int) -> str:
    table, column = _quoted(DomainDay)
    joined, where, domain = _card_domain()
    sign = "+" if step > 0 else "-"
    sets = ", ".join(f"{column[name]} = {column[name]} {sign} {abs(step)}" for name in found)
    return (
        f"UPDATE {table} SET {sets} WHERE {column['user']} = %s AND {column['day']} = %s "
        f"AND {column['domain']} = (SELECT {domain} FROM {joined} WHERE {where})"
    )


@cache
def _count_sql(vendor: str, found: tuple[str, ...]) -> str:
    table, column = _quoted(DomainDay)
    joined, where, domain = _card_domain()
    names = ["user", "day", "domain", *COUNTERS]
    values = ["%s", "%s", domain, *("1" if name in found else "0" for name in COUNTERS)]
    sets = ", ".join(f"{column[name]} = {table}.{column[name]} + 1" for name in found)
    return (
        f"INSERT INTO {table} ({', '.join(column[name] for name in names)}) "
        f"SELECT {', '.join(values)} FROM {joined} WHERE {where} "
        f"ON CONFLICT ({column['user']}, {column['domain']}, {column['day']}) DO UPDATE SET {sets}"
    )


# --- Rebuilding from the logs -----------------------------------------------------------------


def hold_off_answers(log_model=ReviewLog) -> None:
    """On PostgreSQL, make answers and undos wait until the caller's transaction commits.

    For whatever derives day rows from logs it reads (a rebuild, cards changing place): those
    logs must include every answer counted in the rows, and no answer may be counted in them
    between the read and the commit. An answer's or undo's statement reads the card's place
    when it writes its day row, after writing its log; SHARE conflicts with every write to the
    log, so answers in progress finish first and new ones wait. SQLite runs one writer at a
    time anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(log_model._meta.db_table)
            cursor.execute(f"LOCK TABLE {table} IN SHARE MODE")


def domain_totals(logs, group: tuple[str, ...] = ("user_id", "card__section__domain")):
    """Counted answers to active cards per `group` and study day, as DomainDay's counters, in
    one query: the aggregation readiness ran on the logs before this roll-up."""
    return (
        logs.filter(kind__in=ReviewLog.ANSWER_KINDS, undone=False)
        .values(*group, "study_day")
        .annotate(
            answered=Count("pk", filter=SCHEDULED),
            passed=Count("pk", filter=PASSED),
            became_learned=Count("pk", filter=BECAME_LEARNED),
            stopped_learned=Count("pk", filter=STOPPED_LEARNED),
        )
        .order_by()
    )


def rebuild(log_model=ReviewLog, day_model=DomainDay, user_ids: list[int] | None = None) -> int:
    """Replace the domain day rows of `user_ids` (everyone by default) with ones derived from
    the logs of the cards active now.

    Takes the model classes so the data migration can pass its historical ones. Rows whose
    counters would all be 0 (a day of re-drills only) are left out, as answering leaves them
    out. Returns how many rows it wrote.
    """
    logs = log_model.objects.filter(card__is_active=True)
    days = day_model.objects.all()
    if user_ids is not None:
        logs, days = logs.filter(user_id__in=user_ids), days.filter(user_id__in=user_ids)
    with transaction.atomic():
        hold_off_answers(log_model)
        rows = [
            day_model(
                user_id=row["user_id"],
                domain_id=row["card__section__domain"],
                day=row["study_day"],
                **{name: row[name] for name in COUNTERS},
            )
            for row in domain_totals(logs).iterator(chunk_size=5000)
            if any(row[name] for name in COUNTERS)
        ]
        days.delete()
        day_model.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
