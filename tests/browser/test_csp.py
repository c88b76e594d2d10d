"""The Content-Security-Policy is enforced, and no page the learner or the editor uses breaks
it: htmx, the keyboard shortcuts, the charts and the admin's card preview all still work."""

from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cards.models import Card
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

CARD = '[role="region"][aria-label="Card"]'
# Chromium reports a refused script, style or frame on the console and as an event.
LISTEN_FOR_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${where}`);
});
"""


@pytest.fixture
def watched(page) -> Callable[[], list[str]]:
    """The page, watched for CSP violations: call the fixture's value for what it saw."""
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(LISTEN_FOR_VIOLATIONS)

    def violations() -> list[str]:
        return console + page.evaluate("window.cspViolations || []")

    return violations


def visit(page, path: str) -> None:
    response = page.goto(path)
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self' 'nonce-" in policy, f"{path} has no enforced CSP: {policy!r}"
    assert "unsafe-inline" not in policy


def test_the_learners_pages_keep_working_under_the_policy(
    page, watched, sign_in, study_topic, settings
):
    settings.PASSWORD_RESET_OPEN = True
    visit(page, "/accounts/login/")
    visit(page, "/accounts/signup/")
    visit(page, "/accounts/password_reset/")
    assert watched() == []

    sign_in(page)
    visit(page, "/")
    expect(page.get_by_role("heading", name="Developer basics")).to_be_visible()
    visit(page, f"/review/{study_topic.slug}/")
    # htmx and the keyboard script: reveal and answer swap the card without a page load.
    page.wait_for_selector("html[data-keys-ready]", state="attached")
    first = page.locator(f'{CARD} input[name="card"]').first.input_value()
    page.keyboard.press("Space")
    page.wait_for_selector(f"{CARD}.on-back")
    page.keyboard.press("3")
    expect(page.locator(f'{CARD}.on-front input[name="card"]').first).not_to_have_value(first)
    visit(page, "/stats/")
    expect(page.get_by_test_id("heatmap")).to_be_visible()
    visit(page, "/settings/")

    assert watched() == []


def test_the_admin_and_its_card_preview_keep_working_under_the_policy(
    page, watched, sign_in, study_topic
):
    editor = UserFactory(username="editor", is_staff=True, is_superuser=True)
    editor.save()
    sign_in(page, editor)
    card = Card.objects.get(topic=study_topic, position=0)

    visit(page, reverse("admin:index"))
    visit(page, reverse("admin:cards_card_changelist"))
    visit(page, reverse("admin:cards_topic_import"))
    visit(page, reverse("admin:cards_card_change", args=[card.pk]))
    front = page.frame_locator('iframe[data-face="front"]')
    expect(front.locator(".prompt")).to_have_text(card.prompt)
    # card-preview.js grows the frame to its card (an onload="" attribute would be refused).
    page.wait_for_function(
        "document.querySelector('iframe[data-face=front]').style.height.endsWith('px')"
    )

    assert watched() == []


def test_an_inline_style_is_refused_and_reported(page, watched, transactional_db):
    """The watch above sees violations: an injected style="" attribute is one."""
    visit(page, "/accounts/login/")

    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")

    page.wait_for_function("window.cspViolations.length > 0")
    assert any("style-src" in violation for violation in watched())
