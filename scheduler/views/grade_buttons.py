"""What each grade button on a card's back says will happen.

A grade below Good re-drills the card: it comes back later in this session (DESIGN.md, the
SM-2 same-day rule), so its button says "again today" rather than the interval it also sets.
The others show the interval the learner's algorithm (SM-2 or FSRS) gives; under SM-2, where
two of them give the same interval but change the easiness differently, the one that lengthens
(or shortens) later intervals says so.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from scheduler.algorithms import SM2, Memory, Outcome
from scheduler.forms import SIX_GRADE_HINTS, grades_for
from scheduler.models import ReviewState, StudyProfile
from scheduler.services import REDRILL_BELOW

AGAIN_TODAY = "again today"


@dataclass(frozen=True)
class GradeButton:
    quality: int
    name: str
    key: str
    interval: int
    outcome: str
    hint: str = ""
    default: bool = False

    @property
    def redrills(self) -> bool:
        return self.outcome == AGAIN_TODAY

    @property
    def interval_label(self) -> str:
        return interval_label(self.interval)


def interval_label(days: int) -> str:
    if days < 1:
        return "today"
    if days == 1:
        return "1 day"
    if days < 31:
        return f"{days} days"
    if days < 365:
        return f"{days / 30:.1f}".removesuffix(".0") + " months"
    return f"{days / 365:.1f}".removesuffix(".0") + " years"


def _ease_note(change: Decimal) -> str:
    """Same interval, different easiness: what that changes is the reviews after this one."""
    if change > 0:
        return ", then longer"
    if change < 0:
        return ", then shorter"
    return ""


def grade_buttons(
    profile: StudyProfile, state: ReviewState | None, redrill: bool, default: int, *, today: date
) -> list[GradeButton]:
    grades = grades_for(profile)
    algorithm = profile.algorithm()
    current = state.memory if state is not None else Memory()
    results: dict[int, Outcome]
    if redrill:
        # Only the first answer of the study day moves the schedule (DESIGN.md).
        kept = Outcome(current, state.interval if state is not None else 0)
        results = {quality: kept for quality, _, _ in grades}
    else:
        results = algorithm.preview(current, [quality for quality, _, _ in grades], today)
    passing = [quality for quality, _, _ in grades if quality >= REDRILL_BELOW]
    shared = {
        quality
        for quality in passing
        for other in passing
        if other != quality and results[other].interval == results[quality].interval
    }
    six = profile.grading_scale == StudyProfile.GradingScale.SIX
    buttons = []
    for quality, name, key in grades:
        result = results[quality]
        if quality < REDRILL_BELOW:
            outcome = AGAIN_TODAY
        else:
            outcome = ("stays " if redrill else "") + interval_label(result.interval)
            if quality in shared and not redrill and algorithm.name == SM2:
                outcome += _ease_note(result.memory.sm2.easiness - current.sm2.easiness)
        buttons.append(
            GradeButton(
                quality=quality,
                name=name,
                key=key,
                interval=result.interval,
                outcome=outcome,
                hint=SIX_GRADE_HINTS[quality] if six else "",
                default=quality == default,
            )
        )
    return buttons
