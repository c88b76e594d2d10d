"""The review page's time estimate follows the learner's latest pace, not their average."""

from datetime import timedelta

import pytest

from scheduler.models import StudyProfile
from scheduler.queue import build_queue
from scheduler.services import today_for
from scheduler.stats.session import RECENT_ANSWERS, median_answer_seconds
from tests.factories import CardFactory
from tests.scheduler.answering import NOON, answer

pytestmark = pytest.mark.django_db


def test_the_pace_is_the_median_gap_between_the_latest_answers(learner):
    # A hundred slow answers, then the latest fifty quick ones: today's pace, not the average.
    slow, quick = 100, 50
    assert quick >= RECENT_ANSWERS
    cards = [CardFactory() for _ in range(slow + quick)]
    moment = NOON
    for number, card in enumerate(cards):
        moment += timedelta(seconds=60 if number < slow else 10)
        answer(learner, card, 4, now=moment)

    assert median_answer_seconds(learner) == 10


def test_breaks_between_answers_do_not_count_as_time_spent_on_a_card(learner):
    cards = [CardFactory() for _ in range(8)]
    moment = NOON
    for number, card in enumerate(cards):
        moment += timedelta(hours=2) if number % 2 else timedelta(seconds=30)
        answer(learner, card, 4, now=moment)

    assert median_answer_seconds(learner) is None  # 3 timed gaps: too few to quote a pace


def test_the_queue_brings_the_same_pace_with_its_counts(learner):
    cards = [CardFactory() for _ in range(12)]
    moment = NOON
    for number, card in enumerate(cards):
        moment += timedelta(seconds=[7, 30, 12][number % 3])
        answer(learner, card, 4, now=moment)

    queue = build_queue(
        user=learner,
        profile=StudyProfile.for_user(learner),
        topic_id=cards[0].topic_id,
        today=today_for(learner, moment),
    )

    assert queue.pace.seconds_per_answer == median_answer_seconds(learner) == 12
