import pytest

from scheduler.models import StudyProfile
from tests.factories import CardFactory, SectionFactory, UserFactory


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
