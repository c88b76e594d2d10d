"""Sign up, sign in and sign out with Django's auth views; sign-up can be switched off."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import UserFactory


def test_sign_up_creates_the_account_and_signs_in(client, db):
    response = client.post(
        reverse("signup"),
        {
            "username": "ada",
            "password1": "an unusual passphrase",
            "password2": "an unusual passphrase",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200
    assert get_user_model().objects.filter(username="ada").exists()


def test_sign_up_with_mismatched_passwords_explains(client, db):
    response = client.post(
        reverse("signup"),
        {"username": "ada", "password1": "an unusual passphrase", "password2": "another"},
    )

    assert response.status_code == 200
    assert "The two password fields didn" in response.content.decode()
    assert not get_user_model().objects.exists()


def test_sign_up_is_not_found_when_closed(client, db, settings):
    settings.SIGNUP_OPEN = False

    assert client.get(reverse("signup")).status_code == 404
    response = client.post(
        reverse("signup"),
        {
            "username": "ada",
            "password1": "an unusual passphrase",
            "password2": "an unusual passphrase",
        },
    )
    assert response.status_code == 404
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize(("open_", "shown"), [(True, True), (False, False)])
def test_sign_in_page_links_to_sign_up_only_when_open(client, db, settings, open_, shown):
    settings.SIGNUP_OPEN = open_

    page = client.get(reverse("login")).content.decode()

    assert (reverse("signup") in page) is shown


def test_sign_in_and_sign_out(client, db):
    UserFactory(username="grace")

    signed_in = client.post(
        reverse("login"), {"username": "grace", "password": "correct horse battery"}
    )
    page = client.get(reverse("dashboard")).content.decode()
    signed_out = client.post(reverse("logout"))

    assert signed_in["Location"] == reverse("dashboard")
    assert f'action="{reverse("logout")}"' in page and "Sign out" in page
    assert signed_out.status_code == 302
    assert "You are signed out." in client.get(signed_out["Location"]).content.decode()
    assert client.get(reverse("dashboard")).status_code == 302


def test_wrong_password_is_refused_with_a_message(client, db):
    UserFactory(username="grace")

    response = client.post(reverse("login"), {"username": "grace", "password": "nope"})

    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_navigation_shows_admin_only_to_staff(client, db):
    client.force_login(UserFactory(is_staff=True))
    assert reverse("admin:index") in client.get(reverse("dashboard")).content.decode()

    client.force_login(UserFactory(is_staff=False))
    assert reverse("admin:index") not in client.get(reverse("dashboard")).content.decode()
