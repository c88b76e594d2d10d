"""Fitting FSRS parameters with fsrs-rs-python, and the workload they predict."""

import random
from datetime import date, timedelta

from scheduler.algorithms import fsrs
from scheduler.algorithms.fsrs_optimiser import fit as fit_parameters
from scheduler.algorithms.fsrs_optimiser import training_items, workload

START = date(2026, 1, 5)


def histories(cards: int, *, seed: int, grades=(2, 4, 4, 4, 5)):
    rng = random.Random(seed)
    out = []
    for _ in range(cards):
        day, answers = START, []
        for _ in range(5):
            answers.append((day, rng.choice(grades)))
            day += timedelta(days=rng.randint(1, 20))
        out.append(answers)
    return out


def test_each_answer_after_the_first_is_one_item_with_the_days_between():
    items = training_items(
        [[(START, 4), (START + timedelta(days=3), 2), (START + timedelta(days=10), 5)]]
    )

    assert [len(item.reviews) for item in items] == [2, 3]
    last = items[-1].reviews
    # The bindings expose a review only through its repr.
    assert [repr(r) for r in last] == [
        "FSRSReview { rating: 3, delta_t: 0 }",
        "FSRSReview { rating: 1, delta_t: 3 }",
        "FSRSReview { rating: 4, delta_t: 7 }",
    ]


def test_fitted_parameters_are_accepted_by_the_scheduler_and_differ_from_the_defaults():
    fitted = fit_parameters(histories(150, seed=1))

    assert len(fitted) == len(fsrs.DEFAULT_PARAMETERS)
    assert fitted != list(fsrs.DEFAULT_PARAMETERS)
    fsrs.Model(fitted)  # in py-fsrs's bounds, or this raises


def test_a_learner_who_forgets_more_gets_more_predicted_reviews():
    forgetful = fit_parameters(histories(150, seed=2, grades=(2, 2, 2, 3, 4)))
    retentive = fit_parameters(histories(150, seed=2, grades=(4, 4, 5, 5, 5)))

    def load(parameters):
        return workload(
            parameters, 0.9, cards=300, new_per_day=20, reviews_per_day=200, days=30
        ).reviews_per_day

    assert load(forgetful) > load(retentive)


def test_the_workload_simulation_is_repeatable():
    args = {"cards": 200, "new_per_day": 10, "reviews_per_day": 100, "days": 20}
    assert workload(fsrs.DEFAULT_PARAMETERS, 0.9, **args) == workload(
        fsrs.DEFAULT_PARAMETERS, 0.9, **args
    )
