"""The one write path for learning state: answer_card and undo_last_answer.

Views, admin actions and tests call these; nothing else writes a ReviewState or ReviewLog.
Each runs in one transaction. A form carries the version of the state it was rendered with;
an answer whose version is not the current one (double click, second tab, back button,
replayed request) is refused and changes nothing.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from cards.models import Card, Topic
from scheduler.algorithms import sm2
from scheduler.models import ReviewLog, ReviewState, StudyProfile
from scheduler.queue import Queue, build_queue

# Below Good, a card comes back in the same session (the SM-2 same-day rule).
REDRILL_BELOW = 4

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
    "version",
)


@dataclass(frozen=True)
class AnswerResult:
    applied: bool
    # Why an answer was refused, in words for the learner; "" when applied.
    refusal: str
    log: ReviewLog | None
    # What the page shows next: the next card of the card's topic and the header's counts.
    next: Queue


@dataclass(frozen=True)
class UndoResult:
    undone: bool
    refusal: str
    # The card that was undone, to be shown again, and the queue positioned on it.
    card: Card | None
    log: ReviewLog | None


class _Stale(Exception):
    pass


def today_for(user, now: datetime) -> date:
    return StudyProfile.for_user(user).today(now)


def answer_card(
    *, user, card: Card, quality: int, expected_version: int, now: datetime
) -> AnswerResult:
    if isinstance(quality, bool) or not isinstance(quality, int) or not 0 <= quality <= 5:
        raise ValueError(f"quality must be a whole number from 0 to 5, not {quality!r}")
    profile = StudyProfile.for_user(user)
    today = profile.today(now)

    def result(refusal: str = "", log: ReviewLog | None = None) -> AnswerResult:
        next_queue = build_queue(
            user=user,
            profile=profile,
            topic_id=card.topic_id,
            today=today,
            just_failed=bool(log and log.state_after["redrill"]),
        )
        return AnswerResult(not refusal, refusal, log, next_queue)

    if not card.is_active:
        return result("This card has been retired or suspended; it no longer counts.")
    try:
        with transaction.atomic():
            log = _record_answer(user, card, quality, expected_version, now, today)
    except (_Stale, IntegrityError):
        # IntegrityError: another request created this learner's state for the card first.
        return result("That answer was already recorded (or the page was out of date).")
    return result(log=log)


def _record_answer(
    user, card: Card, quality: int, expected_version: int, now: datetime, today: date
) -> ReviewLog:
    state = ReviewState.objects.select_for_update().filter(user=user, card=card).first()
    if (state.version if state else 0) != expected_version:
        raise _Stale
    if state is None:
        state = ReviewState(user=user, card=card, topic_id=card.topic_id)
    before = snapshot(state)

    # Only the first answer of the study day moves the SM-2 state; later ones are re-drills.
    redrill = state.introduced_on is not None and state.last_answered_on == today
    if not redrill:
        result = sm2.review(state.sm2_state, quality)
        if quality < 3 and state.repetitions > 0:
            state.lapses += 1
        state.repetitions = result.repetitions
        state.easiness = result.easiness
        state.interval = result.interval
        state.due = today + timedelta(days=result.interval)
        state.introduced_on = state.introduced_on or today
    state.redrill = quality < REDRILL_BELOW
    state.reviews += 1
    state.last_answered_on = today
    state.last_answered_at = now
    state.version = expected_version + 1
    _save_if_unchanged(state, expected_version)

    return ReviewLog.objects.create(
        user=user,
        card=card,
        topic_id=card.topic_id,
        quality=quality,
        answered_at=now,
        study_day=today,
        kind=ReviewLog.Kind.REDRILL if redrill else ReviewLog.Kind.SCHEDULED,
        state_before=before,
        state_after=snapshot(state),
        interval_before=before["interval"],
        interval_after=state.interval,
    )


def _save_if_unchanged(state: ReviewState, expected_version: int) -> None:
    """Write the state only if nobody changed it since it was read (optimistic lock)."""
    if state.pk is None:
        state.save(force_insert=True)  # A concurrent first answer fails on the unique key.
        return
    fields = {name: getattr(state, name) for name in STATE_FIELDS}
    updated = ReviewState.objects.filter(pk=state.pk, version=expected_version).update(**fields)
    if not updated:
        raise _Stale


def undo_last_answer(*, user, now: datetime, topic: Topic | None = None) -> UndoResult:
    """Take back the learner's latest answer of today (in `topic`, if given).

    The state goes back to exactly what it was before that answer; the log row stays, marked
    undone. Called again, it takes back the answer before that one.
    """
    today = today_for(user, now)
    logs = ReviewLog.objects.for_user(user).counted().filter(study_day=today)
    if topic is not None:
        logs = logs.filter(topic=topic)
    try:
        with transaction.atomic():
            log = (
                logs.select_for_update()
                .select_related("card")
                .order_by("-answered_at", "-pk")
                .first()
            )
            if log is None:
                return UndoResult(False, "There is no answer from today to undo.", None, None)
            # Conditional updates: a second undo racing this one finds nothing left to change.
            if not ReviewLog.objects.filter(pk=log.pk, undone=False).update(undone=True):
                raise _Stale
            state = ReviewState.objects.select_for_update().get(user=user, card=log.card)
            restored = restore(log.state_before)
            restored["version"] = state.version + 1
            if not ReviewState.objects.filter(pk=state.pk, version=state.version).update(
                **restored
            ):
                raise _Stale
    except _Stale:
        return UndoResult(False, "That answer was already undone.", None, None)
    log.undone = True
    return UndoResult(True, "", log.card, log)


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
    restored = dict(values)
    restored["easiness"] = Decimal(values["easiness"])
    for name in ("due", "introduced_on", "last_answered_on"):
        restored[name] = date.fromisoformat(values[name]) if values[name] else None
    if values["last_answered_at"]:
        restored["last_answered_at"] = datetime.fromisoformat(values["last_answered_at"])
    return restored
