"""SM-2 as specified in DESIGN.md: hand-worked sequences, known values, and invariants."""

import dataclasses
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scheduler.algorithms.sm2 import (
    INITIAL_EASINESS,
    MAX_INTERVAL_DAYS,
    MIN_EASINESS,
    SM2State,
    preview,
    review,
)


def answer_all(qualities, state=None):
    """Review one card with each grade in turn; return the state after each answer."""
    state = SM2State() if state is None else state
    states = []
    for quality in qualities:
        state = review(state, quality)
        states.append(state)
    return states


def intervals(states):
    return [s.interval for s in states]


def easinesses(states):
    return [str(s.easiness) for s in states]


# --- Sequences worked out by hand -------------------------------------------------------------
# Each interval from the third success on is ceil(previous interval x easiness before the answer).


def test_three_perfect_answers_give_1_6_17():
    # 1st: interval 1, easiness 2.50 + 0.10 = 2.60
    # 2nd: interval 6, easiness 2.70
    # 3rd: ceil(6 x 2.70 = 16.20) = 17, easiness 2.80
    states = answer_all([5, 5, 5])
    assert intervals(states) == [1, 6, 17]
    assert easinesses(states) == ["2.60", "2.70", "2.80"]
    assert [s.repetitions for s in states] == [1, 2, 3]


def test_perfect_answers_keep_growing_easiness_and_reach_420():
    # after 1, 6, 17 (easiness 2.80):
    # 4th: ceil(17 x 2.80 = 47.60) = 48,   easiness 2.90
    # 5th: ceil(48 x 2.90 = 139.20) = 140, easiness 3.00
    # 6th: ceil(140 x 3.00 = 420.00) = 420 exactly, easiness 3.10
    states = answer_all([5] * 6)
    assert intervals(states) == [1, 6, 17, 48, 140, 420]
    assert easinesses(states) == ["2.60", "2.70", "2.80", "2.90", "3.00", "3.10"]


def test_good_answers_keep_easiness_at_2_50():
    # grade 4 changes easiness by 0, so every product uses 2.50:
    # 1, 6, ceil(6 x 2.5 = 15.0) = 15, ceil(15 x 2.5 = 37.5) = 38,
    # ceil(38 x 2.5 = 95.0) = 95, ceil(95 x 2.5 = 237.5) = 238
    states = answer_all([4] * 6)
    assert intervals(states) == [1, 6, 15, 38, 95, 238]
    assert all(s.easiness == INITIAL_EASINESS for s in states)


def test_hard_answers_lower_easiness_by_0_14_down_to_the_floor():
    # easiness: 2.50 -> 2.36 -> 2.22 -> 2.08 -> 1.94 -> 1.80 -> 1.66 -> 1.52 -> 1.38
    #           -> max(1.30, 1.24) = 1.30 -> 1.30
    # intervals (easiness before the answer):
    #   1, 6, ceil(6 x 2.22 = 13.32) = 14, ceil(14 x 2.08 = 29.12) = 30,
    #   ceil(30 x 1.94 = 58.20) = 59, ceil(59 x 1.80 = 106.20) = 107,
    #   ceil(107 x 1.66 = 177.62) = 178, ceil(178 x 1.52 = 270.56) = 271,
    #   ceil(271 x 1.38 = 373.98) = 374, ceil(374 x 1.30 = 486.20) = 487
    states = answer_all([3] * 10)
    assert easinesses(states) == [
        "2.36", "2.22", "2.08", "1.94", "1.80", "1.66", "1.52", "1.38", "1.30", "1.30",
    ]  # fmt: skip
    assert intervals(states) == [1, 6, 14, 30, 59, 107, 178, 271, 374, 487]
    # still a pass: repetitions keep counting even at the floor
    assert states[-1].repetitions == 10


def test_lapse_after_successes_resets_and_penalises_then_restarts_1_6():
    # 5, 5, 5 -> intervals 1, 6, 17, easiness 2.80, repetitions 3
    # 1 (lapse): repetitions 0, interval 1, easiness 2.80 - 0.54 = 2.26
    # 5, 5, 5 -> intervals 1, 6, ceil(6 x 2.46 = 14.76) = 15; easiness 2.36, 2.46, 2.56
    states = answer_all([5, 5, 5, 1, 5, 5, 5])
    lapse = states[3]
    assert lapse == SM2State(repetitions=0, easiness=Decimal("2.26"), interval=1)
    assert intervals(states[4:]) == [1, 6, 15]
    assert easinesses(states[4:]) == ["2.36", "2.46", "2.56"]
    assert [s.repetitions for s in states[4:]] == [1, 2, 3]


