"""Requests racing each other from separate connections: an answer or an undo counts once.

These run against the real database (SQLite file with IMMEDIATE transactions, or PostgreSQL
with row locks), committed, from two threads with their own connections.
"""

import threading

import pytest
from django.db import connection

from scheduler.models import ReviewLog, ReviewState, StudyProfile
from scheduler.services import answer_card, undo_last_answer
from tests.factories import CardFactory, UserFactory
from tests.scheduler.answering import NOON, answer, days_later

PARALLEL_UNDOS = 8


def all_at_once(calls):
    """Run each call in its own thread and connection, released together; their results."""
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def submit(call):
        try:
            barrier.wait(timeout=10)
            results.append(call())
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def answer_twice_at_once(user, card, expected_version, now):
    return all_at_once(
        [
            lambda q=q: answer_card(
                user=user, card=card, quality=q, expected_version=expected_version, now=now
            )
            for q in (4, 5)
        ]
    )


@pytest.fixture
def learner_and_card(transactional_db):
    user = UserFactory()
    StudyProfile.objects.create(user=user, time_zone="UTC")
    return user, CardFactory()


def test_two_concurrent_first_answers_to_a_new_card_count_once(learner_and_card):
    user, card = learner_and_card

    results = answer_twice_at_once(user, card, expected_version=0, now=NOON)

    assert sorted(r.applied for r in results) == [False, True]
    assert ReviewLog.objects.for_user(user).count() == 1
    assert ReviewState.objects.for_user(user).get(card=card).version == 1


def test_two_concurrent_answers_to_a_due_card_count_once(learner_and_card):
    user, card = learner_and_card
    answer(user, card, 4)
    version = ReviewState.objects.for_user(user).get(card=card).version

    results = answer_twice_at_once(user, card, expected_version=version, now=days_later(1))

    assert sorted(r.applied for r in results) == [False, True]
    assert ReviewLog.objects.for_user(user).count() == 2
    state = ReviewState.objects.for_user(user).get(card=card)
    assert (state.version, state.repetitions, state.reviews) == (version + 1, 2, 2)


@pytest.mark.parametrize("answered_before", [False, True])
def test_two_concurrent_answers_from_states_read_with_the_card_count_once(
    learner_and_card, answered_before
):
    """As the review page answers: each request read the state with the card (AnswerForm),
    before either wrote; the state's version (or key, for a first answer) lets one through."""
    user, card = learner_and_card
    if answered_before:
        answer(user, card, 4)
    version = int(answered_before)

    def read_with_the_card():
        return ReviewState.objects.for_user(user).filter(card=card).first()

    reads = [read_with_the_card(), read_with_the_card()]
    results = all_at_once(
        [
            lambda q=q, read=read: answer_card(
                user=user,
                card=card,
                quality=q,
                expected_version=version,
                now=days_later(1),
                state=read,
            )
            for q, read in zip((4, 5), reads, strict=True)
        ]
    )

    assert sorted(r.applied for r in results) == [False, True]
    assert ReviewLog.objects.for_user(user).count() == 1 + version
    assert ReviewState.objects.for_user(user).get(card=card).version == version + 1


def test_eight_concurrent_undos_of_one_answer_take_back_exactly_one(transactional_db):
    user = UserFactory()
    StudyProfile.objects.create(user=user, time_zone="UTC")
    cards = CardFactory.create_batch(3)
    for minute, card in enumerate(cards):
        answer(user, card, 4, now=NOON.replace(minute=minute))
    latest = ReviewLog.objects.for_user(user).latest("answered_at")
    # Eight requests carrying the same undo form: a double click, two tabs, a retrying proxy.
    results = all_at_once(
        [
            lambda: undo_last_answer(user=user, log_id=latest.pk, now=NOON.replace(minute=5))
            for _ in range(PARALLEL_UNDOS)
        ]
    )

    assert sorted(r.undone for r in results) == [False] * (PARALLEL_UNDOS - 1) + [True]
    assert {r.refusal for r in results if not r.undone} == {
        "That answer was already undone; nothing else was taken back."
    }
    assert list(ReviewLog.objects.for_user(user).filter(undone=True)) == [latest]
    states = {s.card_id: s for s in ReviewState.objects.for_user(user)}
    assert states[cards[2].pk].introduced_on is None
    assert states[cards[2].pk].version == 2
    assert all(states[c.pk].reviews == 1 for c in cards[:2])
