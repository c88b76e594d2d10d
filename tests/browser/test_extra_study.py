"""Extra study in Chromium, by keyboard: a learner crams their weakest domain from the dashboard
(undoing one answer with u) and their schedule stays as it was; they add extra new cards for
today in place (htmx) and review ahead.

Issue 15's "done when" flow crams the weakest domain; this is that part, kept a test of its
own beside tests/browser/test_learner_in_charge.py.
"""

import re

import pytest
from django.forms.models import model_to_dict
from playwright.sync_api import expect

from cards.models import Card
from scheduler.models import CramSession, ReviewLog, ReviewState
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.browser

CARD = '[role="region"][aria-label="Card"]'
FRONT = f"{CARD}.on-front"
BACK = f"{CARD}.on-back"


def current_card(page) -> Card:
    card_id = page.locator(f'{CARD} input[name="card"]').first.input_value()
    return Card.objects.get(pk=card_id)


def show_back(page, card: Card) -> None:
    page.keyboard.press("t" if card.kind == Card.Kind.TRAP else "Space")
    page.wait_for_selector(BACK)


def grade(page, key: str) -> Card:
    """Show the current card's back, grade it with `key`, and wait for the next card."""
    card = current_card(page)
    show_back(page, card)
    page.keyboard.press(key)
    expect(page.locator(f'{CARD} input[name="card"]').first).not_to_have_value(str(card.pk))
    return card


def states(user) -> dict:
    return {
        state.card_id: model_to_dict(state, exclude=["id"])
        for state in ReviewState.objects.for_user(user)
    }


def test_a_learner_crams_their_weakest_domain_and_the_schedule_stays(page, sign_in, study_topic):
    learner = sign_in(page)
    # Study the first cards: domain 1's first card fails, domain 2's passes.
    page.get_by_role("link", name="Study Developer basics").click()
    page.wait_for_selector("html[data-keys-ready]", state="attached")
    page.wait_for_selector(FRONT)
    for key in ("1", "3", "3", "3"):
        grade(page, key)
    schedule = states(learner)

    page.goto("/")
    cram = page.get_by_role("button", name="Cram my weakest domain of Developer basics")
    expect(cram).to_contain_text("1. Development with AWS Services")
    cram.click()
    page.wait_for_selector("html[data-keys-ready]", state="attached")
    expect(page.locator("h1")).to_contain_text("Study now: Domain 1: Development with AWS Services")
    expect(page.locator('[data-testid="left"]')).to_contain_text("6 left")

    first = current_card(page)
    show_back(page, first)
    expect(page.locator(".grade-detail").first).to_contain_text("again in this session")
    page.keyboard.press("3")
    expect(page.locator('[data-testid="left"]')).to_contain_text("5 left")
    page.keyboard.press("u")
    expect(page.locator("#review .notice")).to_contain_text("Cram answer undone.")
    expect(page.locator('[data-testid="left"]')).to_contain_text("6 left")
    assert current_card(page) == first

    # Again brings a card back at the end of the session; Good finishes it.
    show_back(page, first)
    page.keyboard.press("1")
    page.wait_for_selector(FRONT)
    expect(page.locator('[data-testid="left"]')).to_contain_text("6 left")
    assert current_card(page) != first
    for _ in range(6):
        card = current_card(page)
        show_back(page, card)
        page.keyboard.press("3")
        page.wait_for_selector(f"{FRONT}, .summary")
    expect(page.get_by_role("region", name="Summary")).to_contain_text(
        "Cramming did not change when any card is due."
    )

    assert states(learner) == schedule
    session = CramSession.objects.for_user(learner).get()
    logs = ReviewLog.objects.for_user(learner).filter(kind=ReviewLog.Kind.CRAM)
    assert logs.filter(undone=False).count() == 7 and logs.filter(undone=True).count() == 1
    assert len(session.answers) == 7

    page.goto("/stats/developer-basics/")
    expect(page.get_by_test_id("cram-answers")).to_contain_text("7")


def test_extra_new_cards_today_and_review_ahead(page, sign_in, study_topic):
    learner = sign_in(page)
    profile = learner.study_profile
    profile.new_cards_per_day = 1
    profile.save()

    page.goto("/extra/developer-basics/")
    page.wait_for_selector("html[data-keys-ready]", state="attached")
    expect(page.get_by_test_id("new-limit")).to_contain_text("up to 1 new cards")
    page.get_by_label("Add").fill("2")
    page.get_by_role("button", name="Add for today").click()
    expect(page.get_by_test_id("new-limit")).to_contain_text("up to 3 new cards")
    expect(page.locator("#extra-new .notice")).to_contain_text("2 more new cards today")

    page.get_by_role("link", name="Study Developer basics").click()
    page.wait_for_selector(FRONT)
    expect(page.locator(".count-new")).to_contain_text("3 new")

    # Nothing is due ahead yet: the page says so, with a way back.
    page.goto("/extra/developer-basics/")
    page.get_by_label("Cards due in the next").fill("5")
    page.get_by_role("button", name="Review ahead").click()
    expect(page.get_by_role("region", name="Summary")).to_contain_text("Nothing more due by")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_extra_study_pages_have_no_axe_violations(page, sign_in, study_topic, viewport):
    sign_in(page)
    page.set_viewport_size(viewport)
    found = []
    page.goto("/extra/developer-basics/")
    found += violations(page, "extra study")
    page.get_by_role("button", name=re.compile(r"^Study now\W+domain 2$")).click()
    page.wait_for_selector(FRONT)
    found += violations(page, "cram front")
    show_back(page, current_card(page))
    found += violations(page, "cram back")

    assert found == []
