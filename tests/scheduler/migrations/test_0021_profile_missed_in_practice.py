"""The migration that marks the learners who already missed a practice question."""

import pytest

from scheduler.models import StudyProfile
from scheduler.practice_services import log_practice_misses
from tests.factories import CardFactory, StudyProfileFactory
from tests.scheduler.answering import NOON, answer
from tests.scheduler.migrations.migrating import migrate

BEFORE = [("scheduler", "0020_enrol_learners_in_studied_topics")]
AFTER = [("scheduler", "0021_profile_missed_in_practice")]


@pytest.mark.django_db(transaction=True)
def test_learners_with_a_practice_miss_are_marked_and_given_a_profile_if_they_had_none():
    card = CardFactory()
    with_profile, without_profile, never_missed = (StudyProfileFactory().user for _ in range(3))
    answer(never_missed, card, 4)
    for user in (with_profile, without_profile):
        log_practice_misses(user=user, cards=[card], now=NOON)
    old = migrate(BEFORE)
    old.get_model("scheduler", "StudyProfile").objects.filter(user_id=without_profile.pk).delete()

    migrate(AFTER)

    marked = dict(StudyProfile.objects.values_list("user_id", "missed_in_practice"))
    assert marked == {with_profile.pk: True, without_profile.pk: True, never_missed.pk: False}
