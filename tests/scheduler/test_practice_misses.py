"""Missed practice questions bring their cards back in review, SM-2 history untouched."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scheduler.models import ReviewLog, ReviewState
from scheduler.practice_services import answer_question, start_exam, submit_attempt
from scheduler.queue import build_queue, count_queues
from scheduler.services import today_for
from tests.scheduler.answering import NOON, answer, days_later, latest_answer
from tests.scheduler.practice_deck import practice_topic

pytestmark = pytest.mark.django_db
STATE = ("repetitions", "easiness", "interval", "due", "lapses", "reviews", "version")


@pytest.fixture
def topic():
    return practice_topic(12, questions=8)


def take_exam(user, topic, now, *, miss: set[int]):
    """Answer every question, wrong for the cards in `miss`, right otherwise; submit."""
    attempt = start_exam(user=user, topic=topic, now=now, seed=11)
    for question in attempt.questions.all():
        wrong = next(i for i in range(len(question.options)) if i not in question.correct)
        chosen = [wrong] if question.card_id in miss else question.correct
        answer_question(
            user=user, attempt_id=attempt.pk, position=question.position, chosen=chosen, now=now
        )
    submit_attempt(user=user, attempt_id=attempt.pk, now=now)
    return attempt


def learn(user, cards) -> None:
    """Two good answers on two days: each card is next due six days after the second."""
    for card in cards:
        answer(user, card, 5)
        answer(user, card, 5, now=days_later(1))


def queue(user, topic, now):
    profile = user.study_profile
    return build_queue(user=user, profile=profile, topic_id=topic.pk, today=today_for(user, now))


def test_a_missed_card_comes_back_in_the_next_session_with_its_sm2_state_unchanged(learner, topic):
    cards = [
        q.card for q in start_exam(user=learner, topic=topic, now=NOON, seed=11).questions.all()
    ]
    learn(learner, cards)
    before = {s.card_id: [getattr(s, f) for f in STATE] for s in ReviewState.objects.all()}
    missed = cards[0]

    take_exam(learner, topic, days_later(1, NOON + timedelta(hours=1)), miss={missed.pk})

    after = {s.card_id: [getattr(s, f) for f in STATE] for s in ReviewState.objects.all()}
    assert after == before
    next_day = days_later(2)
    assert queue(learner, topic, next_day).card == missed
    counts = count_queues(
        user=learner, profile=learner.study_profile, today=today_for(learner, next_day)
    )[topic.pk]
    assert counts.reviews == 1


def test_answering_the_missed_card_in_review_ends_its_return(learner, topic):
    cards = [
        q.card for q in start_exam(user=learner, topic=topic, now=NOON, seed=11).questions.all()
    ]
    learn(learner, cards)
    take_exam(learner, topic, days_later(1, NOON + timedelta(hours=1)), miss={cards[0].pk})

    answer(learner, cards[0], 4, now=days_later(2))

    today = today_for(learner, days_later(3))
    counts = count_queues(user=learner, profile=learner.study_profile, today=today)
    assert counts[topic.pk].reviews == 0


def test_a_missed_card_never_studied_is_introduced_first(learner, topic):
    attempt = take_exam(learner, topic, NOON, miss=set())
    last = max(attempt.questions.all(), key=lambda q: q.card.position).card
    take_exam(learner, topic, NOON, miss={last.pk})

    assert queue(learner, topic, days_later(1)).card == last


def test_a_practice_miss_is_not_an_answer(learner, topic):
    cards = [
        q.card for q in start_exam(user=learner, topic=topic, now=NOON, seed=11).questions.all()
    ]
    result = answer(learner, cards[0], 4)

    take_exam(learner, topic, NOON + timedelta(minutes=5), miss={cards[0].pk, cards[1].pk})

    assert ReviewLog.objects.practice_misses().count() == 2
    assert ReviewLog.objects.for_user(learner).counted().count() == 1
    # Undo still takes back the last real answer.
    assert latest_answer(learner, NOON + timedelta(minutes=6)) == result.log


def test_the_first_missed_question_marks_the_learner_as_one_who_missed_in_practice(learner, topic):
    take_exam(learner, topic, NOON, miss=set())
    learner.study_profile.refresh_from_db()
    assert not learner.study_profile.missed_in_practice

    card = start_exam(user=learner, topic=topic, now=NOON, seed=11).questions.first().card
    take_exam(learner, topic, NOON + timedelta(minutes=5), miss={card.pk})

    learner.study_profile.refresh_from_db()
    assert learner.study_profile.missed_in_practice


def test_the_queue_of_a_learner_who_never_missed_in_practice_does_not_look_for_misses(
    learner, topic
):
    learn(learner, list(topic.cards.order_by("position"))[:2])
    with CaptureQueriesContext(connection) as queries:
        queue(learner, topic, days_later(8))
        count_queues(user=learner, profile=learner.study_profile, today=today_for(learner, NOON))

    assert queries.captured_queries
    assert not any("scheduler_practiceattempt" in q["sql"] for q in queries.captured_queries)


def test_the_queue_sees_the_first_miss_of_a_learner_it_looked_at_before(learner, topic):
    exam = start_exam(user=learner, topic=topic, now=NOON, seed=11)
    missed = exam.questions.first().card
    learn(learner, [missed])
    assert queue(learner, topic, days_later(2)).card != missed  # not due for six days

    take_exam(learner, topic, days_later(2), miss={missed.pk})

    assert queue(learner, topic, days_later(3)).card == missed
