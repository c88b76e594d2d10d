"""Two answers to one card at the same moment, from two connections: exactly one counts.

These run against the real database (SQLite file with IMMEDIATE transactions, or PostgreSQL
with row locks), committed, from two threads with their own connections.
"""

import threading

import pytest
from django.db import connection

from scheduler.models import ReviewLog, ReviewState, StudyProfile
from scheduler.services import answer_card
from tests.factories import CardFactory, UserFactory
from tests.scheduler.answering import NOON, answer, days_later


def answer_twice_at_once(user, card, expected_version, now):
    barrier = threading.Barrier(2)
    results, errors = [], []

    def submit(quality):
        try:
            barrier.wait(timeout=10)
            results.append(
                answer_card(
                    user=user,
                    card=card,
                    quality=quality,
                    expected_version=expected_version,
                    now=now,
                )
            )
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(q,)) for q in (4, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return results


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
