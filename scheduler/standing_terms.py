"""What one card adds to its domain's standing (scheduler.domain_standing), in plain Python.

The answer and the undo add the difference between a card's terms after and before; the
rebuild counts the same terms in SQL (scheduler.stats.standing_scan). So `terms` follows that
query exactly: an introduced state is seen; learned from LEARNED_REPETITIONS repetitions;
mature from a MATURE_INTERVAL-day interval; its recall on the basis's date is
R = (1 + factor · t / S) ^ decay with t = max(0, days since its FSRS review), computed in the
same order, and 0 without an FSRS memory; weak below the target, missing by target − R.
No database here: the callers pass the fields in.
"""

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from scheduler.stats.measures import LEARNED_REPETITIONS, MATURE_INTERVAL


def prediction_date(exam_date: date | None, today: date) -> date:
    """The day recall is predicted for: the exam date, or today without one (or once it
    passed)."""
    return exam_date if exam_date and exam_date >= today else today


@dataclass(frozen=True)
class Basis:
    """What the recall terms depend on besides the cards: the prediction date and the
    learner's forgetting curve (factor, decay) and desired retention (target)."""

    on: date
    factor: float
    decay: float
    target: float


@dataclass(frozen=True)
class Terms:
    seen: int = 0
    learned: int = 0
    mature: int = 0
    without_memory: int = 0
    recall_sum: float = 0.0
    weak: int = 0
    missing: float = 0.0

    def __sub__(self, other: "Terms") -> "Terms":
        return Terms(
            *(getattr(self, f.name) - getattr(other, f.name) for f in fields(Terms))  # type: ignore[arg-type]
        )

    def __bool__(self) -> bool:
        """Whether any term is not zero: a difference of nothing needs no write."""
        return any(getattr(self, f.name) for f in fields(Terms))


COUNTS = ("seen", "learned", "mature", "without_memory")
RECALL = ("recall_sum", "weak", "missing")


def recall(stability: float | None, reviewed_on: date | None, basis: Basis) -> float:
    if stability is None or reviewed_on is None:
        return 0.0
    elapsed = float(max(0, (basis.on - reviewed_on).days))
    return (1.0 + basis.factor * elapsed / stability) ** basis.decay


def terms(state: Mapping[str, Any], basis: Basis) -> Terms:
    """The terms of a ReviewState given as {field name: value} (None: no state)."""
    if state.get("introduced_on") is None:
        return Terms()
    stability, reviewed_on = state.get("fsrs_stability"), state.get("fsrs_reviewed_on")
    r = recall(stability, reviewed_on, basis)
    below = r < basis.target
    return Terms(
        seen=1,
        learned=int((state.get("repetitions") or 0) >= LEARNED_REPETITIONS),
        mature=int((state.get("interval") or 0) >= MATURE_INTERVAL),
        without_memory=int(stability is None or reviewed_on is None),
        recall_sum=r,
        weak=int(below),
        missing=basis.target - r if below else 0.0,
    )
