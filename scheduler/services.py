"""The one write path for learning state: answer_card, undo_last_answer, the learner's card
actions (bury_card, suspend_card, unsuspend_card, set_mark, set_flag), cram sessions
(start_cram, answer_cram, undo_cram_answer, from scheduler.cram), delete_account_and_data.
Extra study's other writes, answer_ahead (through this module's answer path) and
add_extra_new_cards, are in scheduler.extra_study; the practice misses a submitted exam leaves
(log_practice_misses) in scheduler.practice_services.

Views, admin actions and tests call these; nothing else writes a ReviewState or ReviewLog.
Each runs in one transaction. A form carries the version of the state it was rendered with;
an answer whose version is not the current one (double click, second tab, back button,
replayed request) is refused and changes nothing. Likewise the undo form names the answer it
takes back, so repeating it undoes nothing more.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction

from cards.models import Card
from scheduler import domain_rollup, new_card_cursor, prepared, rollup, row_writes, standing
from scheduler.account_deletion import AccountData, account_data, delete_account_and_data
from scheduler.card_actions import (
    ALREADY_DONE,
    FLAGS,
    ActionResult,
    ReportResult,
    bury_card,
    report_card,
    set_flag,
    set_mark,
    suspend_card,
    unsuspend_card,
)
from scheduler.cram import answer_cram, start_cram, undo_cram_answer
from scheduler.enrolment import StudyPlan, plan_for
from scheduler.models import ReviewLog, ReviewState, StudyProfile
from scheduler.queue import build_queue, queue_after_writes
from scheduler.queue_types import Queue
from scheduler.services_common import Stale as _Stale
from scheduler.services_common import out_of_study, save_if_unchanged, today_for
from scheduler.state_snapshots import STATE_FIELDS, before, log_entry, restore
from scheduler.undo import ALREADY_UNDONE, UndoResult, undo_last_answer
from scheduler.write_batch import write_batch

__all__ = [
    "ALREADY_DONE",
    "ALREADY_UNDONE",
    "answer_cram",
    "start_cram",
    "undo_cram_answer",
    "FLAGS",
    "STATE_FIELDS",
    "AccountData",
    "ActionResult",
    "AnswerResult",
    "ReportResult",
    "UndoResult",
    "account_data",
    "answer_card",
    "bury_card",
    "delete_account_and_data",
    "out_of_study",
    "report_card",
    "restore",
    "set_flag",
    "set_mark",
    "suspend_card",
    "today_for",
    "undo_last_answer",
    "unsuspend_card",
]


# Below Good, a card comes back in the same session (the SM-2 same-day rule).
REDRILL_BELOW = 4


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
        return bool(self.log and self.log.leech_after and not self.log.leech_before)


# answer_card's `state` when the caller did not read it: read it in the transaction.
READ_HERE = object()


def answer_card(
    *,
    user,
    card: Card,
    quality: int,
    expected_version: int,
    now: datetime,
    plan: StudyPlan | None = None,
    state: ReviewState | None | object = READ_HERE,
) -> AnswerResult:
    """Record the answer; `plan` is the learner's plan for the card's topic (its leech
    threshold and limits), looked up when the caller has not fetched it with the card.

    `state`: the learner's state of the card as the caller read it with the card (None: they
    have none yet; scheduler.forms.CardInTopicField), so it is not read again. Reading it
    before the transaction is safe: the write goes through only if the state's version is
    still `expected_version` (or, for a first answer, no state was created meanwhile).
    """
    if isinstance(quality, bool) or not isinstance(quality, int) or not 0 <= quality <= 5:
        raise ValueError(f"quality must be a whole number from 0 to 5, not {quality!r}")
    profile = StudyProfile.for_user(user)
    today = profile.today(now)
    plan = plan or plan_for(user, profile, card.topic_id)

    def refused(refusal: str) -> AnswerResult:
        queue = build_queue(
            user=user, profile=profile, topic_id=card.topic_id, today=today, plan=plan
        )
        return AnswerResult(False, refusal, None, queue)

    if not card.is_active:
        return refused(f"This card was {out_of_study(card)}; your answer was not counted.")
    try:
        with transaction.atomic():
            if state is READ_HERE:
                state = _state_for_update(user, card)  # read before the batch: it waits
            # The next card's query goes with the answer's writes (queue_after_writes), and
            # on PostgreSQL the COMMIT with both: nothing follows them in the transaction.
            with write_batch(commit=True):
                log = _record_answer(
                    user, profile, plan, card, quality, expected_version, now, today, state=state
                )
                next_queue = queue_after_writes(
                    user=user,
                    profile=profile,
                    topic_id=card.topic_id,
                    today=today,
                    just_failed=quality < REDRILL_BELOW,
                    plan=plan,
                )
    except (_Stale, IntegrityError):
        # IntegrityError: another request created this learner's state for the card first.
        return refused("That answer was already recorded (or the page was out of date).")
    return AnswerResult(True, "", log, next_queue())


def _record_answer(
    user,
    profile: StudyProfile,
    plan: StudyPlan,
    card: Card,
    quality: int,
    expected_version: int,
    now: datetime,
    today: date,
    ahead_until: date | None = None,
    state: ReviewState | None | object = READ_HERE,
) -> ReviewLog:
    """Answer in the caller's transaction; `ahead_until`: a review ahead (scheduler.extra_study),
    refused with NotDueAhead unless the card falls due after today and by that day. `state`
    as answer_card's."""
    if state is READ_HERE:
        state = _state_for_update(user, card)
    if (state.version if state else 0) != expected_version:
        raise _Stale
    if ahead_until is not None and not _due_ahead(state, today, ahead_until):
        raise NotDueAhead
    if state is None:
        state = ReviewState.first_of(user, card)
    state_before = before(state)
    introduces = state.introduced_on is None
    fields_before = standing.fields_of(state)

    # Only the first answer of the study day moves the schedule; later ones are re-drills.
    redrill = state.introduced_on is not None and state.last_answered_on == today
    if not redrill:
        # The learner's algorithm (SM-2 or FSRS) sets the interval; both memories advance.
        outcome = profile.algorithm().review(state.memory, quality, today)
        if quality < 3 and state.repetitions > 0:
            state.lapses += 1
            if is_leech(state.lapses, plan.leech_threshold):
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
    # The answer's writes need none of each other's results: on PostgreSQL they go as one
    # batch, and a stale state raises Stale (rolling all of them back) when it ends.
    with write_batch():
        save_if_unchanged(state, expected_version)
        log = row_writes.insert(
            log_entry(
                user=user,
                card=card,
                kind=ReviewLog.Kind.REDRILL
                if redrill
                else (ReviewLog.Kind.AHEAD if ahead_until else ReviewLog.Kind.SCHEDULED),
                quality=quality,
                now=now,
                today=today,
                state_before=state_before,
                state=state,
            )
        )
        rollup.record_answer(log)  # the statistics' day row, in this transaction
        domain_rollup.record_answer(log)  # and readiness's, of the card's domain
        if introduces:
            # Their new cards here now begin past this one (one statement; none for a review).
            new_card_cursor.advance(user_id=user.pk, topic_id=card.topic_id)
        standing.record_change(  # and the card's domain's standing (scheduler.domain_standing)
            user_id=user.pk,
            card_id=card.pk,
            before=fields_before,
            after=standing.fields_of(state),
            basis=lambda: standing.basis_for(profile, plan.exam_date, today),
        )
    return log


def _state_for_update(user, card: Card) -> ReviewState | None:
    """The learner's state of `card`, locked (compiled once, scheduler.prepared)."""
    return prepared.instance(
        ("state for update",),
        ReviewState,
        lambda v: ReviewState.objects.select_for_update().filter(
            user_id=v.user_id, card_id=v.row_id
        ),
        prepared.Values(user.pk, row_id=card.pk),
    )


class NotDueAhead(Exception):
    """A review-ahead answer to a card that is not (or no longer) due in the chosen days."""


def _due_ahead(state: ReviewState | None, today: date, until: date) -> bool:
    return (
        state is not None
        and state.introduced_on is not None
        and state.due is not None
        and today < state.due <= until
        and state.last_answered_on != today
        and not state.suspended
        and state.buried_on != today
    )


def is_leech(lapses: int, threshold: int) -> bool:
    """Anki's rule: a leech at the threshold, and again every half threshold after it."""
    return lapses >= threshold and (lapses - threshold) % max(1, threshold // 2) == 0
