"""Learning state in the admin: visible to staff, filterable, never writable."""

import datetime as dt

import pytest
from django.urls import reverse

from scheduler.models import Enrolment, ReviewLog, ReviewState, StudyProfile
from scheduler.services import answer_card
from tests.factories import CardFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
MODELS = ("reviewstate", "reviewlog", "studyprofile", "enrolment")


@pytest.fixture
def answered():
    card = CardFactory()
    learners = [UserFactory(username=name) for name in ("ada", "grace")]
    for learner in learners:
        EnrolmentFactory(user=learner, topic=card.topic)
        answer_card(user=learner, card=card, quality=4, expected_version=0, now=NOW)
    return card, learners


@pytest.mark.parametrize("model", MODELS)
def test_learning_state_is_listed_and_read_only(editor, client, answered, model):
    listing = client.get(reverse(f"admin:scheduler_{model}_changelist"))

    assert listing.status_code == 200
    assert "ada" in listing.content.decode()
    assert client.get(reverse(f"admin:scheduler_{model}_add")).status_code == 403
    row = {
        "reviewstate": ReviewState,
        "reviewlog": ReviewLog,
        "studyprofile": StudyProfile,
        "enrolment": Enrolment,
    }[model].objects.first()
    assert client.get(reverse(f"admin:scheduler_{model}_delete", args=[row.pk])).status_code == 403
    detail = client.get(reverse(f"admin:scheduler_{model}_change", args=[row.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert client.post(reverse(f"admin:scheduler_{model}_change", args=[row.pk])).status_code == 403


@pytest.mark.parametrize("model", ("reviewstate", "reviewlog"))
def test_learning_state_filters_by_user_and_topic(editor, client, answered, model):
    card, (ada, grace) = answered
    CardFactory()  # another topic

    by_user = client.get(
        reverse(f"admin:scheduler_{model}_changelist"), {"user__id__exact": ada.pk}
    )
    by_topic = client.get(
        reverse(f"admin:scheduler_{model}_changelist"), {"topic__id__exact": card.topic_id}
    )

    assert by_user.context["cl"].result_count == 1
    assert by_topic.context["cl"].result_count == 2


def test_a_learner_who_is_not_staff_cannot_see_learning_state(client, answered):
    _, (ada, _) = answered
    ada.save()
    client.force_login(ada)

    response = client.get(reverse("admin:scheduler_reviewlog_changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_admin_cannot_delete_a_learner_with_history_and_says_why(editor, client, answered):
    _, (ada, _) = answered
    delete_url = reverse("admin:auth_user_delete", args=[ada.pk])

    page = client.get(delete_url)
    posted = client.post(delete_url, {"post": "yes"})

    html = " ".join(page.content.decode().split())
    assert "<h1>Cannot delete user</h1>" in html
    assert "<li>review log</li>" in html
    assert "<h1>Cannot delete user</h1>" in " ".join(posted.content.decode().split())
    assert ReviewLog.objects.for_user(ada).count() == 1
    assert ReviewState.objects.for_user(ada).count() == 1
