"""Fitting FSRS parameters to one learner's answers, with fsrs-rs-python (pure, no Django).

fsrs-rs-python is the Rust FSRS optimiser (burn, not an ML framework in Python): one small
wheel with no dependencies. py-fsrs's own optimiser would pull in torch and pandas.

Training data follow fsrs-rs: for every card, each scheduled answer after the first is one
item holding the card's answers up to it, each with its grade as an FSRS rating and the days
since the answer before (0 for the first).

Below MIN_ANSWERS scheduled answers the fit says more about noise than about the learner, so
we do not offer it: FSRS's advice is to optimise only after several hundred reviews (Anki's
FSRS helper has used 400 as its floor) and to keep the defaults until then.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import fmean

import fsrs_rs_python
from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from scheduler.algorithms.fsrs import DEFAULT_PARAMETERS, RATINGS

MIN_ANSWERS = 400


def training_items(
    answers_by_card: Iterable[Sequence[tuple[date, int]]],
) -> list[fsrs_rs_python.FSRSItem]:
    """fsrs-rs training items from each card's scheduled answers (day, grade), oldest first."""
    items = []
    for answers in answers_by_card:
        reviews = []
        previous: date | None = None
        for day, quality in answers:
            elapsed = 0 if previous is None else (day - previous).days
            reviews.append(fsrs_rs_python.FSRSReview(int(RATINGS[quality]), elapsed))
            previous = day
            if len(reviews) > 1:
                items.append(fsrs_rs_python.FSRSItem(list(reviews)))
    return items


def fit(answers_by_card: Iterable[Sequence[tuple[date, int]]]) -> list[float]:
    """Parameters fitted to the answers, within the bounds py-fsrs accepts."""
    items = training_items(answers_by_card)
    fitted = fsrs_rs_python.FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(items)
    # fsrs-rs works in 32-bit floats; keep each value inside py-fsrs's checked range.
    return [
        min(max(value, low), high)
        for value, low, high in zip(
            fitted, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True
        )
    ]


@dataclass(frozen=True)
class Workload:
    """What a simulated learner does per day over `days` days (fsrs-rs simulator)."""

    days: int
    reviews_per_day: float


def workload(
    parameters: Sequence[float],
    desired_retention: float,
    *,
    cards: int,
    new_per_day: int,
    reviews_per_day: int,
    days: int,
) -> Workload:
    """Mean reviews a day when studying `cards` cards from scratch with these parameters.

    The simulator is seeded, so the same inputs give the same figure: before/after compares
    only the parameters.
    """
    config = fsrs_rs_python.default_simulator_config()
    config.deck_size = max(1, cards)
    config.learn_span = max(1, days)
    config.learn_limit = new_per_day
    config.review_limit = reviews_per_day
    result = fsrs_rs_python.simulate(list(parameters), desired_retention, config, 42)
    return Workload(days, fmean(result.review_cnt_per_day))
