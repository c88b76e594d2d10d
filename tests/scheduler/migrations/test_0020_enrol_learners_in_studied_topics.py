"""The data migration that enrols every learner in each topic they have studied."""

import pytest

from scheduler.models import Enrolment
from tests.factories import CardFactory, SectionFactory, StudyProfileFactory
from tests.scheduler.answering import answer
from tests.scheduler.migrations.migrating import migrate

BEFORE = [("scheduler", "0019_enrolments")]
AFTER = [("scheduler", "0020_enrol_learners_in_studied_topics")]


@pytest.mark.django_db(transaction=True)
def test_every_learner_is_enrolled_in_the_topics_they_studied_and_no_other():
    studied, untouched = SectionFactory(), SectionFactory()
    cards = [CardFactory(section=studied, position=n) for n in range(3)]
    CardFactory(section=untouched)
    both, one, none = (StudyProfileFactory().user for _ in range(3))
    for card in cards:
        answer(both, card, 4)
    answer(one, cards[0], 2)
    migrate(BEFORE)
    Enrolment.objects.all().delete()  # as before the migration: no enrolments at all

    migrate(AFTER)

    enrolled = set(Enrolment.objects.values_list("user_id", "topic_id"))
    topic = studied.domain.topic_id
    assert enrolled == {(both.pk, topic), (one.pk, topic)}
    # Their own plan is empty: the profile's date and limits keep applying, as before.
    assert set(
        Enrolment.objects.values_list(
            "left_at", "exam_date", "new_cards_per_day", "reviews_per_day", "leech_threshold"
        )
    ) == {(None,) * 5}
    assert none.pk not in {user_id for user_id, _ in enrolled}


@pytest.mark.django_db(transaction=True)
def test_migrating_back_keeps_the_enrolments_and_forward_again_adds_none_twice():
    card = CardFactory()
    learner = StudyProfileFactory().user
    answer(learner, card, 4)
    migrate(BEFORE)
    Enrolment.objects.all().delete()
    migrate(AFTER)

    migrate(BEFORE)
    migrate(AFTER)

    assert Enrolment.objects.filter(user=learner, topic=card.topic).count() == 1
