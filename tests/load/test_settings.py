"""The floor page the load run compares against is served only with the load run's settings."""

import pytest
from django.urls import NoReverseMatch, reverse

from tests.load import settings as load_settings


def test_the_site_has_no_floor_page(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("learner"))

    with pytest.raises(NoReverseMatch):
        reverse("benchmark-floor")
    assert client.get("/benchmark/floor/").status_code == 404


def test_the_load_run_serves_the_floor_beside_the_site(client, settings, django_user_model):
    settings.ROOT_URLCONF = load_settings.ROOT_URLCONF
    client.force_login(django_user_model.objects.create_user("learner"))

    assert client.get(reverse("benchmark-floor")).content == b"ok"
    assert client.get(reverse("dashboard")).status_code == 200
