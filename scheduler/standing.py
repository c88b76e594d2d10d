"""The per-domain standing (DomainStanding): adjusted by every answer and undo, marked unbuilt
by whatever else changes counted state, rebuilt from the states by its reader.

The protocol that keeps a row exact under concurrent writers (PostgreSQL, read committed):
- every write that changes what a row counts adds 1 to its `version`, creating the row
  (unbuilt) if there is none, in the writer's transaction: `add` and `mark_unbuilt`, both one
  INSERT ... ON CONFLICT DO UPDATE;
- a rebuild (`store`) reads the rows' versions first, then counts the states, then replaces
  only rows whose version is still the one it read, and inserts the missing ones with ON
  CONFLICT DO NOTHING.
A writer committed before the versions were read is in the count; one that wrote its row
after that changed the version (or holds the row locked until it commits, and then has), so
the rebuild leaves the row alone; one that writes later adds its delta to the rebuilt row,
and its states were not yet visible to the count. A missing row is the same: the writer
creates it, and the rebuild's insert then conflicts and does nothing. The next reader
rebuilds whatever a rebuild left alone. No lock is taken for reading, and an answer pays one
statement, or none when it changes no term (a re-drill).
"""

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import cache

from django.db import connection
from django.db.models import Case, F, Q, Value, When

from cards.models import Card, Section
from scheduler.algorithms import fsrs
from scheduler.domain_standing import DomainStanding
from scheduler.standing_terms import COUNTS, RECALL, Basis, Terms, prediction_date, terms

TERMS = COUNTS + RECALL
BASIS = ("basis_on", "curve_factor", "curve_decay", "target")


# The ReviewState fields a card's terms depend on.
FIELDS = ("introduced_on", "repetitions", "interval", "fsrs_stability", "fsrs_reviewed_on")


def basis_for(profile, exam_date: date | None, today: date) -> Basis:
    """The learner's basis for a topic with `exam_date` (its plan's), on `today`: what the
    answer adjusts with and the reader compares rows with, so both compute it here."""
    factor, decay = _forgetting_curve(_parameters(profile.fsrs_parameters))
    return Basis(prediction_date(exam_date, today), factor, decay, float(profile.desired_retention))


def _parameters(parameters) -> tuple[float, ...] | None:
    return tuple(parameters) if parameters else None


@cache
def _forgetting_curve(parameters: tuple[float, ...] | None) -> tuple[float, float]:
    # Building the library's scheduler for it on every answer would cost more than the write.
    return fsrs.Model(parameters).forgetting_curve


def fields_of(state) -> dict[str, object]:
    """The fields `FIELDS` of a ReviewState (None: no state yet)."""
    return {name: getattr(state, name, None) for name in FIELDS}


def record_change(*, user_id: int, card_id: int, before, after, basis: Callable[[], Basis]) -> None:
    """Add the difference a card's state made, from `before` to `after` (its `FIELDS` as
    dicts), to its domain's row: the answer's and the undo's one write here. `basis` is
    asked only when a counted field changed (a re-drill changes none)."""
    if before == after:
        return
    on = basis()
    add(
        user_id=user_id,
        card_id=card_id,
        difference=terms(after, on) - terms(before, on),
        basis=on,
    )


def add(*, user_id: int, card_id: int, difference: Terms, basis: Basis) -> None:
    """Add one card's difference to its domain's row, in the caller's transaction.

    The card's domain is found in the statement itself, and an inactive card matches nothing
    (it counts nowhere). The recall terms change only where the row's basis is `basis`, the
    one `difference` was computed on; on another they are left, marked stale for any basis.
    """
    if not difference:
        return
    params = [
        user_id,
        False,
        *(getattr(difference, name) for name in TERMS),
        connection.ops.adapt_datefield_value(basis.on),
        basis.factor,
        basis.decay,
        basis.target,
        card_id,
        True,
    ]
    with connection.cursor() as cursor:
        cursor.execute(_add_sql(connection.vendor), params)


def mark_unbuilt(pairs: Iterable[tuple[int, int]]) -> None:
    """Mark the rows of these (user id, domain id) pairs unbuilt, in the caller's transaction:
    created so if missing, so that a rebuild counting meanwhile cannot store over it."""
    params = [[user_id, domain_id, False] for user_id, domain_id in sorted(set(pairs))]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(_mark_sql(connection.vendor), params)