def test_easiness_floors_at_1_30_and_climbs_back_with_perfect_answers():
    # 0: 2.50 - 0.80 = 1.70; 0: max(1.30, 0.90) = 1.30
    # 5, 5, 5: 1.40, 1.50, 1.60; intervals 1, 6, ceil(6 x 1.50 = 9.00) = 9
    states = answer_all([0, 0, 5, 5, 5])
    assert easinesses(states) == ["1.70", "1.30", "1.40", "1.50", "1.60"]
    assert intervals(states) == [1, 1, 1, 6, 9]


@pytest.mark.parametrize(
    ("quality", "change"),
    [(5, "0.10"), (4, "0.00"), (3, "-0.14"), (2, "-0.32"), (1, "-0.54"), (0, "-0.80")],
)
def test_each_grade_changes_easiness_by_the_documented_amount(quality, change):
    after = review(SM2State(repetitions=3, easiness=Decimal("2.50"), interval=10), quality)
    assert after.easiness - Decimal("2.50") == Decimal(change)


# --- Exact arithmetic and the cap ---------------------------------------------------------------


def test_140_times_3_00_is_exactly_420():
    after = review(SM2State(repetitions=4, easiness=Decimal("3.00"), interval=140), 4)
    assert after.interval == 420


def test_exact_product_is_not_rounded_up_by_float_error():
    # as floats, 25 * 2.2 == 55.00000000000001, which would ceil to 56
    after = review(SM2State(repetitions=3, easiness=Decimal("2.20"), interval=25), 4)
    assert after.interval == 55


def test_easiness_with_extra_places_comes_back_with_two():
    # e.g. edited by hand in the admin: 2.505 + 0 rounds half up to 2.51
    after = review(SM2State(repetitions=3, easiness=Decimal("2.505"), interval=10), 4)
    assert str(after.easiness) == "2.51"


def test_big_interval_is_capped_at_36500_days():
    # 20000 x 2.50 = 50000 > 36500
    after = review(SM2State(repetitions=9, easiness=Decimal("2.50"), interval=20000), 5)
    assert after.interval == MAX_INTERVAL_DAYS == 36500


def test_interval_at_the_cap_stays_at_the_cap():
    state = SM2State(repetitions=12, easiness=Decimal("3.00"), interval=MAX_INTERVAL_DAYS)
    assert review(state, 5).interval == MAX_INTERVAL_DAYS


# --- Bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [-1, 6, True, False, 4.0, "4", None, Decimal("4")])
def test_quality_outside_int_0_to_5_raises_value_error_naming_it(bad):
    with pytest.raises(ValueError, match=re.escape(f"got {bad!r}")):
        review(SM2State(), bad)


@pytest.mark.parametrize(
    "fields",
    [{"easiness": 2.5}, {"easiness": "2.50"}, {"interval": 6.0}, {"repetitions": True}],
)
def test_state_refuses_floats_and_other_non_decimal_values(fields):
    with pytest.raises(TypeError):
        SM2State(**fields)


# --- Preview (the grade buttons) ----------------------------------------------------------------


def test_preview_gives_each_grades_interval():
    state = SM2State(repetitions=2, easiness=Decimal("2.50"), interval=6)
    # fail -> 1 day; pass -> ceil(6 x 2.50) = 15 days whatever the passing grade
    assert preview(state, [2, 3, 4, 5]) == {2: 1, 3: 15, 4: 15, 5: 15}


def test_preview_of_a_new_card():
    assert preview(SM2State(), range(6)) == {0: 1, 1: 1, 2: 1, 3: 1, 4: 1, 5: 1}


def test_preview_rejects_a_bad_quality():
    with pytest.raises(ValueError, match="got 7"):
        preview(SM2State(), [4, 7])


# --- Known values -------------------------------------------------------------------------------


def S(repetitions, easiness, interval):  # short, so each table row fits on one line
    return SM2State(repetitions=repetitions, easiness=Decimal(easiness), interval=interval)


