"""One card's terms in its domain's standing (scheduler.standing_terms), without a database."""

from datetime import date

import pytest

from scheduler.algorithms import fsrs
from scheduler.standing_terms import Basis, Terms, prediction_date, terms

MODEL = fsrs.Model()
FACTOR, DECAY = MODEL.forgetting_curve
ON = date(2026, 12, 20)
BASIS = Basis(ON, FACTOR, DECAY, 0.9)


def state(**fields):
    return {
        "introduced_on": date(2026, 11, 1),
        "repetitions": 0,
        "interval": 1,
        "fsrs_stability": None,
        "fsrs_reviewed_on": None,
    } | fields


@pytest.mark.parametrize("reviewed_on", [date(2026, 11, 20), ON, date(2027, 1, 5)])
@pytest.mark.parametrize("stability", [0.5, 3.0, 40.0])
def test_recall_is_the_librarys_on_the_basis_date(stability, reviewed_on):
    memory = fsrs.FSRSState(stability, 5.0, reviewed_on)

    found = terms(state(fsrs_stability=stability, fsrs_reviewed_on=reviewed_on), BASIS)

    assert found.recall_sum == MODEL.retrievability(memory, ON)
    assert found.weak == (found.recall_sum < 0.9)
    assert found.missing == (0.9 - found.recall_sum if found.weak else 0.0)
    assert found.without_memory == 0


def test_counts_follow_the_measures():
    assert terms(state(introduced_on=None, repetitions=5, interval=30), BASIS) == Terms()
    assert terms(state(), BASIS) == Terms(seen=1, without_memory=1, weak=1, missing=0.9)
    learned = terms(state(repetitions=2, interval=21), BASIS)
    assert (learned.seen, learned.learned, learned.mature) == (1, 1, 1)
    assert terms(state(repetitions=None), BASIS).learned == 0


def test_a_difference_of_nothing_is_false():
    card = terms(state(repetitions=3, fsrs_stability=9.0, fsrs_reviewed_on=ON), BASIS)

    assert not card - card
    assert card - Terms() == card
    assert (Terms() - card).seen == -1


def test_the_prediction_date_is_the_exam_date_until_it_passes():
    today = date(2026, 11, 26)
    assert prediction_date(None, today) == today
    assert prediction_date(date(2026, 12, 1), today) == date(2026, 12, 1)
    assert prediction_date(date(2026, 11, 1), today) == today
