"""Login throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one username
from one address, that pair is refused for a while with a page that says so, on the site's
sign-in and the admin's alike."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "correct horse battery"  # tests.factories.UserFactory's


def fail_until_locked(client, url: str, username: str):
    """Posts LOGIN_FAILURE_LIMIT wrong passwords; returns the answer to the last one."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": username, "password": "wrong"})
        assert response.status_code == 200  # the form again, with its usual error
    return client.post(url, {"username": username, "password": "wrong"})


def test_the_defaults_lock_after_five_failures_for_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60


def test_the_fifth_wrong_password_locks_with_a_clear_page(client, db):
    UserFactory(username="grace")

    response = fail_until_locked(client, reverse("login"), "grace")

    page = response.content.decode()
    assert response.status_code == 429
    assert "Sign-in paused" in page
    assert "paused for 15 minutes" in page
    assert 'class="site-header"' in page  # the site's own page, not a bare error


@pytest.mark.parametrize("password", ["wrong", PASSWORD])
def test_the_next_attempt_is_refused_even_with_the_right_password(client, db, password):
    UserFactory(username="grace")
    fail_until_locked(client, reverse("login"), "grace")

    response = client.post(reverse("login"), {"username": "grace", "password": password})

    assert response.status_code == 429
    assert "Sign-in paused" in response.content.decode()
    assert client.get(reverse("dashboard")).status_code == 302  # still signed out


def test_another_username_from_the_same_address_is_not_locked(client, db):
    UserFactory(username="grace")
    UserFactory(username="ada")
    fail_until_locked(client, reverse("login"), "grace")

    response = client.post(reverse("login"), {"username": "ada", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def test_the_same_username_from_another_address_is_not_locked(client, db):
    UserFactory(username="grace")
    fail_until_locked(client, reverse("login"), "grace")

    response = client.post(
        reverse("login"),
        {"username": "grace", "password": PASSWORD},
        REMOTE_ADDR="198.51.100.7",
    )

    assert response.status_code == 302


def test_the_lock_ends_after_the_cool_off(client, db, time_machine):
    time_machine.move_to("2026-03-02 09:00:00Z")
    UserFactory(username="grace")
    fail_until_locked(client, reverse("login"), "grace")

    time_machine.move_to("2026-03-02 09:16:00Z")
    response = client.post(reverse("login"), {"username": "grace", "password": PASSWORD})

    assert response.status_code == 302


def test_a_success_before_the_limit_starts_the_count_again(client, db):
    UserFactory(username="grace")
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(url, {"username": "grace", "password": "wrong"})
    client.post(url, {"username": "grace", "password": PASSWORD})
    client.post(reverse("logout"))

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(url, {"username": "grace", "password": "wrong"})
    response = client.post(url, {"username": "grace", "password": PASSWORD})

    assert response.status_code == 302


@pytest.mark.parametrize("password", ["wrong", PASSWORD])
def test_the_admin_sign_in_is_throttled_too(client, db, password):
    UserFactory(username="editor", is_staff=True, is_superuser=True)
    fail_until_locked(client, reverse("admin:login"), "editor")

    response = client.post(reverse("admin:login"), {"username": "editor", "password": password})

    assert response.status_code == 429
    assert "Sign-in paused" in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302


def test_failures_at_the_site_count_at_the_admin(client, db):
    UserFactory(username="editor", is_staff=True)
    fail_until_locked(client, reverse("login"), "editor")

    response = client.post(reverse("admin:login"), {"username": "editor", "password": PASSWORD})

    assert response.status_code == 429
