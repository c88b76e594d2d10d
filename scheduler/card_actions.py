"""The learner's own card actions (bury, suspend, unsuspend, mark, flag) and their reports.

Part of the one write path (scheduler.services re-exports them): each runs in one transaction,
refuses a stale or repeated form like an answer, and is logged so undo takes it back.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction

from cards.models import Card, CardReport
from scheduler import new_card_cursor
from scheduler.models import ReviewLog, ReviewState
from scheduler.services_common import Stale, out_of_study, save_if_unchanged, today_for
from scheduler.state_snapshots import before, log_entry

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
                raise Stale
            if state is None:
                state = ReviewState.first_of(user, card)
            state_before = before(state)
            was_not_new = new_card_cursor.permanently_not_new(state.introduced_on, state.suspended)
            refusal = change(state, today)
            if refusal:
                return ActionResult(False, refusal, None, None)
            state.version = expected_version + 1
            save_if_unchanged(state, expected_version)
            # An unsuspended card never introduced is new again.
            new_card_cursor.card_state_changed(
                user_id=user.pk,
                card=card,
                was_not_new=was_not_new,
                not_new=new_card_cursor.permanently_not_new(state.introduced_on, state.suspended),
            )
            log = log_entry(
                user=user,
                card=card,
                kind=kind,
                quality=None,
                now=now,
                today=today,
                state_before=state_before,
                state=state,
            )
            log.save(force_insert=True)
    except (Stale, IntegrityError):
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