def store(user_id: int, counted: Mapping[int, Terms], basis: Mapping[int, Basis], versions):
    """Store rebuilt rows: `counted` {domain id: terms} on `basis` {domain id: basis}, each
    replacing the row only if it still has the version in `versions` {domain id: version, or
    None for no row}, read before the states were counted. Two statements at most.

    Replaced rows keep counting their versions up (never back to 0), so a rebuild that read a
    version can never meet it again after other writes.
    """
    found = {d: v for d, v in versions.items() if d in counted and v is not None}
    if found:
        fields = {name: [(d, getattr(counted[d], name)) for d in found] for name in TERMS} | {
            name: [(d, _basis_fields(basis[d])[name]) for d in found] for name in BASIS
        }
        unchanged = Q()
        for domain_id, version in found.items():
            unchanged |= Q(domain_id=domain_id, version=version)
        DomainStanding.objects.filter(Q(user_id=user_id) & unchanged).update(
            built=True,
            version=F("version") + 1,
            **{
                name: Case(*(When(domain_id=d, then=Value(value)) for d, value in pairs))
                for name, pairs in fields.items()
            },
        )
    DomainStanding.objects.bulk_create(
        [
            DomainStanding(
                user_id=user_id,
                domain_id=domain_id,
                built=True,
                **{name: getattr(terms, name) for name in TERMS},
                **_basis_fields(basis[domain_id]),
            )
            for domain_id, terms in counted.items()
            if versions.get(domain_id) is None
        ],
        ignore_conflicts=True,
    )


def _basis_fields(basis: Basis) -> dict[str, object]:
    return {
        "basis_on": basis.on,
        "curve_factor": basis.factor,
        "curve_decay": basis.decay,
        "target": basis.target,
    }


def on_basis(row: Mapping[str, object], basis: Basis) -> bool:
    """Whether a row read as {field: value} is built and its recall terms are on `basis`."""
    on = row["basis_on"]
    return bool(row["built"]) and (
        (on if isinstance(on, date) else None),
        row["curve_factor"],
        row["curve_decay"],
        row["target"],
    ) == (basis.on, basis.factor, basis.decay, basis.target)


# Plain SQL, as scheduler.domain_rollup's: it runs with every answer. Built once per vendor.


def _quoted(model) -> tuple[str, dict[str, str]]:
    quote = connection.ops.quote_name
    columns = {field.name: quote(field.column) for field in model._meta.concrete_fields}
    return quote(model._meta.db_table), columns


@cache
def _add_sql(vendor: str) -> str:
    table, column = _quoted(DomainStanding)
    card_table, card = _quoted(Card)
    section_table, section = _quoted(Section)
    names = ["user", "domain", "built", *TERMS, *BASIS]
    same_basis = " AND ".join(f"{table}.{column[n]} = EXCLUDED.{column[n]}" for n in BASIS)
    sets = [f"{column[n]} = {table}.{column[n]} + EXCLUDED.{column[n]}" for n in COUNTS]
    sets += [
        f"{column[n]} = CASE WHEN {same_basis} THEN {table}.{column[n]} + EXCLUDED.{column[n]} "
        f"ELSE {table}.{column[n]} END"
        for n in RECALL
    ]
    # On another basis the recall terms cannot take this card's change: they are left stale
    # for any basis (basis_on null), else a reader whose basis came back to the row's (an exam
    # date changed and changed back) would take them as they are. SET reads the old row.
    sets.append(
        f"{column['basis_on']} = CASE WHEN {same_basis} THEN {table}.{column['basis_on']} "
        "ELSE NULL END"
    )
    sets.append(f"{column['version']} = {table}.{column['version']} + 1")
    # A new row is unbuilt: its figures are this one delta. Its version is 0 like a rebuilt
    # row's; that is safe, as a rebuild that read "no row" only ever inserts.
    values = ["%s", f"{section_table}.{section['domain']}", "%s", *("%s" for _ in TERMS)]
    values += ["%s"] * len(BASIS)
    return (
        f"INSERT INTO {table} ({', '.join(column[n] for n in names)}, {column['version']}) "
        f"SELECT {', '.join(values)}, 0 FROM {card_table} INNER JOIN {section_table} "
        f"ON {section_table}.{section['id']} = {card_table}.{card['section']} "
        f"WHERE {card_table}.{card['id']} = %s AND {card_table}.{card['is_active']} = %s "
        f"ON CONFLICT ({column['user']}, {column['domain']}) DO UPDATE SET {', '.join(sets)}"
    )


@cache
def _mark_sql(vendor: str) -> str:
    table, column = _quoted(DomainStanding)
    names = ["user", "domain", "built", "version", *TERMS]
    values = ["%s", "%s", "%s", "0", *("0" for _ in TERMS)]
    return (
        f"INSERT INTO {table} ({', '.join(column[n] for n in names)}) "
        f"VALUES ({', '.join(values)}) "
        f"ON CONFLICT ({column['user']}, {column['domain']}) DO UPDATE SET "
        f"{column['built']} = EXCLUDED.{column['built']}, "
        f"{column['version']} = {table}.{column['version']} + 1"
    )
