"""Pure schedulers: given a card's memory state and a grade, the next state and its interval.

Each algorithm is a module that imports nothing from Django and takes everything it needs as
arguments (no clock). They share one small interface, ``Algorithm``, so the write path
(scheduler.services) and the grade buttons can work with whichever one a learner chose.
SM-2 (``sm2``) is exact and the default; FSRS will sit beside it as ``fsrs``.
"""

from collections.abc import Iterable
from typing import Protocol

from scheduler.algorithms import sm2


class Algorithm[State](Protocol):
    """What a scheduler module provides (a module satisfies a Protocol through its names)."""

    def review(self, state: State, quality: int) -> State:
        """The state after answering a card in `state` with grade `quality` (0..5)."""
        ...

    def preview(self, state: State, qualities: Iterable[int]) -> dict[int, int]:
        """The interval in days each grade would give, for the labels on the grade buttons."""
        ...


ALGORITHMS: dict[str, Algorithm] = {"sm2": sm2}
DEFAULT = "sm2"

__all__ = ["ALGORITHMS", "DEFAULT", "Algorithm", "sm2"]
