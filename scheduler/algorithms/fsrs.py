"""FSRS scheduling through the `fsrs` package (py-fsrs), in study days.

Pure: no Django, no clock; the day of each answer is passed in. The library does the memory
model (stability, difficulty, retrievability); this module only fits it to the app:

- Grades map to FSRS ratings: 0, 1, 2 → Again; 3 → Hard; 4 → Good; 5 → Easy. On the four
  buttons (quality 2/3/4/5) that is Again/Hard/Good/Easy → ratings 1–4.
- Time is whole study days: an answer counts as given at midnight UTC of its study day, so
  elapsed time is the number of study days between answers, exactly as the library counts it.
- No learning or relearning steps (minutes) and no fuzz: the app's own same-day re-drills do
  the short-term work, and only the first answer of a study day reaches the scheduler (as for
  SM-2), so the library schedules every answer straight in days, deterministically.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from fsrs import Card, Rating, Scheduler, State
from fsrs.scheduler import DEFAULT_PARAMETERS

DEFAULT_RETENTION = 0.90
MIN_RETENTION = 0.70
MAX_RETENTION = 0.99
MAX_INTERVAL_DAYS = 36500

RATINGS = {
    0: Rating.Again,
    1: Rating.Again,
    2: Rating.Again,
    3: Rating.Hard,
    4: Rating.Good,
    5: Rating.Easy,
}

__all__ = [
    "DEFAULT_PARAMETERS",
    "DEFAULT_RETENTION",
    "FSRSState",
    "Model",
    "RATINGS",
    "library_scheduler",
    "moment",
]


@dataclass(frozen=True)
class FSRSState:
    """A card's FSRS memory: None everywhere for a card never answered."""

    stability: float | None = None
    difficulty: float | None = None
    last_review: date | None = None

    @property
    def is_new(self) -> bool:
        return self.stability is None


def moment(day: date) -> datetime:
    """The instant the library is told an answer of study day `day` happened."""
    return datetime.combine(day, time(), tzinfo=UTC)


def rating(quality: int) -> Rating:
    if type(quality) is not int or quality not in RATINGS:
        raise ValueError(f"quality must be an int from 0 to 5, got {quality!r}")
    return RATINGS[quality]


def library_scheduler(
    parameters: Sequence[float] | None = None, desired_retention: float = DEFAULT_RETENTION
) -> Scheduler:
    """The library's Scheduler configured as the app uses it (days only, no fuzz)."""
    if not MIN_RETENTION <= desired_retention <= MAX_RETENTION:
        raise ValueError(
            f"desired retention must be from {MIN_RETENTION} to {MAX_RETENTION}, "
            f"got {desired_retention!r}"
        )
    return Scheduler(
        parameters=tuple(parameters) if parameters else DEFAULT_PARAMETERS,
        desired_retention=desired_retention,
        learning_steps=(),
        relearning_steps=(),
        maximum_interval=MAX_INTERVAL_DAYS,
        enable_fuzzing=False,
    )


class Model:
    """FSRS with one learner's parameters and desired retention."""

    def __init__(
        self,
        parameters: Sequence[float] | None = None,
        desired_retention: float = DEFAULT_RETENTION,
    ) -> None:
        self.scheduler = library_scheduler(parameters, desired_retention)
        # The forgetting curve's shape, as the library derives it from the last parameter.
        self._decay = -self.scheduler.parameters[20]
        self._factor = 0.9 ** (1 / self._decay) - 1

    def _card(self, state: FSRSState) -> Card:
        # card_id and due are given so the library neither reads the clock nor sleeps.
        if state.is_new:
            return Card(card_id=1, state=State.Learning, due=moment(date.min))
        last = moment(state.last_review) if state.last_review else None
        return Card(
            card_id=1,
            state=State.Review,
            step=None,
            stability=state.stability,
            difficulty=state.difficulty,
            due=last or moment(date.min),
            last_review=last,
        )

    def review(self, state: FSRSState, quality: int, day: date) -> tuple[FSRSState, int]:
        """The memory after answering on `day` with grade `quality`, and the interval in days."""
        card, _ = self.scheduler.review_card(self._card(state), rating(quality), moment(day))
        interval = (card.due - card.last_review) // timedelta(days=1)
        return FSRSState(card.stability, card.difficulty, day), interval

    def preview(self, state: FSRSState, qualities: Iterable[int], day: date) -> dict[int, int]:
        return {quality: self.review(state, quality, day)[1] for quality in qualities}

    def replay(self, answers: Iterable[tuple[date, int]]) -> FSRSState:
        """The memory after a card's scheduled answers (day, quality), oldest first."""
        state = FSRSState()
        for day, quality in answers:
            state, _ = self.review(state, quality, day)
        return state

    @property
    def forgetting_curve(self) -> tuple[float, float]:
        """(factor, decay) of R = (1 + factor · t / S) ^ decay, for a database to compute R."""
        return self._factor, self._decay

    def retrievability(self, state: FSRSState, day: date) -> float:
        """The probability of recalling the card on `day` (0 for a card never answered).

        The library's forgetting curve, R = (1 + factor · t / S) ^ −decay with t in whole days,
        computed here without building a library Card per call: the predicted exam score asks
        it for every card of every topic on each dashboard view. Tests hold it equal to
        Scheduler.get_card_retrievability.
        """
        if state.is_new or state.last_review is None:
            return 0.0
        elapsed = max(0, (day - state.last_review).days)
        return (1 + self._factor * elapsed / state.stability) ** self._decay
