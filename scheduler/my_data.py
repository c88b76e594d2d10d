"""All of one learner's own learning data, as JSON they can download ("My data" in settings).

The format (version 2), one UTF-8 JSON object:

    {"format": "spacecards-my-data", "version": 2, "exported_at": ISO 8601 datetime,
     "account":  {"username", "email", "date_joined"},
     "settings": {"time_zone", "day_starts_at", "new_cards_per_day", "reviews_per_day",
                  "grading_scale", "exam_date", "leech_threshold"},
     "review_states": [{"topic", "card", "repetitions", "easiness", "interval", "due",
                        "lapses", "reviews", "redrill", "introduced_on", "last_answered_on",
                        "last_answered_at", "buried_on", "suspended", "leech", "marked",
                        "flag"}, ...],
     "answers": [{"topic", "card", "quality", "answered_at", "study_day", "kind",
                  "repetitions_before", "easiness_before", "interval_before", … (each
                  review state field above, with "_before"), "interval_after",
                  "repetitions_after", "easiness_after", "leech_after", "undone"}, ...],
     "reports": [{"topic", "card", "reason", "note", "created_at", "resolved_at"}, ...],
     "enrolments": [{"topic", "enrolled_at", "left_at", "exam_date", "new_cards_per_day",
                     "reviews_per_day", "leech_threshold"}, ...]}

``topic`` is the topic's slug and ``card`` the card's key (stable across re-imports); easiness
is a decimal string ("2.50"); dates are ISO 8601 (a ``due`` date is in the learner's study day);
``answers`` lists every answer ever given, oldest first, undone ones included and marked (kind
scheduled, redrill, ahead for a review ahead, cram for one that moved no schedule, practice),
and the learner's card actions (kind bury, suspend, unsuspend, mark, flag; quality null). An
answer's "_before" fields are the card's state before it (null: no state yet); version 1 had
them as one "state_before" object, and a whole "state_after" object.
Every query starts from the learner: nobody else's rows can be in it.
"""

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import F

from cards.models import CardReport
from scheduler.models import Enrolment, ReviewLog, ReviewState, StudyProfile

FORMAT = "spacecards-my-data"
VERSION = 2
SETTINGS = (
    "time_zone",
    "day_starts_at",
    "new_cards_per_day",
    "reviews_per_day",
    "grading_scale",
    "exam_date",
    "leech_threshold",
)
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
)
ANSWER_FIELDS = (
    "quality",
    "answered_at",
    "study_day",
    "kind",
    *(f"{name}_before" for name in STATE_FIELDS),
    "interval_after",
    "repetitions_after",
    "easiness_after",
    "leech_after",
    "undone",
)
REPORT_FIELDS = ("reason", "note", "created_at", "resolved_at")
# The topics studied or left, each with its own plan (null: the settings' value).
ENROLMENT_FIELDS = (
    "enrolled_at",
    "left_at",
    "exam_date",
    "new_cards_per_day",
    "reviews_per_day",
    "leech_threshold",
)


def my_data(user, *, now: datetime) -> dict[str, Any]:
    profile = StudyProfile.for_user(user)
    states = (
        ReviewState.objects.for_user(user)
        .order_by("topic__slug", "card__position")
        .values("topic__slug", "card__key", *STATE_FIELDS)
    )
    answers = (
        ReviewLog.objects.for_user(user)
        .order_by("answered_at", "pk")
        .values("topic__slug", "card__key", *ANSWER_FIELDS)
    )
    reports = (
        CardReport.objects.filter(reporter=user)
        .order_by("created_at", "pk")
        .values("card__key", *REPORT_FIELDS, topic__slug=F("card__topic__slug"))
    )
    enrolments = (
        Enrolment.objects.for_user(user)
        .order_by("topic__slug")
        .values(*ENROLMENT_FIELDS, topic__slug=F("topic__slug"))
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now.isoformat(),
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
        },
        "settings": {name: _json(getattr(profile, name)) for name in SETTINGS},
        "review_states": [_row(row, STATE_FIELDS) for row in states],
        "answers": [_row(row, ANSWER_FIELDS) for row in answers],
        "reports": [_row(row, REPORT_FIELDS) for row in reports],
        "enrolments": [
            {"topic": row["topic__slug"], **{name: _json(row[name]) for name in ENROLMENT_FIELDS}}
            for row in enrolments
        ],
    }


def my_data_json(user, *, now: datetime) -> str:
    return json.dumps(my_data(user, now=now), indent=1, ensure_ascii=False) + "\n"


def _row(row: dict, fields: tuple[str, ...]) -> dict[str, Any]:
    return {
        "topic": row["topic__slug"],
        "card": row["card__key"],
        **{name: _json(row[name]) for name in fields},
    }


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
