"""Answering as a page does, at a chosen moment."""

from datetime import UTC, datetime, timedelta

from scheduler.models import ReviewState
from scheduler.services import answer_card

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
