"""What the write-path modules share: the study day, why a card is out of study, and the
optimistic write that refuses a stale form."""

from datetime import date, datetime

from cards.models import Card
from scheduler import row_writes
from scheduler.models import ReviewState, StudyProfile
from scheduler.state_snapshots import STATE_FIELDS


class Stale(Exception):
    """The form's version is not the state's: refuse and change nothing."""


def today_for(user, now: datetime) -> date:
    return StudyProfile.for_user(user).today(now)


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


def save_if_unchanged(state: ReviewState, expected_version: int) -> None:
    """Write the state only if nobody changed it since it was read (optimistic lock), else
    raise Stale: at once, or when the write batch this runs in ends (scheduler.write_batch)."""
    if state.pk is None:
        row_writes.insert(state)  # A concurrent first answer fails on the unique key.
        return
    row_writes.update_if_version(state, STATE_FIELDS, expected_version, otherwise=Stale)
