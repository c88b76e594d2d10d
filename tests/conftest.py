import pytest

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fast_and_plain(settings):
    """Tests hash passwords quickly and serve static files without a collectstatic manifest."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The test client and the live server speak plain HTTP.
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def editor(client, db):
    """A staff member signed in to the admin with `client`."""
    user = UserFactory(username="editor", is_staff=True, is_superuser=True)
    user.save()  # The factory sets the password after saving; the session checks it.
    client.force_login(user)
    return user
