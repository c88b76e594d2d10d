"""A ReviewState as JSON, and back: what every log keeps of the state before and after it, so
undo restores the state exactly."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from scheduler.models import ReviewState

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
# Fields added after the first logs were written: a snapshot without them restores them empty.
LATER_STATE_FIELDS = ("sm2_interval", "fsrs_stability", "fsrs_difficulty", "fsrs_reviewed_on")


def snapshot(state: ReviewState) -> dict[str, Any]:
    """A ReviewState's fields as JSON-safe values, for the log's before and after."""
    values = {name: getattr(state, name) for name in STATE_FIELDS}
    for name, value in values.items():
        if isinstance(value, Decimal):
            values[name] = str(value)
        elif isinstance(value, datetime | date):
            values[name] = value.isoformat()
    return values


def restore(values: dict[str, Any]) -> dict[str, Any]:
    restored = dict.fromkeys(LATER_STATE_FIELDS) | values
    restored["easiness"] = Decimal(values["easiness"])
    for name in ("due", "introduced_on", "last_answered_on", "fsrs_reviewed_on", "buried_on"):
        # Logs written before an action field existed do not name it: it stays as it is.
        if name in restored:
            restored[name] = date.fromisoformat(restored[name]) if restored[name] else None
    if values["last_answered_at"]:
        restored["last_answered_at"] = datetime.fromisoformat(values["last_answered_at"])
    return restored
