"""Delete my account and data: the explicit way a learner's review history is deleted."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from scheduler.models import DomainDay, DomainStanding, ReviewDay, ReviewLog, ReviewState


@dataclass(frozen=True)
class AccountData:
    """What a learner's account holds, as the "delete my account" page states it."""

    answers: int
    cards_in_progress: int


def account_data(user) -> AccountData:
    return AccountData(
        answers=ReviewLog.objects.for_user(user).count(),
        cards_in_progress=ReviewState.objects.for_user(user).count(),
    )


def delete_account_and_data(*, user) -> AccountData:
    """Delete the learner's answers, card states, settings and account, all or nothing.

    The one way review history is deleted: ReviewState and ReviewLog PROTECT their user, so a
    plain user.delete() refuses. Returns what was deleted, for the confirmation.
    """
    with transaction.atomic():
        # Lock the account first: an answer racing this cannot add a state or log under it.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        deleted = account_data(user)
        ReviewLog.objects.for_user(user).delete()
        ReviewDay.objects.for_user(user).delete()
        DomainDay.objects.for_user(user).delete()
        DomainStanding.objects.for_user(user).delete()
        ReviewState.objects.for_user(user).delete()
        user.delete()  # the StudyProfile goes with it
    return deleted
