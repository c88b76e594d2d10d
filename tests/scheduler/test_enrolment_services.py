"""Enrol, leave, enrol again, and a topic's own plan: scheduler.enrolment_services."""

from datetime import date, timedelta

import pytest

from scheduler.enrolment import Enrolment, StudyPlan, plan_for, plans_for
from scheduler.enrolment_services import change_plan, enrol, leave
from scheduler.models import ReviewLog, ReviewState, StudyProfile
from scheduler.queue import build_queue
from tests.factories import UserFactory
from tests.scheduler.answering import NOON, answer, days_later

TODAY = NOON.date()


@pytest.fixture
def topic(section):
    return section.domain.topic


def enrolment_of(user, topic) -> Enrolment | None:
    return Enrolment.objects.for_user(user).filter(topic=topic).first()


def test_enrolling_creates_the_enrolment_with_its_exam_date(learner, topic):
    exam = date(2027, 3, 1)

    result = enrol(user=learner, topic=topic, expected_version=0, now=NOON, exam_date=exam)

    assert result.applied and result.refusal == ""
    enrolment = enrolment_of(learner, topic)
    assert (enrolment.active, enrolment.exam_date, enrolment.enrolled_at) == (True, exam, NOON)
    assert plan_for(learner, learner.study_profile, topic.pk).exam_date == exam


def test_a_double_submitted_enrolment_is_refused_and_changes_nothing(learner, topic):
    enrol(user=learner, topic=topic, expected_version=0, now=NOON)

    again = enrol(user=learner, topic=topic, expected_version=0, now=days_later(1))

    assert not again.applied
    assert again.refusal == f"You already study {topic.title}; nothing changed."
    enrolment = enrolment_of(learner, topic)
    assert (enrolment.version, enrolment.enrolled_at) == (1, NOON)
    assert Enrolment.objects.count() == 1


def test_leaving_keeps_every_state_and_answer_and_hides_the_queue(learner, deck, topic):
    cards = deck(3)
    enrol(user=learner, topic=topic, expected_version=0, now=NOON)
    answer(learner, cards[0], 4)
    answer(learner, cards[1], 2)
    states = list(ReviewState.objects.for_user(learner).order_by("pk").values())
    logs = list(ReviewLog.objects.for_user(learner).order_by("pk").values())

    result = leave(user=learner, topic=topic, expected_version=1, now=NOON)

    assert result.applied
    assert list(ReviewState.objects.for_user(learner).order_by("pk").values()) == states
    assert list(ReviewLog.objects.for_user(learner).order_by("pk").values()) == logs
    assert not plan_for(learner, learner.study_profile, topic.pk).enrolled
    assert enrolment_of(learner, topic).left_at == NOON


def test_enrolling_again_takes_the_history_back_up_where_it_was(learner, deck, topic):
    cards = deck(2)
    enrol(user=learner, topic=topic, expected_version=0, now=NOON, exam_date=date(2027, 1, 9))
    answer(learner, cards[0], 4)  # due tomorrow
    leave(user=learner, topic=topic, expected_version=1, now=NOON)

    result = enrol(user=learner, topic=topic, expected_version=2, now=days_later(1))

    assert result.applied and result.enrolment.version == 3
    # The exam date chosen before is kept, and yesterday's card is due today as scheduled.
    plan = plan_for(learner, learner.study_profile, topic.pk)
    assert plan.enrolled and plan.exam_date == date(2027, 1, 9)
    queue = build_queue(
        user=learner, profile=learner.study_profile, topic_id=topic.pk, today=TODAY + timedelta(1)
    )
    assert queue.card == cards[0] and queue.state.reviews == 1


def test_leaving_twice_or_a_topic_never_studied_is_refused(learner, topic):
    never = leave(user=learner, topic=topic, expected_version=0, now=NOON)
    enrol(user=learner, topic=topic, expected_version=0, now=NOON)
    leave(user=learner, topic=topic, expected_version=1, now=NOON)
    twice = leave(user=learner, topic=topic, expected_version=1, now=NOON)

    for result in (never, twice):
        assert not result.applied
        assert result.refusal == f"You do not study {topic.title}; nothing changed."
    assert enrolment_of(learner, topic).version == 2


def test_a_stale_form_is_refused_with_what_happened(learner, topic):
    enrol(user=learner, topic=topic, expected_version=0, now=NOON)
    leave(user=learner, topic=topic, expected_version=1, now=NOON)
    enrol(user=learner, topic=topic, expected_version=2, now=NOON)

    # A second tab still shows the first enrolment (version 1).
    stale = leave(user=learner, topic=topic, expected_version=1, now=NOON)

    assert not stale.applied
    assert "changed since this page was shown" in stale.refusal
    assert enrolment_of(learner, topic).active


def test_one_learners_actions_never_touch_another_learners_enrolment(learner, topic):
    other = UserFactory()
    StudyProfile.objects.create(user=other)
    enrol(user=other, topic=topic, expected_version=0, now=NOON, exam_date=date(2027, 5, 1))

    # The learner posts the other learner's version: it names nothing of theirs.
    left = leave(user=learner, topic=topic, expected_version=1, now=NOON)
    changed = change_plan(
        user=learner,
        topic=topic,
        expected_version=1,
        exam_date=None,
        new_cards_per_day=0,
        reviews_per_day=None,
        leech_threshold=None,
    )

    assert not left.applied and not changed.applied
    theirs = enrolment_of(other, topic)
    assert (theirs.active, theirs.version, theirs.exam_date) == (True, 1, date(2027, 5, 1))
    assert enrolment_of(learner, topic) is None


def test_the_plan_sets_the_topics_own_limits_and_empty_means_the_profiles(learner, topic):
    profile = learner.study_profile
    enrol(user=learner, topic=topic, expected_version=0, now=NOON)

    result = change_plan(
        user=learner,
        topic=topic,
        expected_version=1,
        exam_date=date(2027, 2, 2),
        new_cards_per_day=5,
        reviews_per_day=None,
        leech_threshold=3,
    )

    assert result.applied
    plan = plan_for(learner, profile, topic.pk)
    assert (plan.exam_date, plan.new_cards_per_day, plan.leech_threshold) == (
        date(2027, 2, 2),
        5,
        3,
    )
    assert plan.reviews_per_day == profile.reviews_per_day == 200


def test_a_plan_for_a_topic_not_studied_is_refused(learner, topic):
    result = change_plan(
        user=learner,
        topic=topic,
        expected_version=0,
        exam_date=None,
        new_cards_per_day=3,
        reviews_per_day=None,
        leech_threshold=None,
    )

    assert not result.applied and "start studying it first" in result.refusal
    assert not Enrolment.objects.exists()


def test_without_an_enrolment_the_plan_is_the_profiles_and_not_enrolled(learner, topic):
    profile = learner.study_profile
    profile.exam_date = date(2027, 4, 4)

    plans = plans_for(learner, profile)

    assert plans[topic.pk] == StudyPlan(
        topic_id=topic.pk,
        enrolled=False,
        enrolment_id=None,
        version=0,
        exam_date=date(2027, 4, 4),
        new_cards_per_day=20,
        reviews_per_day=200,
        leech_threshold=8,
    )
