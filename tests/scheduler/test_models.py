"""What the learning models protect: review history never goes with a plain user.delete()."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import ProtectedError

from scheduler.models import ReviewLog, ReviewState, StudyProfile
from tests.factories import UserFactory
from tests.scheduler.answering import answer


def test_a_scripts_user_delete_refuses_while_the_user_has_history_and_deletes_nothing(
    learner, deck
):
    first, second = deck(2)
    answer(learner, first, 4)
    answer(learner, second, 2)
    answer(learner, second, 4)

    with pytest.raises(ProtectedError):
        learner.delete()

    assert get_user_model().objects.filter(pk=learner.pk).exists()
    assert StudyProfile.objects.filter(user=learner).exists()
    assert ReviewState.objects.for_user(learner).count() == 2
    assert ReviewLog.objects.for_user(learner).count() == 3


def test_a_queryset_delete_of_users_refuses_too(learner, deck):
    (card,) = deck(1)
    answer(learner, card, 4)
    bystander = UserFactory()

    with pytest.raises(ProtectedError):
        get_user_model().objects.filter(pk__in=[learner.pk, bystander.pk]).delete()

    assert get_user_model().objects.filter(pk__in=[learner.pk, bystander.pk]).count() == 2
    assert ReviewLog.objects.for_user(learner).count() == 1


def test_a_user_without_review_history_can_still_be_deleted(learner):
    learner.delete()

    assert not get_user_model().objects.filter(pk=learner.pk).exists()
    assert not StudyProfile.objects.filter(user_id=learner.pk).exists()
