"""Pure schedulers: given a card's memory and a grade, the next memory and its interval.

Each algorithm module imports nothing from Django and takes everything it needs as arguments
(no clock). SM-2 (``sm2``) is exact and the default; FSRS (``fsrs``, through the py-fsrs
library) sits beside it. The write path (scheduler.services) and the grade buttons talk to
one small interface, ``Algorithm``, whichever a learner chose.

Every scheduled answer advances both memory models: SM-2's (repetitions, easiness, interval)
and FSRS's (stability, difficulty, last review). The chosen algorithm only decides the
interval, so switching from one to the other loses nothing, and the exam prediction can read
an FSRS memory for every learner.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from scheduler.algorithms import fsrs, sm2
from scheduler.algorithms.fsrs import FSRSState
from scheduler.algorithms.sm2 import SM2State

SM2 = "sm2"
FSRS = "fsrs"
DEFAULT = SM2


@dataclass(frozen=True)
class Memory:
    """Both memory models of one card."""

    sm2: SM2State = SM2State()
    fsrs: FSRSState = FSRSState()


@dataclass(frozen=True)
class Outcome:
    memory: Memory
    # Days until the card is due again, as the chosen algorithm schedules it.
    interval: int


class Algorithm(Protocol):
    name: str

    def review(self, memory: Memory, quality: int, day: date) -> Outcome:
        """The outcome of answering on `day`, with grade `quality` (0..5), a card in `memory`."""
        ...

    def preview(self, memory: Memory, qualities: Iterable[int], day: date) -> dict[int, Outcome]:
        """The outcome each grade would have, for the labels on the grade buttons."""
        ...


@dataclass(frozen=True)
class _Scheduling:
    name: str
    model: fsrs.Model

    def review(self, memory: Memory, quality: int, day: date) -> Outcome:
        sm2_next = sm2.review(memory.sm2, quality)
        fsrs_next, fsrs_interval = self.model.review(memory.fsrs, quality, day)
        interval = fsrs_interval if self.name == FSRS else sm2_next.interval
        return Outcome(Memory(sm2_next, fsrs_next), interval)

    def preview(self, memory: Memory, qualities: Iterable[int], day: date) -> dict[int, Outcome]:
        return {quality: self.review(memory, quality, day) for quality in qualities}


def choose(
    name: str,
    *,
    parameters: Sequence[float] | None = None,
    desired_retention: float = fsrs.DEFAULT_RETENTION,
) -> Algorithm:
    """The algorithm `name` ("sm2" or "fsrs"), with a learner's FSRS parameters and retention."""
    if name not in (SM2, FSRS):
        raise ValueError(f"scheduler must be {SM2!r} or {FSRS!r}, got {name!r}")
    return _Scheduling(name, fsrs.Model(parameters, desired_retention))


__all__ = ["DEFAULT", "FSRS", "SM2", "Algorithm", "Memory", "Outcome", "choose", "fsrs", "sm2"]
