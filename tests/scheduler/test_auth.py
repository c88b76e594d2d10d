"""Passwords: Argon2id with OWASP's parameters; older hashes upgraded at the next sign-in."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, identify_hasher, make_password
from django.urls import reverse

from config import settings as production
from scheduler.auth import Argon2idHasher
from tests.factories import UserFactory

PASSWORD = "correct horse battery"


@pytest.fixture
def production_hashers(settings):
    # tests/conftest.py swaps in a fast hasher; these tests are about the real list.
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS


def test_argon2id_is_the_first_hasher_in_production():
    assert production.PASSWORD_HASHERS[0] == "scheduler.auth.Argon2idHasher"


def test_a_new_password_is_hashed_with_argon2id_at_owasp_parameters(production_hashers):
    encoded = make_password(PASSWORD)

    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert isinstance(identify_hasher(encoded), Argon2idHasher)


@pytest.mark.parametrize("old_hasher", ["pbkdf2_sha256", "argon2_django_default"])
def test_an_older_hash_is_upgraded_at_the_next_sign_in(client, db, production_hashers, old_hasher):
    if old_hasher == "pbkdf2_sha256":
        old_hash = make_password(PASSWORD, hasher="pbkdf2_sha256")
    else:
        old_hash = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    user = UserFactory(username="ada")
    user.password = old_hash
    user.save(update_fields=["password"])

    signed_in = client.post(reverse("login"), {"username": "ada", "password": PASSWORD})

    user.refresh_from_db()
    assert signed_in["Location"] == reverse("dashboard")
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert user.check_password(PASSWORD)


def test_a_wrong_password_leaves_the_old_hash_alone(client, db, production_hashers):
    old_hash = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user = UserFactory(username="ada")
    user.password = old_hash
    user.save(update_fields=["password"])

    client.post(reverse("login"), {"username": "ada", "password": "not it"})

    user.refresh_from_db()
    assert user.password == old_hash
