"""The one write path for learning state: answer_card, undo_last_answer, the learner's card
actions (bury_card, suspend_card, unsuspend_card, set_mark, set_flag), delete_account_and_data.

Views, admin actions and tests call these; nothing else writes a ReviewState or ReviewLog.
Each runs in one transaction. A form carries the version of the state it was rendered with;
an answer whose version is not the current one (double click, second tab, back button,
replayed request) is refused and changes nothing. Likewise the undo form names the answer it
takes back, so repeating it undoes nothing more.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from cards.models import Card, CardReport, Topic
from scheduler import rollup
from scheduler.models import ReviewDay, ReviewLog, ReviewState, StudyProfile
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


@dataclass(frozen=True)
class AnswerResult:
    applied: bool
    # Why an answer was refused, in words for the learner; "" when applied.
    refusal: str
    log: ReviewLog | None
    # What the page shows next: the next card of the card's topic and the header's counts.
    next: Queue

    @property
    def became_leech(self) -> bool:
        """This answer failed the card once too often: it is now suspended for the learner."""
        return bool(
            self.log and self.log.state_after.get("leech") and not self.log.state_before["leech"]
        )


@dataclass(frozen=True)
class UndoResult:
    undone: bool
    refusal: str
    # The card that was undone, to be shown again, and the queue positioned on it.
    card: Card | None
    log: ReviewLog | None


class _Stale(Exception):
    pass


def out_of_study(card: Card) -> str:
    """Why an inactive card is no longer studied, in words for the learner.

    Suspended (an editor took it out, retired_at unset) and retired (by an editor for good, or
    by an import because the card left its topic's guide) read differently, and neither is
    "answered meanwhile".
    """
    if card.retired_at is None:
        return "suspended by an editor"
    if card.retired_by_editor:
        return "retired by an editor"
    return "retired: it is no longer in its topic's guide"


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
        return result(f"This card was {out_of_study(card)}; your answer was not counted.")
    try:
        with transaction.atomic():
            log = _record_answer(user, profile, card, quality, expected_version, now, today)
    except (_Stale, IntegrityError):
        # IntegrityError: another request created this learner's state for the card first.
        return result("That answer was already recorded (or the page was out of date).")
    return result(log=log)


def _record_answer(
    user,
    profile: StudyProfile,
    card: Card,
    quality: int,
    expected_version: int,
    now: datetime,
    today: date,
) -> ReviewLog:
    state = ReviewState.objects.select_for_update().filter(user=user, card=card).first()
    if (state.version if state else 0) != expected_version:
        raise _Stale
    if state is None:
        state = ReviewState(user=user, card=card, topic_id=card.topic_id)
    before = snapshot(state)

    # Only the first answer of the study day moves the schedule; later ones are re-drills.
    redrill = state.introduced_on is not None and state.last_answered_on == today
    if not redrill:
        # The learner's algorithm (SM-2 or FSRS) sets the interval; both memories advance.
        outcome = profile.algorithm().review(state.memory, quality, today)
        if quality < 3 and state.repetitions > 0:
            state.lapses += 1
            if is_leech(state.lapses, profile.leech_threshold):
                state.suspended = state.leech = True
        state.remember(outcome.memory)
        state.interval = outcome.interval
        state.due = today + timedelta(days=outcome.interval)
        state.introduced_on = state.introduced_on or today
    state.redrill = quality < REDRILL_BELOW
    state.reviews += 1
    state.last_answered_on = today
    state.last_answered_at = now
    state.version = expected_version + 1
    _save_if_unchanged(state, expected_version)

    log = ReviewLog.objects.create(
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
    rollup.record_answer(log)  # the statistics' day row, in this transaction
    return log


def is_leech(lapses: int, threshold: int) -> bool:
    """Anki's rule: a leech at the threshold, and again every half threshold after it."""
    return lapses >= threshold and (lapses - threshold) % max(1, threshold // 2) == 0


def _save_if_unchanged(state: ReviewState, expected_version: int) -> None:
    """Write the state only if nobody changed it since it was read (optimistic lock)."""
    if state.pk is None:
        state.save(force_insert=True)  # A concurrent first answer fails on the unique key.
        return
    fields = {name: getattr(state, name) for name in STATE_FIELDS}
    updated = ReviewState.objects.filter(pk=state.pk, version=expected_version).update(**fields)
    if not updated:
        raise _Stale


def undo_last_answer(*, user, log_id: int, now: datetime, topic: Topic | None = None) -> UndoResult:
    """Take back the answer `log_id` names, if it is still the learner's latest of today.

    The undo form carries the id of the answer it was rendered to take back, so a double
    click, a second tab or a replayed request undoes that answer once and is then refused,
    instead of reaching for the answer before it. With `topic`, only that topic's answers
    count as "latest" (the review page undoes within its topic).
    The state goes back to exactly what it was before that answer; the log row stays, marked
    undone.
    """
    today = today_for(user, now)
    try:
        with transaction.atomic():
            # Lock the named answer: racing undos of it queue here and see it undone.
            log = (
                ReviewLog.objects.for_user(user)
                .select_for_update()
                .select_related("card")
                .filter(pk=log_id)
                .first()
            )
            refusal = _undo_refusal(user, log, log_id, today, topic)
            if refusal:
                return UndoResult(False, refusal, None, None)
            # Conditional updates: a second undo racing this one finds nothing left to change.
            if not ReviewLog.objects.filter(pk=log.pk, undone=False).update(undone=True):
                raise _Stale
            rollup.take_back(log)  # the statistics' day row, in this transaction
            state = ReviewState.objects.select_for_update().get(user=user, card=log.card)
            restored = restore(log.state_before)
            restored["version"] = state.version + 1
            if not ReviewState.objects.filter(pk=state.pk, version=state.version).update(
                **restored
            ):
                raise _Stale
    except _Stale:
        return UndoResult(False, ALREADY_UNDONE, None, None)
    log.undone = True
    return UndoResult(True, "", log.card, log)


ALREADY_UNDONE = "That answer was already undone; nothing else was taken back."


def _undo_refusal(
    user, log: ReviewLog | None, log_id: int, today: date, topic: Topic | None
) -> str:
    """Why the answer `log_id` cannot be undone now, or "" if it can."""
    if log is None or (topic is not None and log.topic_id != topic.pk):
        where = f" in {topic.title}" if topic is not None else ""
        return f"There is no answer {log_id} of yours{where} to undo."
    if log.undone:
        return ALREADY_UNDONE
    if log.study_day != today:
        return "That answer is from an earlier study day; only today's answers can be undone."
    latest = ReviewLog.objects.for_user(user).undoable(today, topic.pk if topic else None)
    if latest.values_list("pk", flat=True).first() != log.pk:
        return (
            "That is no longer your latest answer (you answered again since, perhaps in "
            "another tab); nothing was undone."
        )
    return ""


def log_practice_misses(*, user, cards: list[Card], now: datetime) -> None:
    """Note that the learner missed practice questions on these cards.

    A log of its own kind: the SM-2 state is not touched (before = after), and the queue
    brings each card back until it is answered in review again. Called inside the practice
    submission's transaction.
    """
    today = today_for(user, now)
    states = {
        state.card_id: snapshot(state)
        for state in ReviewState.objects.for_user(user).filter(card__in=cards)
    }
    ReviewLog.objects.bulk_create(
        ReviewLog(
            user=user,
            card=card,
            topic_id=card.topic_id,
            quality=0,
            answered_at=now,
            study_day=today,
            kind=ReviewLog.Kind.PRACTICE_MISS,
            state_before=states.get(card.pk, {}),
            state_after=states.get(card.pk, {}),
            interval_before=states.get(card.pk, {}).get("interval", 0),
            interval_after=states.get(card.pk, {}).get("interval", 0),
        )
        for card in cards
    )


# --- The learner's own card actions ---------------------------------------------------------
# Each changes only the acting learner's ReviewState for the card (created, still new, if they
# never answered it), carries the version its form was rendered with like an answer does, and
# is logged as a ReviewLog of its kind, so undo takes it back like an answer.


@dataclass(frozen=True)
class ActionResult:
    applied: bool
    # Why the action was refused, in words for the learner; "" when applied.
    refusal: str
    log: ReviewLog | None
    # The learner's state for the card after the action (None when refused).
    state: ReviewState | None


ALREADY_DONE = "That was already done (or the page was out of date); nothing changed."


def bury_card(*, user, card: Card, expected_version: int, now: datetime) -> ActionResult:
    """Out of today's queue for this learner; back on their next study day."""

    def bury(state: ReviewState, today: date) -> str:
        if state.buried_on == today:
            return "That card is already buried until tomorrow."
        state.buried_on = today
        return ""

    return _act(user, card, expected_version, now, ReviewLog.Kind.BURY, bury, active_only=True)


def suspend_card(*, user, card: Card, expected_version: int, now: datetime) -> ActionResult:
    """Out of this learner's queues until they unsuspend it; nobody else is affected."""

    def suspend(state: ReviewState, today: date) -> str:
        if state.suspended:
            return "That card is already suspended for you."
        state.suspended = True
        return ""

    return _act(
        user, card, expected_version, now, ReviewLog.Kind.SUSPEND, suspend, active_only=True
    )


def unsuspend_card(*, user, card: Card, expected_version: int, now: datetime) -> ActionResult:
    """Back into this learner's queues (a leech too: it stays counted as one until it lapses)."""

    def unsuspend(state: ReviewState, today: date) -> str:
        if not state.suspended:
            return "That card is not suspended for you."
        state.suspended = False
        state.leech = False
        return ""

    return _act(user, card, expected_version, now, ReviewLog.Kind.UNSUSPEND, unsuspend)


def set_mark(
    *, user, card: Card, marked: bool, expected_version: int, now: datetime
) -> ActionResult:
    def mark(state: ReviewState, today: date) -> str:
        if state.marked == marked:
            return "That card is already marked." if marked else "That card is not marked."
        state.marked = marked
        return ""

    return _act(user, card, expected_version, now, ReviewLog.Kind.MARK, mark)


FLAGS = {0: "no flag", 1: "red", 2: "orange", 3: "green", 4: "blue"}


def set_flag(*, user, card: Card, flag: int, expected_version: int, now: datetime) -> ActionResult:
    """Anki's flags 1–4 (red, orange, green, blue); 0 takes the flag off."""
    if isinstance(flag, bool) or flag not in FLAGS:
        raise ValueError(f"flag must be one of 0, 1, 2, 3, 4, not {flag!r}")

    def set_it(state: ReviewState, today: date) -> str:
        if state.flag == flag:
            return f"That card already has {FLAGS[flag]}." if flag else "That card has no flag."
        state.flag = flag
        return ""

    return _act(user, card, expected_version, now, ReviewLog.Kind.FLAG, set_it)


def _act(
    user,
    card: Card,
    expected_version: int,
    now: datetime,
    kind: str,
    change: Callable[[ReviewState, date], str],
    active_only: bool = False,
) -> ActionResult:
    """Apply `change` to the learner's state for `card` and log it, or refuse and change nothing.

    `change` edits the state in place and returns "" or, when there is nothing to change, why.
    """
    if active_only and not card.is_active:
        return ActionResult(False, f"This card was {out_of_study(card)}.", None, None)
    today = today_for(user, now)
    try:
        with transaction.atomic():
            state = ReviewState.objects.select_for_update().filter(user=user, card=card).first()
            if (state.version if state else 0) != expected_version:
                raise _Stale
            if state is None:
                state = ReviewState(user=user, card=card, topic_id=card.topic_id)
            before = snapshot(state)
            refusal = change(state, today)
            if refusal:
                return ActionResult(False, refusal, None, None)
            state.version = expected_version + 1
            _save_if_unchanged(state, expected_version)
            log = ReviewLog.objects.create(
                user=user,
                card=card,
                topic_id=card.topic_id,
                quality=None,
                answered_at=now,
                study_day=today,
                kind=kind,
                state_before=before,
                state_after=snapshot(state),
                interval_before=state.interval,
                interval_after=state.interval,
            )
    except (_Stale, IntegrityError):
        return ActionResult(False, ALREADY_DONE, None, None)
    return ActionResult(True, "", log, state)


@dataclass(frozen=True)
class ReportResult:
    applied: bool
    refusal: str
    report: CardReport | None


def report_card(*, user, card: Card, reason: str, note: str, now: datetime) -> ReportResult:
    """A learner's "this card is wrong", for the editors' worklist; it changes no card.

    One open report per learner and card: a repeated submission is refused, not doubled.
    """
    if reason not in CardReport.Reason.values:
        raise ValueError(f"reason must be one of {', '.join(CardReport.Reason.values)}")
    note = note.strip()
    if reason == CardReport.Reason.OTHER and not note:
        return ReportResult(False, "Say in the note what is wrong with the card.", None)
    try:
        with transaction.atomic():
            report = CardReport.objects.create(
                card=card, reporter=user, reason=reason, note=note, created_at=now
            )
    except IntegrityError:
        return ReportResult(
            False, "You already reported this card; an editor will look at it.", None
        )
    return ReportResult(True, "", report)


@dataclass(frozen=True)
class AccountData:
    """What a learner's account holds, as the "delete my account" page states it."""

    answers: int
    cards_in_progress: int


def account_data(user) -> AccountData:
    return AccountData(
        answers=ReviewLog.objects.for_user(user).count(),
        cards_in_progress=ReviewState.objects.for_user(user).count(),
    )


def delete_account_and_data(*, user) -> AccountData:
    """Delete the learner's answers, card states, settings and account, all or nothing.

    The one way review history is deleted: ReviewState and ReviewLog PROTECT their user, so a
    plain user.delete() refuses. Returns what was deleted, for the confirmation.
    """
    with transaction.atomic():
        # Lock the account first: an answer racing this cannot add a state or log under it.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        deleted = account_data(user)
        ReviewLog.objects.for_user(user).delete()
        ReviewDay.objects.for_user(user).delete()
        ReviewState.objects.for_user(user).delete()
        user.delete()  # the StudyProfile goes with it
    return deleted


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
