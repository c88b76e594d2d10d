"""SM-2 spaced-repetition scheduling, as specified in DESIGN.md ("SM-2, exactly").

Pure: standard library only, no Django, no clock. The model layer passes a state in,
stores the state that comes out and works out the due date from its interval.

All arithmetic is Decimal so that an interval is the ceiling of an exact product:
25 x 2.20 is 55, where the float product is 55.00000000000001 and would ceil to 56.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MAX_INTERVAL_DAYS = 36500
MIN_EASINESS = Decimal("1.30")
INITIAL_EASINESS = Decimal("2.50")

# Easiness is stored in a DecimalField with 2 decimal places; keep it at that precision here
# so what the model saves is exactly what review() computed. The grade changes are whole
# hundredths, so this only rounds an easiness that arrived with more places (hand-edited).
_EASINESS_PLACES = Decimal("0.01")

_QUALITIES = range(6)


@dataclass(frozen=True)
class SM2State:
    repetitions: int = 0
    easiness: Decimal = INITIAL_EASINESS
    interval: int = 0

    def __post_init__(self) -> None:
        # Refuse floats (and bools) at the door, so a float can never reach the arithmetic
        # or be written back to the database.
        for name in ("repetitions", "interval"):
            value = getattr(self, name)
            if type(value) is not int:
                raise TypeError(f"SM2State.{name} must be an int, got {value!r}")
        if not isinstance(self.easiness, Decimal):
            raise TypeError(f"SM2State.easiness must be a Decimal, got {self.easiness!r}")


def _check_quality(quality: object) -> int:
    # type() rather than isinstance(): True is an int to Python but never a grade.
    if type(quality) is not int or quality not in _QUALITIES:
        raise ValueError(f"quality must be an int from 0 to 5, got {quality!r}")
    return quality


def _easiness_change(quality: int) -> Decimal:
    # 5 -> +0.10, 4 -> 0, 3 -> -0.14, 2 -> -0.32, 1 -> -0.54, 0 -> -0.80
    miss = 5 - quality
    return Decimal("0.1") - miss * (Decimal("0.08") + miss * Decimal("0.02"))


def review(state: SM2State, quality: int) -> SM2State:
    """Return the state after answering a card in `state` with grade `quality` (0..5)."""
    quality = _check_quality(quality)

    if quality >= 3:
        if state.repetitions == 0:
            interval = 1
        elif state.repetitions == 1:
            interval = 6
        else:
            # The easiness from before this answer, as in SM-2. max(1, ...) only matters for
            # a hand-edited state with interval 0: it must still come back tomorrow, not today.
            interval = max(1, math.ceil(state.interval * state.easiness))
        repetitions = state.repetitions + 1
    else:
        repetitions = 0
        interval = 1

    easiness = max(MIN_EASINESS, state.easiness + _easiness_change(quality))
    return SM2State(
        repetitions=repetitions,
        easiness=easiness.quantize(_EASINESS_PLACES, rounding=ROUND_HALF_UP),
        interval=min(interval, MAX_INTERVAL_DAYS),
    )


def preview(state: SM2State, qualities: Iterable[int]) -> dict[int, int]:
    """Interval in days that each grade would give, for the labels on the grade buttons."""
    return {quality: review(state, quality).interval for quality in qualities}
