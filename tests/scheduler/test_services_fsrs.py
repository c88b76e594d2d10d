"""The write path with FSRS: same answers, undo, re-drills and logs as SM-2, FSRS intervals."""

from datetime import date, timedelta

import pytest
from fsrs import Card, Scheduler

from scheduler.algorithms import fsrs, sm2
from scheduler.models import ReviewLog, ReviewState, StudyProfile
from tests.scheduler.answering import NOON, answer, days_later, undo

TODAY = date(2026, 11, 26)


@pytest.fixture
def fsrs_learner(learner):
    StudyProfile.objects.filter(user=learner).update(scheduler="fsrs")
    learner.refresh_from_db()
    return learner


def state_of(user, card) -> ReviewState:
    return ReviewState.objects.for_user(user).get(card=card)


def test_answers_under_fsrs_are_scheduled_as_the_library_schedules_them(fsrs_learner, deck):
    (card,) = deck(1)
    library = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    library_card = Card(card_id=1)
    for offset, quality in [(0, 4), (2, 4), (13, 2), (15, 5), (30, 3)]:
        now = days_later(offset)
        answer(fsrs_learner, card, quality, now=now)
        day = TODAY + timedelta(days=offset)
        library_card, _ = library.review_card(library_card, fsrs.RATINGS[quality], fsrs.moment(day))

        state = state_of(fsrs_learner, card)
        expected = (library_card.due - library_card.last_review).days
        assert state.interval == expected
        assert state.due == day + timedelta(days=expected)
        assert (state.fsrs_stability, state.fsrs_difficulty) == (
            library_card.stability,
            library_card.difficulty,
        )
        assert state.fsrs_reviewed_on == day


def test_sm2_fields_keep_being_updated_under_fsrs(fsrs_learner, deck):
    (card,) = deck(1)
    expected = sm2.SM2State()
    for offset, quality in [(0, 4), (2, 5), (9, 4)]:
        answer(fsrs_learner, card, quality, now=days_later(offset))
        expected = sm2.review(expected, quality)

    state = state_of(fsrs_learner, card)
    assert state.sm2_state == expected
    assert (state.repetitions, state.sm2_interval) == (3, 16)
    assert state.interval != state.sm2_interval  # the due date is FSRS's


def test_sm2_learners_also_get_an_fsrs_memory_and_keep_sm2_intervals(learner, deck):
    (card,) = deck(1)
    answer(learner, card, 4)

    state = state_of(learner, card)
    assert state.interval == state.sm2_interval == 1
    assert state.fsrs_state == fsrs.Model().review(fsrs.FSRSState(), 4, TODAY)[0]


def test_undo_restores_the_fsrs_memory_exactly(fsrs_learner, deck):
    (card,) = deck(1)
    answer(fsrs_learner, card, 4)
    answer(fsrs_learner, card, 4, now=days_later(2))
    before = state_of(fsrs_learner, card)

    answer(fsrs_learner, card, 5, now=days_later(9))
    undo(fsrs_learner, now=days_later(9))

    after = state_of(fsrs_learner, card)
    for name in ("fsrs_stability", "fsrs_difficulty", "fsrs_reviewed_on", "interval", "due"):
        assert getattr(after, name) == getattr(before, name), name
    log = ReviewLog.objects.for_user(fsrs_learner).latest("answered_at")
    assert log.fsrs_stability_before == before.fsrs_stability
    assert log.fsrs_reviewed_on_before == before.fsrs_reviewed_on == date(2026, 11, 28)


def test_a_redrill_under_fsrs_does_not_move_the_memory(fsrs_learner, deck):
    (card,) = deck(1)
    answer(fsrs_learner, card, 2)
    first = state_of(fsrs_learner, card)

    answer(fsrs_learner, card, 5, now=NOON + timedelta(hours=1))

    again = state_of(fsrs_learner, card)
    assert (again.fsrs_stability, again.due) == (first.fsrs_stability, first.due)
    assert ReviewLog.objects.for_user(fsrs_learner).latest("answered_at").kind == "redrill"


def test_undoing_a_log_written_before_fsrs_existed_clears_the_fsrs_memory(learner, deck):
    (card,) = deck(1)
    answer(learner, card, 4, now=days_later(-1))
    answer(learner, card, 4)
    log = ReviewLog.objects.for_user(learner).latest("pk")
    assert log.fsrs_stability_before is not None
    for name in ("sm2_interval", "fsrs_stability", "fsrs_difficulty", "fsrs_reviewed_on"):
        setattr(log, f"{name}_before", None)  # as 0016 converts a log older than the fields
    log.save()

    assert undo(learner).undone

    state = state_of(learner, card)
    assert state.fsrs_stability is None and state.sm2_interval is None
    assert (state.repetitions, state.introduced_on) == (1, TODAY - timedelta(days=1))
