"""The learner in charge, in Chromium: enrol in one topic with an exam date, study, bury one
card, suspend another, report a third, cram the weakest domain, find all three in the card
browser with their history, and an editor resolves the report (issue 15's "done when").

tests/browser/test_extra_study.py tries cramming, review ahead and extra new cards in depth.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cards.models import Card, CardReport
from scheduler.models import Enrolment, ReviewLog, ReviewState
from tests.browser.conftest import DESKTOP
from tests.factories import TopicFactory, UserFactory

pytestmark = pytest.mark.browser

CARD = '[role="region"][aria-label="Card"]'
FRONT = f"{CARD}.on-front"
BACK = f"{CARD}.on-back"


def current_card(page) -> Card:
    card_id = page.locator(f'{CARD} input[name="card"]').first.input_value()
    return Card.objects.get(pk=card_id)


def answer_good(page) -> Card:
    card = current_card(page)
    if card.kind == Card.Kind.TRAP:
        page.keyboard.press("t")
    else:
        page.keyboard.press("Space")
    page.wait_for_selector(BACK)
    page.keyboard.press("3")
    expect(page.locator(f'{CARD} input[name="card"]').first).not_to_have_value(str(card.pk))
    return card


def test_enrol_study_bury_suspend_report_browse_and_an_editor_resolves(
    page, browser, live_server, sign_in, study_topic
):
    TopicFactory(slug="other-exam", title="Other exam")
    learner = sign_in(page, enrol=False)

    # A new learner picks the topic they study, with their exam date, from its page.
    exam = timezone.now().date() + timedelta(days=60)
    expect(page.get_by_role("heading", name="What do you study?")).to_be_visible()
    page.get_by_role("link", name="with an exam date for Developer basics").click()
    page.get_by_label("Exam date").fill(exam.isoformat())
    page.get_by_role("button", name="Start studying Developer basics").click()
    expect(page.locator(".messages")).to_contain_text("You now study Developer basics")
    enrolment = Enrolment.objects.get(user=learner)
    assert (enrolment.topic, enrolment.exam_date) == (study_topic, exam)
    page.goto("/")
    expect(page.get_by_test_id("exam-date")).to_contain_text(f"exam {exam:%-d %b %Y}")
    expect(page.get_by_role("button", name="Start studying Other exam")).to_be_visible()
    page.get_by_role("link", name="Study Developer basics").click()
    page.wait_for_selector("html[data-keys-ready]", state="attached")
    page.wait_for_selector(FRONT)

    studied = answer_good(page)

    buried = current_card(page)
    page.keyboard.press("-")
    expect(page.locator("#review .notice")).to_contain_text("Buried")

    suspended = current_card(page)
    page.keyboard.press("@")
    expect(page.locator("#review .notice")).to_contain_text("Suspended for you")

    reported = current_card(page)
    page.keyboard.press("!")
    expect(page.get_by_role("group", name="What is wrong with this card?")).to_be_visible()
    page.get_by_label("The answer is wrong").check()
    page.get_by_label("Note").fill("The answer names the wrong service.")
    page.get_by_role("button", name="Send report").click()
    expect(page.locator("#review .notice")).to_contain_text("the editors will look at this card")
    assert current_card(page) == reported

    # Cram the weakest domain from the dashboard: the answer is logged as cram and moves no
    # schedule.
    schedule = list(ReviewState.objects.for_user(learner).order_by("pk").values())
    page.goto("/")
    page.get_by_role("button", name="Cram my weakest domain of Developer basics").click()
    page.wait_for_selector("html[data-keys-ready]", state="attached")
    expect(page.locator("h1")).to_contain_text("Study now")
    answer_good(page)
    expect(page.locator('[data-testid="left"]')).to_be_visible()
    assert ReviewLog.objects.for_user(learner).filter(kind=ReviewLog.Kind.CRAM).count() == 1
    assert list(ReviewState.objects.for_user(learner).order_by("pk").values()) == schedule

    # The card browser finds each one by my state, and the studied card with its history.
    page.goto("/cards/developer-basics/?state=buried")
    expect(page.locator(".browse-list li")).to_have_count(1)
    expect(page.locator(".browse-list")).to_contain_text(buried.prompt[:40])
    page.goto("/cards/developer-basics/?state=suspended")
    expect(page.locator(".browse-list li")).to_have_count(1)
    page.locator(".browse-list a").click()
    expect(page).to_have_url(re.compile(rf"/cards/developer-basics/{suspended.pk}/$"))
    expect(page.get_by_role("region", name="My history")).to_contain_text("Suspended")
    page.goto("/cards/developer-basics/?state=learning")
    page.locator(".browse-list a").first.click()
    expect(page).to_have_url(re.compile(rf"/cards/developer-basics/{studied.pk}/$"))
    expect(page.get_by_role("region", name="My history")).to_contain_text("Good")
    expect(page.get_by_role("region", name="My history")).to_contain_text("0 → 1 d")

    # An editor resolves the report from the admin's worklist.
    editor = UserFactory(username="editor", is_staff=True, is_superuser=True)
    editor.save()
    admin = browser.new_context(base_url=live_server.url, viewport=DESKTOP).new_page()
    sign_in(admin, editor)
    admin.goto("/admin/")
    admin.get_by_text("1 open report from learners").click()
    expect(admin.locator("#result_list")).to_contain_text(reported.key)
    admin.locator('input[name="_selected_action"]').first.check()
    admin.locator('select[name="action"]').select_option("resolve")
    admin.get_by_role("button", name="Run").click()
    expect(admin.locator(".messagelist")).to_contain_text("Resolved 1 report.")
    admin.context.close()
    assert CardReport.objects.get(reporter=learner).resolved_at is not None

    page.goto("/")
    expect(page.get_by_role("region", name="Your reports")).to_contain_text(
        "An editor resolved your report"
    )
