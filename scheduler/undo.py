"""Undo: the learner takes back their latest answer or card action of today (a part of the
one write path, scheduler.services, which re-exports it).

The undo form names the answer it takes back, so a double click, a second tab or a replayed
request undoes that answer once and is then refused. Every record the answer wrote is taken
back in the same transaction: the state, both day roll-ups, the domain's standing, and the
new-card cursor when the card becomes new again.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction

from cards.models import Card, Topic
from scheduler import domain_rollup, new_card_cursor, rollup, standing
from scheduler.enrolment import plan_for
from scheduler.models import ReviewLog, ReviewState, StudyProfile
from scheduler.services_common import Stale as _Stale
from scheduler.services_common import today_for
from scheduler.state_snapshots import restore


@dataclass(frozen=True)
class UndoResult:
    undone: bool
    refusal: str
    # The card that was undone, to be shown again, and the queue positioned on it.
    card: Card | None
    log: ReviewLog | None


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
            domain_rollup.take_back(log)  # and readiness's, of the card's domain
            state = ReviewState.objects.select_for_update().get(user=user, card=log.card)
            restored = restore(log)
            restored["version"] = state.version + 1
            if not ReviewState.objects.filter(pk=state.pk, version=state.version).update(
                **restored
            ):
                raise _Stale
            # Undoing a card's first answer or its suspension makes it new again.
            new_card_cursor.state_restored(
                user_id=user.pk, card=log.card, state=state, restored=restored
            )
            # The card's domain's standing takes back what the answer added (a re-drill or
            # an action added nothing: no plan is read, nothing written).
            current = standing.fields_of(state)
            profile = StudyProfile.for_user(user)
            standing.record_change(
                user_id=user.pk,
                card_id=log.card_id,
                before=current,
                after=current | {k: v for k, v in restored.items() if k in current},
                basis=lambda: standing.basis_for(
                    profile, plan_for(user, profile, log.topic_id).exam_date, today
                ),
            )
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
    if log.kind == ReviewLog.Kind.CRAM:
        return "That was a cram answer: undo it on its cram page, where it was given."
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
