"""Answering and undoing as a page does, at a chosen moment."""

from datetime import UTC, datetime, timedelta

from scheduler.models import ReviewLog, ReviewState
from scheduler.services import answer_card, today_for, undo_last_answer

# 12:00 UTC: the middle of the study day for a UTC learner whose day starts at 4.
NOON = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def answer(user, card, quality: int, now: datetime = NOON):
    """Answer the way a page does: with the version of the state it was rendered from."""
    state = ReviewState.objects.for_user(user).filter(card=card).first()
    return answer_card(
        user=user,
        card=card,
        quality=quality,
        expected_version=state.version if state else 0,
        now=now,
    )


def days_later(days: int, now: datetime = NOON) -> datetime:
    return now + timedelta(days=days)


def latest_answer(user, now: datetime = NOON) -> ReviewLog | None:
    """The answer the review page's undo button names: the latest not undone of the study day."""
    return ReviewLog.objects.for_user(user).undoable(today_for(user, now)).first()


def undo(user, now: datetime = NOON):
    """Undo the way a page does: naming the latest answer the page was rendered with."""
    latest = latest_answer(user, now)
    assert latest is not None, "nothing to undo"
    return undo_last_answer(user=user, log_id=latest.pk, now=now)
