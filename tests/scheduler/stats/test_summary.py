"""The learner's cards per domain (scheduler.stats.summary): compiled once, each learner's own."""

from datetime import timedelta

import pytest

from scheduler import prepared
from scheduler.models import ReviewState, StudyProfile
from scheduler.stats.summary import _states_by_domain, summarise
from tests.factories import CardFactory, SectionFactory, UserFactory
from tests.scheduler.answering import NOON, answer, days_later

TODAY = NOON.date()


@pytest.fixture
def two_topics(learner):
    """Two topics of two domains with three cards each."""
    topics = []
    for _ in range(2):
        first = SectionFactory()
        second = SectionFactory(domain__topic=first.domain.topic, domain__number=2)
        for position in range(6):
            CardFactory(section=(first, second)[position % 2], position=position)
        topics.append(first.domain.topic)
    return topics


@pytest.fixture
def two_learners(learner, two_topics):
    """The learner and another, each with answers of their own over a few days."""
    other = UserFactory()
    StudyProfile.objects.create(user=other, time_zone="UTC", day_starts_at=4)
    for user, qualities in ((learner, (5, 2, 4, 3)), (other, (1, 5, 5))):
        for topic in two_topics:
            for days_ago, (card, quality) in enumerate(
                zip(topic.cards.order_by("position"), qualities, strict=False)
            ):
                answer(user, card, quality, now=days_later(-days_ago * 3))
        answer(user, two_topics[0].cards.order_by("position").first(), 4)  # answered today too
    return learner, other


def by_domain(rows) -> dict:
    return {row["domain"]: row for row in rows}


@pytest.mark.parametrize("shape", ["one date", "per topic"])
def test_the_compiled_query_gives_each_learner_the_rows_the_orm_gives(
    two_learners, two_topics, shape
):
    topic_ids = [topic.pk for topic in two_topics]
    days = [TODAY + timedelta(days=20)]
    if shape == "per topic":
        days = [TODAY + timedelta(days=20), TODAY + timedelta(days=45)]
    for user in two_learners:
        factor, decay = user.study_profile.algorithm_model().forgetting_curve
        values = prepared.Values(user.pk, TODAY, topic_ids, days=days, numbers=[factor, decay, 0.9])

        compiled = prepared.rows(("summary", shape), lambda v: _states_by_domain(v, shape), values)

        orm = by_domain(_states_by_domain(values, shape))
        assert by_domain(compiled).keys() == orm.keys()
        for domain, row in by_domain(compiled).items():
            assert row == pytest.approx(orm[domain])


def test_each_learner_gets_their_own_counts_of_today_and_next_due(two_learners, two_topics):
    topic_ids = [topic.pk for topic in two_topics]
    for user in two_learners:
        summary = summarise(user, topic_ids, TODAY)
        states = ReviewState.objects.filter(user=user, introduced_on__isnull=False)
        for topic in two_topics:
            in_topic = states.filter(topic=topic)
            later = [state.due for state in in_topic if state.due > TODAY]
            assert summary.next_due(topic.pk) == min(later, default=None)
        figures = [summary.states(domain.pk) for domain in summary.domains]
        assert sum(f.seen for f in figures) == states.count()
        assert (
            sum(f.answered_today for f in figures) == states.filter(last_answered_on=TODAY).count()
        )
        assert (
            sum(f.new_today for f in figures)
            == states.filter(last_answered_on=TODAY, introduced_on=TODAY).count()
        )
        recall = sum(
            user.study_profile.algorithm_model().retrievability(state.memory.fsrs, TODAY)
            for state in states
        )
        assert sum(f.recall_sum for f in figures) == pytest.approx(recall)
