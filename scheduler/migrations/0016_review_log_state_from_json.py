"""Copy every log's JSON snapshots into the typed columns 0015 added.

Forward is exact: the state before goes whole into the `<field>_before` columns (a field the
snapshot does not name, because the log is older than the field, stays null), and of the state
after, the repetitions, easiness and leech flag (interval_after was a column already).
The reverse writes `state_before` back exactly; `state_after` is the state before with what the
columns kept of the state after (interval, repetitions, easiness, leech) and the version after,
as the rest of the state after is no longer kept.
"""

from datetime import date, datetime
from decimal import Decimal

from django.db import migrations

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
DATES = {"due", "introduced_on", "last_answered_on", "buried_on", "fsrs_reviewed_on"}
# interval_before and interval_after were columns before the snapshots went.
COLUMNS = [f"{name}_before" for name in STATE_FIELDS if name != "interval"]
COLUMNS += ["repetitions_after", "easiness_after", "leech_after"]
BATCH = 2000


def from_json(name: str, value):
    if value is None:
        return None
    if name == "easiness":
        return Decimal(value)
    if name in DATES:
        return date.fromisoformat(value)
    if name == "last_answered_at":
        return datetime.fromisoformat(value)
    return value


def to_json(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def in_batches(ReviewLog, fields: list[str], convert) -> None:
    batch = []
    for log in ReviewLog.objects.order_by("pk").iterator(chunk_size=BATCH):
        convert(log)
        batch.append(log)
        if len(batch) == BATCH:
            ReviewLog.objects.bulk_update(batch, fields)
            batch = []
    if batch:
        ReviewLog.objects.bulk_update(batch, fields)


def forward(apps, schema_editor):
    def convert(log):
        before, after = log.state_before or {}, log.state_after or {}
        for name in STATE_FIELDS:
            if name != "interval":
                setattr(log, f"{name}_before", from_json(name, before.get(name)))
        log.repetitions_after = after.get("repetitions")
        log.easiness_after = from_json("easiness", after.get("easiness"))
        log.leech_after = bool(after.get("leech"))

    in_batches(apps.get_model("scheduler", "ReviewLog"), COLUMNS, convert)


def backward(apps, schema_editor):
    def convert(log):
        if log.version_before is None:  # no state before: a practice miss on a new card
            log.state_before = log.state_after = {}
            return
        before = {name: to_json(getattr(log, f"{name}_before")) for name in STATE_FIELDS}
        log.state_before = before
        log.state_after = before | {
            "interval": log.interval_after,
            "repetitions": log.repetitions_after,
            "easiness": to_json(log.easiness_after),
            "leech": log.leech_after,
            "version": before["version"] + (0 if log.kind == "practice" else 1),
        }

    in_batches(apps.get_model("scheduler", "ReviewLog"), ["state_before", "state_after"], convert)


class Migration(migrations.Migration):
    dependencies = [("scheduler", "0015_review_log_typed_state")]

    operations = [migrations.RunPython(forward, backward)]
