"""Delete my account and data: the settings page says what goes, asks for the password,
deletes only this learner's data in one step, signs out and confirms."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cards.models import Card
from scheduler.models import ReviewLog, ReviewState, StudyProfile
from tests.factories import CardFactory, StudyProfileFactory
from tests.scheduler.answering import answer

PASSWORD = "correct horse battery"  # tests.factories.UserFactory's


@pytest.fixture
def student(client, db):
    user = StudyProfileFactory().user
    client.force_login(user)
    return user


@pytest.fixture
def history(student):
    """The student answered three times (two cards); a classmate answered one card."""
    first, second = CardFactory(), CardFactory()
    answer(student, first, 2)
    answer(student, first, 4)
    answer(student, second, 5)
    classmate = StudyProfileFactory().user
    answer(classmate, first, 4)
    return classmate


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def delete(client, password=PASSWORD):
    return client.post(reverse("delete-account"), {"password": password})


def data_of(user) -> tuple[int, int, bool, bool]:
    return (
        ReviewLog.objects.filter(user_id=user.pk).count(),
        ReviewState.objects.filter(user_id=user.pk).count(),
        StudyProfile.objects.filter(user_id=user.pk).exists(),
        get_user_model().objects.filter(pk=user.pk).exists(),
    )


def test_settings_page_says_exactly_what_deleting_the_account_deletes(client, student, history):
    page = text(client.get(reverse("study-settings")))

    assert "Delete my account and data" in page
    assert f"your account <strong>{student.username}</strong> and your study settings" in page
    assert "<strong>3</strong> answers: your whole review history" in page
    assert "<strong>2</strong> cards in progress" in page
    assert 'name="password"' in page and 'autocomplete="current-password"' in page


def test_deleting_with_the_password_deletes_only_this_learners_data_signs_out_and_confirms(
    client, student, history
):
    classmate = history
    classmates_before = data_of(classmate)

    response = delete(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert data_of(student) == (0, 0, False, False)
    assert data_of(classmate) == classmates_before
    assert Card.objects.count() == 2
    confirmation = text(client.get(response["Location"]))
    assert (
        f"Your account {student.username} was deleted, with its 3 answers and 2 cards in "
        "progress. You are signed out." in confirmation
    )
    # Signed out: the study pages ask for a sign-in again.
    assert client.get(reverse("dashboard"))["Location"].startswith(reverse("login"))


def test_a_learner_without_history_can_delete_their_account(client, student):
    response = delete(client)

    assert response.status_code == 302
    assert data_of(student) == (0, 0, False, False)
    assert "with its 0 answers and 0 cards in progress" in text(client.get(response["Location"]))


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("not my password", "Nothing was deleted. That is not your password."),
        ("", "Nothing was deleted. Type your password to delete your account."),
    ],
)
def test_a_wrong_or_missing_password_changes_nothing(client, student, history, password, message):
    before = data_of(student)

    response = delete(client, password)

    assert response.status_code == 400
    assert message in text(response)
    assert data_of(student) == before
    assert client.get(reverse("dashboard")).status_code == 200  # still signed in


def test_wrong_passwords_here_count_towards_the_sign_in_lockout(client, student, history, settings):
    """Guessing the password on the delete form is throttled like guessing it at sign-in."""
    before = data_of(student)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert delete(client, "not my password").status_code == 400
    assert delete(client, "not my password").status_code == 429  # the limit reached: locked

    response = delete(client)  # even the right password, while locked out

    assert response.status_code == 429
    assert data_of(student) == before


def test_deleting_an_account_needs_sign_in(client, db):
    learner = StudyProfileFactory().user
    answer(learner, CardFactory(), 4)

    response = client.post(reverse("delete-account"), {"password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert data_of(learner) == (1, 1, True, True)


def test_deleting_an_account_only_accepts_a_post(client, student):
    opened = client.get(reverse("delete-account"))  # the address opened: back to settings

    assert opened.status_code == 303 and opened["Location"] == reverse("study-settings")
    assert data_of(student)[3]