KNOWN_VALUES = [
    # (start, quality, expected)
    (S(0, "2.50", 0), 5, S(1, "2.60", 1)),
    (S(0, "2.50", 0), 4, S(1, "2.50", 1)),
    (S(0, "2.50", 0), 3, S(1, "2.36", 1)),
    (S(0, "2.50", 0), 2, S(0, "2.18", 1)),
    (S(0, "2.50", 0), 0, S(0, "1.70", 1)),
    (S(1, "2.60", 1), 5, S(2, "2.70", 6)),
    (S(1, "2.60", 1), 1, S(0, "2.06", 1)),
    (S(2, "2.70", 6), 5, S(3, "2.80", 17)),  # ceil(16.20)
    (S(3, "2.80", 17), 4, S(4, "2.80", 48)),  # ceil(47.60)
    (S(4, "3.00", 140), 5, S(5, "3.10", 420)),  # exactly 420.00
    (S(5, "1.30", 10), 3, S(6, "1.30", 13)),  # 1.30 x 10 = 13.00; easiness floored
    (S(5, "1.30", 10), 5, S(6, "1.40", 13)),
    (S(7, "1.40", 100), 2, S(0, "1.30", 1)),  # 1.08 floored to 1.30
    (S(8, "2.50", 20000), 4, S(9, "2.50", 36500)),  # 50000 capped
    (S(3, "2.00", 7), 4, S(4, "2.00", 14)),  # 14.00: no spurious extra day
    (S(3, "2.20", 25), 5, S(4, "2.30", 55)),  # 55.00 (a float product would give 56)
]


@pytest.mark.parametrize(("start", "quality", "expected"), KNOWN_VALUES)
def test_known_values(start, quality, expected):
    assert review(start, quality) == expected


# --- Invariants ---------------------------------------------------------------------------------

qualities = st.integers(min_value=0, max_value=5)
passing = st.integers(min_value=3, max_value=5)
failing = st.integers(min_value=0, max_value=2)

# States a learner can actually reach: a new card answered with any sequence of grades.
reachable_states = st.lists(qualities, max_size=40).map(
    lambda qs: answer_all(qs)[-1] if qs else SM2State()
)


def stored_states(places):
    """Any state the database could hold, including hand-edited ones."""
    return st.builds(
        SM2State,
        repetitions=st.integers(min_value=0, max_value=1000),
        easiness=st.decimals(min_value=MIN_EASINESS, max_value=Decimal("5.00"), places=places),
        interval=st.integers(min_value=0, max_value=MAX_INTERVAL_DAYS),
    )


two_place_states = st.one_of(reachable_states, stored_states(places=2))
states = st.one_of(two_place_states, stored_states(places=4))


def assert_well_formed(state):
    assert type(state.repetitions) is int
    assert type(state.interval) is int
    assert type(state.easiness) is Decimal
    assert state.easiness >= MIN_EASINESS
    assert state.easiness.as_tuple().exponent == -2  # exactly 2 places, as stored
    assert 1 <= state.interval <= MAX_INTERVAL_DAYS


@given(st.lists(qualities, min_size=1, max_size=60))
def test_every_state_along_any_answer_sequence_is_well_formed(sequence):
    for state in answer_all(sequence):
        assert_well_formed(state)


@given(states, qualities)
def test_any_review_gives_a_well_formed_state(state, quality):
    assert_well_formed(review(state, quality))


@given(states, failing)
def test_failing_grade_always_resets_to_repetitions_0_interval_1(state, quality):
    after = review(state, quality)
    assert (after.repetitions, after.interval) == (0, 1)


@given(states, passing)
def test_passing_grade_increments_repetitions(state, quality):
    assert review(state, quality).repetitions == state.repetitions + 1


@given(states, st.lists(passing, min_size=1, max_size=30))
def test_intervals_never_shrink_over_successive_passes_once_past_the_first_two(state, sequence):
    for quality in sequence:
        after = review(state, quality)
        if state.repetitions >= 2:
            assert after.interval >= state.interval
        state = after


@given(two_place_states, passing)
def test_interval_matches_ceiling_worked_out_in_whole_hundredths(state, quality):
    # An oracle with no Decimal and no float: ceil(interval x hundredths / 100) in integers.
    hundredths = int(state.easiness * 100)
    expected = {0: 1, 1: 6}.get(state.repetitions, -(-state.interval * hundredths // 100))
    expected = min(max(expected, 1), MAX_INTERVAL_DAYS)
    assert review(state, quality).interval == expected


@given(states, qualities)
def test_review_is_pure(state, quality):
    before = dataclasses.replace(state)
    first = review(state, quality)
    assert review(state, quality) == first
    assert state == before
