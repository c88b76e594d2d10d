"""Each topic's own plan (scheduler.enrolment.StudyPlan) drives its queue limits, its leech
threshold, readiness, the predicted score's day and pacing; the profile's where it sets none."""

from datetime import date, timedelta

import pytest

from scheduler.enrolment import plans_for
from scheduler.enrolment_services import change_plan, enrol
from scheduler.models import ReviewState
from scheduler.queue import build_queue, count_queues
from scheduler.stats import readiness_by_topic
from scheduler.stats.prediction import predict
from tests.factories import CardFactory, SectionFactory
from tests.scheduler.answering import NOON, answer, days_later

TODAY = NOON.date()


def study(user, topic, **plan):
    """Enrol the learner in `topic` with these fields of its own plan."""
    enrol(user=user, topic=topic, expected_version=0, now=NOON)
    fields = {
        "exam_date": None,
        "new_cards_per_day": None,
        "reviews_per_day": None,
        "leech_threshold": None,
    }
    change_plan(user=user, topic=topic, expected_version=1, **(fields | plan))


@pytest.fixture
def two_topics(learner):
    """Two topics of ten new cards each; the learner studies both."""
    topics = []
    for _ in range(2):
        section = SectionFactory()
        for position in range(10):
            CardFactory(section=section, position=position)
        topics.append(section.domain.topic)
    return topics


def counts_of(user, topic_ids):
    profile = user.study_profile
    plans = plans_for(user, profile, topic_ids)
    return count_queues(user=user, profile=profile, today=TODAY, topic_ids=topic_ids, plans=plans)


def test_each_topic_counts_new_cards_up_to_its_own_limit_in_one_query(
    learner, two_topics, django_assert_num_queries
):
    small, large = two_topics
    study(learner, small, new_cards_per_day=3)
    study(learner, large, new_cards_per_day=40)  # more than the profile's 20
    ids = [small.pk, large.pk]
    plans = plans_for(learner, learner.study_profile, ids)

    with django_assert_num_queries(1):
        counts = count_queues(
            user=learner, profile=learner.study_profile, today=TODAY, topic_ids=ids, plans=plans
        )

    assert (counts[small.pk].new, counts[large.pk].new) == (3, 10)


def test_a_topic_without_its_own_limit_takes_the_profiles(learner, two_topics):
    learner.study_profile.new_cards_per_day = 4
    learner.study_profile.save()
    mine, other = two_topics
    study(learner, mine)

    assert counts_of(learner, [mine.pk])[mine.pk].new == 4


def test_the_review_limit_is_the_topics_own(learner, deck):
    cards = deck(4)
    topic = cards[0].topic
    study(learner, topic, reviews_per_day=2)
    for card in cards[:3]:
        answer(learner, card, 5, now=days_later(-1))

    counts = counts_of(learner, [topic.pk])[topic.pk]

    assert (counts.reviews, counts.due_waiting) == (2, 3)


def test_the_answer_path_uses_the_topics_new_card_limit_for_the_next_card(learner, deck):
    cards = deck(5)
    study(learner, cards[0].topic, new_cards_per_day=1)

    result = answer(learner, cards[0], 5)

    assert result.next.card is None and result.next.counts.new == 0


def fail_after_learning(user, card, failures: int) -> None:
    answer(user, card, 5)
    for day in range(failures):
        answer(user, card, 2, now=days_later(2 * day + 1))
        answer(user, card, 5, now=days_later(2 * day + 2))


def test_the_leech_threshold_is_the_topics_own(learner, deck):
    (card,) = deck(1)
    study(learner, card.topic, leech_threshold=2)
    fail_after_learning(learner, card, 1)

    result = answer(learner, card, 2, now=days_later(3))

    assert result.became_leech
    assert ReviewState.objects.get(user=learner, card=card).suspended


def test_a_topic_without_its_own_threshold_uses_the_profiles(learner, deck):
    learner.study_profile.leech_threshold = 3
    learner.study_profile.save()
    (card,) = deck(1)
    study(learner, card.topic)
    fail_after_learning(learner, card, 2)

    result = answer(learner, card, 2, now=days_later(5))

    assert result.applied and result.became_leech


def test_readiness_counts_days_left_to_each_topics_own_exam_date(learner, two_topics):
    first, second = two_topics
    learner.study_profile.exam_date = TODAY + timedelta(days=50)
    learner.study_profile.save()
    study(learner, first, exam_date=TODAY + timedelta(days=10))
    study(learner, second)
    plans = plans_for(learner, learner.study_profile)
    exam_dates = {topic_id: plan.exam_date for topic_id, plan in plans.items()}

    readiness = readiness_by_topic(learner, [first, second], TODAY, exam_dates=exam_dates)

    assert (readiness[first.pk].days_left, readiness[second.pk].days_left) == (10, 50)
    # Pacing follows: ten unseen cards, a week's margin, three days to see them in.
    assert readiness[first.pk].pace == 4


def test_the_predicted_score_is_for_each_topics_own_exam_day(learner, two_topics):
    first, second = two_topics
    exam_dates = {first.pk: TODAY + timedelta(days=30), second.pk: None}

    predictions = predict(learner, [first.pk, second.pk], TODAY, exam_dates)

    assert predictions[first.pk].on == TODAY + timedelta(days=30)
    assert predictions[second.pk].on == TODAY


def test_build_queue_without_a_plan_keeps_the_profiles_limits(learner, deck):
    cards = deck(3)
    learner.study_profile.new_cards_per_day = 2
    learner.study_profile.save()

    queue = build_queue(
        user=learner, profile=learner.study_profile, topic_id=cards[0].topic_id, today=TODAY
    )

    assert queue.counts.new == 2


def test_the_exam_date_of_a_plan_is_kept_as_a_date(learner, deck):
    (card,) = deck(1)
    study(learner, card.topic, exam_date=date(2027, 6, 30))

    assert plans_for(learner, learner.study_profile)[card.topic_id].exam_date == date(2027, 6, 30)
