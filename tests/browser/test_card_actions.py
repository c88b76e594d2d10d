"""Anki's keys for the learner's card actions in Chromium: -, @, *, Ctrl+1…4, u, and staff's e."""

import pytest
from playwright.sync_api import expect

from cards.models import Card
from scheduler.models import ReviewState
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

CARD = '[role="region"][aria-label="Card"]'
FRONT = f"{CARD}.on-front"


def current_card(page) -> Card:
    card_id = page.locator(f'{CARD} input[name="card"]').first.input_value()
    return Card.objects.get(pk=card_id)


def open_review(page, sign_in, user=None):
    user = sign_in(page, user)
    page.goto("/review/developer-basics/")
    page.wait_for_selector("html[data-keys-ready]", state="attached")
    page.wait_for_selector(FRONT)
    return user


def press_and_wait_for(page, key: str, text: str) -> None:
    page.keyboard.press(key)
    expect(page.locator("#review .notice")).to_contain_text(text)


def test_bury_suspend_mark_and_flag_with_ankis_keys_and_undo_them(page, sign_in, study_topic):
    user = open_review(page, sign_in)
    first = current_card(page)

    press_and_wait_for(page, "-", "Buried")
    second = current_card(page)
    assert second != first
    assert ReviewState.objects.get(user=user, card=first).buried_on is not None

    press_and_wait_for(page, "*", "Marked.")
    expect(page.locator(".mark-badge")).to_have_text("Marked")
    press_and_wait_for(page, "Control+2", "Flagged orange.")
    expect(page.locator(".flag-badge")).to_have_text("Orange flag")
    state = ReviewState.objects.get(user=user, card=second)
    assert (state.marked, state.flag) == (True, 2)

    press_and_wait_for(page, "@", "Suspended for you")
    assert current_card(page) not in (first, second)
    assert ReviewState.objects.get(user=user, card=second).suspended

    press_and_wait_for(page, "u", "Suspend undone: the card is back in your queue.")
    assert current_card(page) == second
    assert not ReviewState.objects.get(user=user, card=second).suspended


def test_staff_press_e_to_edit_the_card_in_a_new_tab(page, sign_in, study_topic):
    open_review(page, sign_in, UserFactory(is_staff=True, is_superuser=True))
    card = current_card(page)

    with page.context.expect_page() as new_tab:
        page.keyboard.press("e")

    new_tab.value.wait_for_load_state()
    assert new_tab.value.url.endswith(f"/admin/cards/card/{card.pk}/change/")
