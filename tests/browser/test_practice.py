"""A DVA-C02 mock in Chromium: take it, reload half-way, continue, time out another, and find
the missed questions' cards in review, at phone and desktop width."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from cards.fixture import load_fixture
from cards.importer import import_topic
from cards.models import Topic
from scheduler.practice_models import PracticeAttempt
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

DVA = Path(settings.BASE_DIR) / "fixtures" / "aws-dva-c02.json"
CARD = '[role="region"][aria-label="Card"]'


@pytest.fixture
def dva(transactional_db) -> Topic:
    import_topic(load_fixture(DVA.read_bytes(), DVA.name), now=timezone.now())
    return Topic.objects.get(slug="aws-dva-c02")


def answer_and_next(page, number: int, total: int) -> None:
    """Pick the first option (saved at once), then move on with "Save and next"."""
    expect(page.locator(".question-number")).to_contain_text(f"Question {number} of {total}")
    options = page.locator(".option input")
    options.first.check()
    expect(page.locator(".saved")).to_have_text("Your answer is saved.")
    if number < total:
        page.get_by_role("button", name="Save and next").click()


def fits(page, viewport) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize(("size", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_a_mock_exam_reloaded_half_way_then_a_timed_out_one(
    page, sign_in, dva, screenshot, size, viewport
):
    page.set_viewport_size(viewport)
    learner = sign_in(page)
    page.get_by_role("link", name="Practice exam").first.click()
    page.get_by_role("button", name="Start a mock exam").click()
    attempt = PracticeAttempt.objects.get(user=learner)
    assert attempt.questions.count() == 65

    for number in range(1, 33):
        answer_and_next(page, number, 65)
    expect(page.locator(".question-number")).to_contain_text("Question 33 of 65")
    screenshot(page, f"practice-question-{size}")
    fits(page, viewport)

    # A reload (or a lost connection) keeps every answer and the same attempt.
    page.reload()
    expect(page.get_by_test_id("answered-count")).to_have_text("32 of 65 answered")
    page.get_by_role("link", name="Question 33", exact=True).click()
    for number in range(33, 66):
        answer_and_next(page, number, 65)
    page.get_by_role("button", name="Submit the exam").click()

    page.wait_for_url("**/results")
    table = page.get_by_test_id("domain-results")
    for weight in (32, 26, 24, 18):
        expect(table).to_contain_text(f"{weight}%")
    attempt.refresh_from_db()
    expect(page.get_by_test_id("score")).to_contain_text(str(attempt.scaled_score))
    screenshot(page, f"practice-results-{size}")
    fits(page, viewport)

    # The missed questions' cards come first in the next review.
    missed = {q.card_id for q in attempt.questions.all() if not q.is_correct}
    assert missed
    page.goto(f"/review/{dva.slug}/")
    shown = int(page.locator(f'{CARD} input[name="card"]').first.input_value())
    assert shown in missed

    # Another mock, whose time runs out while the page is open: the page's clock reloads it
    # and the server ends the attempt at its deadline.
    page.goto(f"/practice/{dva.slug}/")
    page.get_by_role("button", name="Start a mock exam").click()
    # The new attempt's page has loaded (so the attempt exists and no navigation is in flight
    # when the page reloads).
    expect(page.locator(".question-number")).to_contain_text("Question 1 of 65")
    second = PracticeAttempt.objects.filter(user=learner).latest("started_at")
    PracticeAttempt.objects.filter(pk=second.pk).update(
        deadline=timezone.now() + timedelta(seconds=3)
    )
    page.reload()
    page.locator(".option input").first.check()
    page.wait_for_url("**/results", timeout=15_000)
    second.refresh_from_db()
    assert second.submitted_at == second.deadline
    expect(page.get_by_test_id("domain-results")).to_contain_text("18%")
    fits(page, viewport)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_practice_pages_have_no_axe_violations(
    browser, live_server, settings, sign_in, viewport, scheme
):
    from axe_playwright_python.sync_playwright import Axe

    from tests.scheduler.practice_deck import practice_topic

    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    context = browser.new_context(base_url=live_server.url, viewport=viewport, color_scheme=scheme)
    context.set_default_timeout(10_000)
    page = context.new_page()
    topic = practice_topic(12, questions=5)
    sign_in(page)
    axe, found = Axe(), []

    def check(where: str) -> None:
        found.extend(
            f"{where}: {violation['id']}: {violation['nodes'][0]['target'][0]}"
            for violation in axe.run(page).response["violations"]
        )

    page.goto(f"/practice/{topic.slug}/")
    check("practice home")
    page.get_by_role("button", name="Start a mock exam").click()
    page.locator(".option input").first.check()
    expect(page.locator(".saved")).to_have_text("Your answer is saved.")
    with page.expect_response(lambda response: response.url.endswith("/flag")):
        page.get_by_role("button", name="Flag for review").click()
    expect(page.get_by_role("button", name="Remove the flag")).to_be_visible()
    check("question")
    page.get_by_role("button", name="Submit the exam").click()
    expect(page.get_by_role("alert")).to_contain_text("will count as wrong")
    check("submit with unanswered questions")
    page.get_by_role("button", name="Submit anyway").click()
    page.wait_for_url("**/results")
    check("results")
    context.close()

    assert found == []
