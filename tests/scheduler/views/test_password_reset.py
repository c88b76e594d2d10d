"""Forgot your password: an email with a one-time link, offered only where mail goes out.

Tests send through Django's locmem backend (pytest-django's `mailoutbox`)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import UserFactory

NEW_PASSWORD = "a fresh passphrase"


@pytest.fixture
def reset_open(settings):
    """A site with a mailer; the tests' one keeps the mail in `mailoutbox`."""
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.PASSWORD_RESET_OPEN = True


def reset_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body).group(1)


def test_sign_up_keeps_an_optional_email_address(client, db):
    client.post(
        reverse("signup"),
        {
            "username": "ada",
            "email": "ada@example.com",
            "password1": "an unusual passphrase",
            "password2": "an unusual passphrase",
        },
    )
    client.post(reverse("logout"))
    client.post(
        reverse("signup"),
        {"username": "grace", "password1": "another passphrase", "password2": "another passphrase"},
    )

    emails = dict(get_user_model().objects.values_list("username", "email"))
    assert emails == {"ada": "ada@example.com", "grace": ""}


def test_sign_up_refuses_an_address_that_is_not_one(client, db):
    response = client.post(
        reverse("signup"),
        {
            "username": "ada",
            "email": "ada at home",
            "password1": "an unusual passphrase",
            "password2": "an unusual passphrase",
        },
    )

    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert not get_user_model().objects.exists()


def test_a_forgotten_password_is_reset_through_the_emailed_link(client, db, reset_open, mailoutbox):
    UserFactory(username="grace", email="grace@example.com")
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()

    done = client.post(reverse("password_reset"), {"email": "grace@example.com"})
    assert done["Location"] == reverse("password_reset_done")
    assert "If an account has that email address" in client.get(done["Location"]).content.decode()
    [message] = mailoutbox
    assert message.to == ["grace@example.com"]
    assert message.subject == "Your spacecards password"

    form_page = client.get(reset_link(message), follow=True)
    assert "Choose a new password" in form_page.content.decode()
    complete = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert complete["Location"] == reverse("password_reset_complete")

    signed_in = client.post(reverse("login"), {"username": "grace", "password": NEW_PASSWORD})
    assert signed_in["Location"] == reverse("dashboard")


def test_a_reset_link_works_once(client, db, reset_open, mailoutbox):
    UserFactory(username="grace", email="grace@example.com")
    client.post(reverse("password_reset"), {"email": "grace@example.com"})
    link = reset_link(mailoutbox[0])
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    again = client.get(link, follow=True)

    assert "This link no longer works" in again.content.decode()


def test_no_mail_goes_to_an_address_no_account_has(client, db, reset_open, mailoutbox):
    UserFactory(username="grace", email="grace@example.com")

    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})

    assert response["Location"] == reverse("password_reset_done")  # no hint either way
    assert mailoutbox == []


def test_without_mail_no_reset_is_offered(client, db, settings, mailoutbox):
    settings.PASSWORD_RESET_OPEN = False
    UserFactory(username="grace", email="grace@example.com")

    login_page = client.get(reverse("login")).content.decode()
    form = client.get(reverse("password_reset"))
    sent = client.post(reverse("password_reset"), {"email": "grace@example.com"})

    assert reverse("password_reset") not in login_page
    assert (form.status_code, sent.status_code) == (404, 404)
    assert mailoutbox == []
