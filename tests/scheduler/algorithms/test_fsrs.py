"""FSRS in study days gives exactly what the py-fsrs library's own scheduler gives."""

from datetime import date, timedelta

import pytest
from fsrs import Card, Rating, Scheduler
from hypothesis import given
from hypothesis import strategies as st

from scheduler.algorithms import FSRS, SM2, Memory, choose, fsrs, sm2

START = date(2026, 1, 5)


def library_intervals(sequence, *, retention=0.9, parameters=fsrs.DEFAULT_PARAMETERS):
    """Review one library Card live with the library's Scheduler, as the app configures it."""
    scheduler = Scheduler(
        parameters=parameters,
        desired_retention=retention,
        learning_steps=(),
        relearning_steps=(),
        enable_fuzzing=False,
    )
    card = Card(card_id=1)
    out = []
    for day, rating in sequence:
        card, _ = scheduler.review_card(card, rating, fsrs.moment(day))
        out.append(((card.due - card.last_review).days, card.stability, card.difficulty))
    return out


def our_intervals(sequence, *, retention=0.9):
    model = fsrs.Model(desired_retention=retention)
    state = fsrs.FSRSState()
    out = []
    for day, quality in sequence:
        state, interval = model.review(state, quality, day)
        out.append((interval, state.stability, state.difficulty))
    return out


def test_grades_map_to_ratings_again_hard_good_easy():
    assert [fsrs.RATINGS[q] for q in range(6)] == [
        Rating.Again,
        Rating.Again,
        Rating.Again,
        Rating.Hard,
        Rating.Good,
        Rating.Easy,
    ]


@pytest.mark.parametrize("quality", [-1, 6, 4.0, True, "4"])
def test_a_grade_outside_0_to_5_is_refused(quality):
    with pytest.raises(ValueError, match="quality must be an int from 0 to 5"):
        fsrs.Model().review(fsrs.FSRSState(), quality, START)


@pytest.mark.parametrize("retention", [0.5, 1.0])
def test_a_desired_retention_outside_the_range_is_refused(retention):
    with pytest.raises(ValueError, match="desired retention must be from 0.7 to 0.99"):
        fsrs.Model(desired_retention=retention)


def test_a_known_sequence_matches_the_library_review_by_review():
    days = [0, 2, 16, 17, 20, 45]
    grades = [4, 4, 2, 4, 5, 3]
    ratings = [fsrs.RATINGS[g] for g in grades]
    sequence = [START + timedelta(days=d) for d in days]

    ours = our_intervals(list(zip(sequence, grades, strict=True)))
    theirs = library_intervals(list(zip(sequence, ratings, strict=True)))

    assert ours == theirs
    # Good on a new card: the library's initial stability for Good, 2.3065 days → 2 days.
    assert ours[0][0] == 2


@given(
    st.lists(
        st.tuples(st.integers(min_value=1, max_value=120), st.integers(min_value=0, max_value=5)),
        min_size=1,
        max_size=25,
    ),
    st.sampled_from([0.8, 0.9, 0.95]),
)
def test_any_sequence_matches_the_library(gaps_and_grades, retention):
    day = START
    ours_in, theirs_in = [], []
    for gap, grade in gaps_and_grades:
        day += timedelta(days=gap)
        ours_in.append((day, grade))
        theirs_in.append((day, fsrs.RATINGS[grade]))

    assert our_intervals(ours_in, retention=retention) == library_intervals(
        theirs_in, retention=retention
    )


def test_higher_desired_retention_gives_shorter_intervals():
    state, _ = fsrs.Model().review(fsrs.FSRSState(), 4, START)
    later = START + timedelta(days=3)
    assert (
        fsrs.Model(desired_retention=0.95).review(state, 4, later)[1]
        < fsrs.Model(desired_retention=0.80).review(state, 4, later)[1]
    )


def test_replay_equals_reviewing_one_answer_at_a_time():
    answers = [(START, 4), (START + timedelta(days=3), 2), (START + timedelta(days=4), 5)]
    model = fsrs.Model()
    live = fsrs.FSRSState()
    for day, quality in answers:
        live, _ = model.review(live, quality, day)
    assert model.replay(answers) == live


def test_recall_is_near_one_a_week_after_a_review_of_a_stable_card():
    stable = fsrs.FSRSState(stability=365.0, difficulty=3.0, last_review=START)
    assert fsrs.Model().retrievability(stable, START + timedelta(days=7)) > 0.99


def test_recall_of_a_card_never_answered_is_zero():
    assert fsrs.Model().retrievability(fsrs.FSRSState(), START) == 0.0


def test_recall_at_one_interval_is_the_desired_retention():
    state, interval = fsrs.Model().review(fsrs.FSRSState(), 4, START)
    recall = fsrs.Model().retrievability(state, START + timedelta(days=round(state.stability)))
    assert interval == 2
    assert recall == pytest.approx(0.9, abs=0.01)


def test_the_chosen_algorithm_sets_the_interval_and_both_memories_advance():
    memory = Memory()
    by_sm2 = choose(SM2).review(memory, 4, START)
    by_fsrs = choose(FSRS).review(memory, 4, START)

    assert by_sm2.memory == by_fsrs.memory
    assert by_sm2.memory.sm2 == sm2.review(sm2.SM2State(), 4)
    assert by_sm2.interval == 1  # SM-2: first good answer → 1 day
    assert by_fsrs.interval == 2  # FSRS: initial stability for Good → 2 days


def test_an_unknown_algorithm_is_refused():
    with pytest.raises(ValueError, match="scheduler must be 'sm2' or 'fsrs', got 'anki'"):
        choose("anki")


@given(
    st.floats(min_value=0.01, max_value=36500),
    st.floats(min_value=1, max_value=10),
    st.integers(min_value=-5, max_value=40000),
)
def test_recall_is_the_librarys_retrievability(stability, difficulty, days_later):
    state = fsrs.FSRSState(stability, difficulty, START)
    model = fsrs.Model()
    on = START + timedelta(days=days_later)
    card = Card(card_id=1, stability=stability, difficulty=difficulty, due=fsrs.moment(START))
    card.last_review = fsrs.moment(START)

    assert model.retrievability(state, on) == pytest.approx(
        model.scheduler.get_card_retrievability(card, fsrs.moment(on)), rel=1e-12
    )
