"""All of one learner's own learning data, as JSON they can download ("My data" in settings).

The format (version 1), one UTF-8 JSON object:

    {"format": "spacecards-my-data", "version": 1, "exported_at": ISO 8601 datetime,
     "account":  {"username", "email", "date_joined"},
     "settings": {"time_zone", "day_starts_at", "new_cards_per_day", "reviews_per_day",
                  "grading_scale", "exam_date", "leech_threshold"},
     "review_states": [{"topic", "card", "repetitions", "easiness", "interval", "due",
                        "lapses", "reviews", "redrill", "introduced_on", "last_answered_on",
                        "last_answered_at", "buried_on", "suspended", "leech", "marked",
                        "flag"}, ...],
     "answers": [{"topic", "card", "quality", "answered_at", "study_day", "kind",
                  "interval_before", "interval_after", "state_before", "state_after",
                  "undone"}, ...],
     "reports": [{"topic", "card", "reason", "note", "created_at", "resolved_at"}, ...]}

``topic`` is the topic's slug and ``card`` the card's key (stable across re-imports); easiness
is a decimal string ("2.50"); dates are ISO 8601 (a ``due`` date is in the learner's study day);
``answers`` lists every answer ever given, oldest first, undone ones included and marked (kind
scheduled, redrill, ahead for a review ahead, cram for one that moved no schedule, practice),
and the learner's card actions (kind bury, suspend, unsuspend, mark, flag; quality null).
Every query starts from the learner: nobody else's rows can be in it.
"""

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import F

from cards.models import CardReport
from scheduler.models import ReviewLog, ReviewState, StudyProfile

FORMAT = "spacecards-my-data"
VERSION = 1
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
    "interval_before",
    "interval_after",
    "state_before",
    "state_after",
    "undone",
)
REPORT_FIELDS = ("reason", "note", "created_at", "resolved_at")


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
