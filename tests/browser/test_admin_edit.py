"""An editor fixes a card in the admin and learners see the fix on the review page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cards.fixture import CONTENT_FIELDS, content_hash
from cards.models import Card
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

FIXED = "Which AWS service decouples producers from consumers with a message queue?"


def test_an_edit_in_the_admin_shows_in_its_preview_and_on_the_review_page(
    page, sign_in, study_topic, screenshot
):
    editor = UserFactory(username="editor", is_staff=True, is_superuser=True)
    editor.save()  # The factory sets the password after saving.
    sign_in(page, editor)
    card = Card.objects.get(topic=study_topic, position=0)  # the first card a learner sees

    page.goto(reverse("admin:cards_card_changelist") + f"?q={card.key}")
    page.get_by_role("link", name=card.key).click()
    front = page.frame_locator('iframe[data-face="front"]')
    expect(front.locator(".prompt")).to_have_text(card.prompt)

    page.get_by_label("Prompt").fill(FIXED)
    page.get_by_label("Explanation").fill("SQS stores messages until a consumer deletes them.")
    page.get_by_role("button", name="Save and continue editing").click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(page.get_by_text("active, edited here")).to_be_visible()
    expect(front.locator(".prompt")).to_have_text(FIXED)
    back = page.frame_locator('iframe[data-face="back"]')
    expect(back.locator(".answer")).to_have_text(card.answer)
    expect(back.locator(".explanation")).to_have_text(
        "SQS stores messages until a consumer deletes them."
    )
    screenshot(page, "admin-card-edited")
    card.refresh_from_db()
    assert (card.prompt, card.locally_edited) == (FIXED, True)

    page.goto(f"/review/{study_topic.slug}/")
    card_region = page.locator('[role="region"][aria-label="Card"]')
    expect(card_region.locator(".prompt")).to_have_text(FIXED)
    page.wait_for_selector("html[data-keys-ready]", state="attached")
    page.keyboard.press("Space")
    expect(card_region.locator(".explanation")).to_have_text(
        "SQS stores messages until a consumer deletes them."
    )


def test_an_editor_resolves_a_conflict_by_keeping_the_edit(page, sign_in, study_topic, screenshot):
    editor = UserFactory(username="editor", is_staff=True, is_superuser=True)
    editor.save()
    sign_in(page, editor)
    card = Card.objects.get(topic=study_topic, position=0)
    incoming = {name: getattr(card, name) for name in CONTENT_FIELDS} | {"answer": "SQS"}
    card.answer, card.locally_edited = "Amazon SQS (Simple Queue Service)", True
    card.conflict, card.incoming = True, incoming
    card.save()

    page.goto(reverse("admin:cards_card_change", args=[card.pk]))
    comparison = page.locator("table.conflict tr.changed")
    expect(comparison).to_have_count(1)
    expect(comparison).to_contain_text("Amazon SQS (Simple Queue Service)")
    expect(comparison).to_contain_text("SQS")
    screenshot(page, "admin-card-conflict")
    page.get_by_role("button", name="Keep the edit").click()

    expect(page.locator(".messagelist")).to_contain_text("keeps the edit")
    expect(page.locator("table.conflict")).to_have_count(0)
    card.refresh_from_db()
    assert (card.answer, card.conflict, card.incoming) == (
        "Amazon SQS (Simple Queue Service)",
        False,
        None,
    )
    assert card.source_hash == content_hash(incoming)
