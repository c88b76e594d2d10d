"""Colours follow the system's scheme until the learner picks light or dark in the settings."""

import pytest
from django.urls import reverse

from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser

BACKGROUND = "getComputedStyle(document.body).backgroundColor"


def test_the_page_follows_the_system_then_the_learners_choice(
    browser, live_server, settings, sign_in
):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, color_scheme="dark")
    try:
        page = context.new_page()
        sign_in(page)
        system_dark = page.evaluate(BACKGROUND)

        page.goto(reverse("study-settings"))
        page.get_by_label("Light").check()
        page.get_by_role("button", name="Save settings").click()
        page.wait_for_url("**/settings/")
        chosen_light = page.evaluate(BACKGROUND)
    finally:
        context.close()

    assert system_dark == "rgb(17, 21, 30)"  # --ground, dark
    assert chosen_light == "rgb(243, 245, 249)"  # --ground, light, though the system is dark
