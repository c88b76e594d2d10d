import pytest

from scheduler.models import StudyProfile
from tests.factories import CardFactory, SectionFactory, StudyProfileFactory, UserFactory


@pytest.fixture
def learner(db):
    user = UserFactory()
    StudyProfile.objects.create(user=user, time_zone="UTC", day_starts_at=4)
    return user


@pytest.fixture
def section(db):
    return SectionFactory()


@pytest.fixture
def deck(section):
    """A topic with `n` scenario cards in document order."""

    def make(n: int, **fields):
        return [CardFactory(section=section, position=i, **fields) for i in range(n)]

    return make


@pytest.fixture
def two_domains(db):
    """Three cards in one domain and two in another domain of the same topic."""
    first = SectionFactory(domain__number=1)
    second = SectionFactory(domain__topic=first.domain.topic, domain__number=2)
    return [CardFactory(section=first, position=n) for n in range(3)] + [
        CardFactory(section=second, position=3 + n) for n in range(2)
    ]


@pytest.fixture
def learners(db):
    return [StudyProfileFactory().user for _ in range(2)]
