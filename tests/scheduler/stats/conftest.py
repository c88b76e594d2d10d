"""Two learners studying two topics of two domains each, with answers over a few days."""

import pytest

from scheduler.models import StudyProfile
from tests.factories import CardFactory, SectionFactory, UserFactory
from tests.scheduler.answering import answer, days_later


@pytest.fixture
def two_topics(learner):
    """Two topics of two domains with three cards each."""
    topics = []
    for _ in range(2):
        # Numbered here: the factory's running number may already be 2 and clash.
        first = SectionFactory(domain__number=1)
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
