"""Switching algorithm: the history replays into FSRS memory; SM-2 progress is never lost."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from scheduler.algorithms import fsrs, fsrs_optimiser, sm2
from scheduler.models import ReviewLog, ReviewState, StudyProfile
from scheduler.scheduling import (
    optimise_parameters,
    scheduled_answers,
    set_fsrs_parameters,
    switch_scheduler,
)
from tests.factories import UserFactory
from tests.scheduler.answering import NOON, answer, days_later, undo

TODAY = date(2026, 11, 26)
HISTORY = [(0, 4), (1, 2), (1, 5), (3, 4), (9, 3), (30, 5)]  # (day, grade); day 1 re-drills


def study(user, card, history=HISTORY):
    for minute, (offset, quality) in enumerate(history):
        answer(user, card, quality, now=days_later(offset) + timedelta(minutes=minute))


def fsrs_memory(user, card) -> tuple:
    state = ReviewState.objects.for_user(user).get(card=card)
    return (state.fsrs_stability, state.fsrs_difficulty, state.fsrs_reviewed_on)


def forget_fsrs_memory(user):
    """As for answers given before FSRS existed here."""
    ReviewState.objects.for_user(user).update(
        fsrs_stability=None, fsrs_difficulty=None, fsrs_reviewed_on=None
    )


@pytest.fixture
def other_learner(db):
    user = UserFactory()
    StudyProfile.objects.create(user=user, time_zone="UTC", day_starts_at=4, scheduler="fsrs")
    return user


def test_replaying_a_history_gives_the_memory_of_reviewing_live(learner, other_learner, deck):
    card, other = deck(2)
    study(other_learner, other)  # reviewed live under FSRS
    study(learner, card)  # under SM-2
    forget_fsrs_memory(learner)

    cards_with_memory = switch_scheduler(user=learner, scheduler="fsrs")

    assert cards_with_memory == 1
    assert fsrs_memory(learner, card) == fsrs_memory(other_learner, other)
    # And it is what the library gives for the scheduled answers (the re-drill is left out).
    model = fsrs.Model()
    expected = model.replay(
        [(TODAY + timedelta(days=d), q) for d, q in HISTORY if (d, q) != (1, 5)]
    )
    assert fsrs_memory(learner, card) == (
        expected.stability,
        expected.difficulty,
        expected.last_review,
    )


def test_switching_to_fsrs_turns_no_card_new_and_moves_no_due_date(learner, deck):
    cards = deck(3)
    for card in cards:
        study(learner, card, HISTORY[:4])
    before = list(
        ReviewState.objects.for_user(learner).values("introduced_on", "due", "repetitions")
    )

    switch_scheduler(user=learner, scheduler="fsrs")

    after = list(
        ReviewState.objects.for_user(learner).values("introduced_on", "due", "repetitions")
    )
    assert after == before
    assert StudyProfile.objects.get(user=learner).scheduler == "fsrs"


def test_undone_answers_are_not_replayed(learner, deck):
    (card,) = deck(1)
    study(learner, card, HISTORY[:4])
    kept = fsrs_memory(learner, card)
    answer(learner, card, 2, now=days_later(10))
    undo(learner, now=days_later(10))
    forget_fsrs_memory(learner)

    switch_scheduler(user=learner, scheduler="fsrs")

    assert fsrs_memory(learner, card) == kept


def test_switching_back_to_sm2_continues_exactly_where_sm2_would_be(learner, deck):
    (card,) = deck(1)
    switch_scheduler(user=learner, scheduler="fsrs")
    study(learner, card, [(0, 4), (2, 5), (9, 4)])
    switch_scheduler(user=learner, scheduler="sm2")

    answer(learner, card, 4, now=days_later(40))

    expected = sm2.SM2State()
    for quality in (4, 5, 4, 4):
        expected = sm2.review(expected, quality)
    state = ReviewState.objects.for_user(learner).get(card=card)
    assert state.sm2_state == expected
    assert state.interval == expected.interval
    assert state.due == TODAY + timedelta(days=40 + expected.interval)


def test_a_switch_refuses_an_open_answer_form(learner, deck):
    (card,) = deck(1)
    answer(learner, card, 4)
    version = ReviewState.objects.for_user(learner).get(card=card).version

    switch_scheduler(user=learner, scheduler="fsrs")

    assert ReviewState.objects.for_user(learner).get(card=card).version == version + 1


def test_an_unknown_scheduler_is_refused_and_changes_nothing(learner, deck):
    with pytest.raises(ValueError, match="scheduler must be 'sm2' or 'fsrs'"):
        switch_scheduler(user=learner, scheduler="leitner")
    assert StudyProfile.objects.get(user=learner).scheduler == "sm2"


def test_new_parameters_replay_every_memory_with_them(learner, deck):
    (card,) = deck(1)
    study(learner, card, HISTORY[:4])
    parameters = list(fsrs.DEFAULT_PARAMETERS)
    parameters[2] = 3.5  # initial stability for Good

    set_fsrs_parameters(user=learner, parameters=parameters)

    expected = fsrs.Model(parameters).replay(
        [(TODAY, 4), (TODAY + timedelta(days=1), 2), (TODAY + timedelta(days=3), 4)]
    )
    assert fsrs_memory(learner, card) == (
        expected.stability,
        expected.difficulty,
        expected.last_review,
    )
    assert StudyProfile.objects.get(user=learner).fsrs_parameters == parameters


def test_the_write_path_uses_the_learners_parameters(learner, deck):
    (card,) = deck(1)
    parameters = list(fsrs.DEFAULT_PARAMETERS)
    parameters[2] = 3.5
    set_fsrs_parameters(user=learner, parameters=parameters)
    switch_scheduler(user=learner, scheduler="fsrs")

    answer(learner, card, 4, now=NOON)

    assert (
        ReviewState.objects.for_user(learner).get(card=card).interval == 4
    )  # at 90 % retention the interval is the stability, rounded


def bulk_history(user, cards, answers: int):
    """Scheduled answers logged directly, as if months of study had happened."""
    logs = []
    for n in range(answers):
        card = cards[n % len(cards)]
        day = TODAY - timedelta(days=200) + timedelta(days=(n // len(cards)) * 9)
        logs.append(
            ReviewLog(
                user=user,
                card=card,
                topic_id=card.topic_id,
                quality=(2, 4, 4, 5)[n % 4],
                answered_at=datetime.combine(day, time(12), tzinfo=UTC),
                study_day=day,
                kind="scheduled",
                interval_before=0,
                interval_after=1,
            )
        )
    ReviewLog.objects.bulk_create(logs)


def test_optimising_is_refused_below_the_minimum_and_changes_nothing(learner, deck):
    cards = deck(10)
    bulk_history(learner, cards, fsrs_optimiser.MIN_ANSWERS - 1)

    result = optimise_parameters(user=learner)

    assert result.refusal == (
        "Optimising needs at least 400 scheduled answers; you have 399. "
        "Until then the default parameters fit better."
    )
    assert StudyProfile.objects.get(user=learner).fsrs_parameters is None


def test_optimising_fits_uses_and_replays_with_the_new_parameters(learner, deck):
    cards = deck(40)
    answer(learner, cards[0], 4)  # a state to replay into
    bulk_history(learner, cards, fsrs_optimiser.MIN_ANSWERS)

    result = optimise_parameters(user=learner)

    assert result.refusal == "" and result.answers == 401
    fitted = StudyProfile.objects.get(user=learner).fsrs_parameters
    assert fitted is not None and fitted != list(fsrs.DEFAULT_PARAMETERS)
    assert result.before.days == result.after.days == 30
    assert result.before.reviews_per_day != result.after.reviews_per_day
    expected = fsrs.Model(fitted).replay(scheduled_answers(learner)[cards[0].pk])
    assert fsrs_memory(learner, cards[0]) == (
        expected.stability,
        expected.difficulty,
        expected.last_review,
    )


def test_the_migration_gives_cards_answered_before_fsrs_their_replayed_memory(learner, deck):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("scheduler.migrations.0007_fsrs_memory_from_history")
    (card,) = deck(1)
    study(learner, card)
    live = fsrs_memory(learner, card)
    forget_fsrs_memory(learner)

    migration.replay_history(apps, None)

    assert fsrs_memory(learner, card) == live
