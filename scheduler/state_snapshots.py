"""What a ReviewLog keeps of the ReviewState, and back: the whole state before (one typed
`<field>_before` column each), so undo restores it exactly, and of the state after only what
statistics and exports read."""

from typing import Any

from scheduler.models import ReviewLog, ReviewState

STATE_FIELDS = (
    "repetitions",
    "easiness",
    "interval",
    "due",
    "lapses",
    "reviews",
    "redrill",
    "introduced_on",
    "last_answered_on",
    "last_answered_at",
    "buried_on",
    "suspended",
    "leech",
    "marked",
    "flag",
    "version",
    "sm2_interval",
    "fsrs_stability",
    "fsrs_difficulty",
    "fsrs_reviewed_on",
)
AFTER_FIELDS = ("interval", "repetitions", "easiness", "leech")


def before(state: ReviewState | None) -> dict[str, Any]:
    """The log's `<field>_before` columns for `state` (None: the card had no state yet)."""
    values = {f"{name}_before": getattr(state, name, None) for name in STATE_FIELDS}
    values["interval_before"] = state.interval if state else 0
    return values


def after(state: ReviewState | None) -> dict[str, Any]:
    """The log's `<field>_after` columns for `state`, the state the answer or action left."""
    values = {f"{name}_after": getattr(state, name, None) for name in AFTER_FIELDS}
    values["interval_after"] = state.interval if state else 0
    values["leech_after"] = bool(state and state.leech)
    return values


def log_entry(
    *, user, card, kind: str, quality: int | None, now, today, state_before: dict, state
) -> ReviewLog:
    """The unsaved ReviewLog of an answer or card action on `card`: when, what, and the
    state's snapshots before (`before()`, taken ahead of the change) and after it."""
    return ReviewLog(
        user=user,
        card=card,
        topic_id=card.topic_id,
        quality=quality,
        answered_at=now,
        study_day=today,
        kind=kind,
        **state_before,
        **after(state),
    )


# A null before value restores a nullable field as null; a field that cannot be null is left
# as it is (a log written before that field existed does not know it).
_NULLABLE = {name for name in STATE_FIELDS if ReviewState._meta.get_field(name).null}


def restore(log: ReviewLog) -> dict[str, Any]:
    """The ReviewState's fields as they were before `log`, for undo."""
    values = {name: getattr(log, f"{name}_before") for name in STATE_FIELDS}
    return {name: value for name, value in values.items() if value is not None or name in _NULLABLE}
