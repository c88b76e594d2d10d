"""A learner's day in Chromium: sign up, study with the keyboard, undo, reload, double-click."""

import pytest
from playwright.sync_api import expect

from cards.models import Card
from scheduler.models import ReviewLog, ReviewState
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

CARD = '[role="region"][aria-label="Card"]'
FRONT = f"{CARD}.on-front"
BACK = f"{CARD}.on-back"


def current_card(page) -> Card:
    card_id = page.locator(f'{CARD} input[name="card"]').first.input_value()
    return Card.objects.get(pk=card_id)


def keys_ready(page) -> None:
    """After a full page load, shortcuts work once htmx has wired up the page."""
    page.wait_for_selector("html[data-keys-ready]", state="attached")


def reveal(page, card: Card) -> None:
    """Show the back with the keyboard; a trap gets the wrong verdict for the first one."""
    keys_ready(page)
    if card.kind == Card.Kind.TRAP:
        page.keyboard.press("t" if card.verdict != "TRUE" else "f")
    else:
        page.keyboard.press("Space")
    page.wait_for_selector(BACK)


def wait_for_next_front(page) -> None:
    page.wait_for_selector(f"{FRONT}, section.summary")


def test_a_study_session_counts_every_answer_exactly_once(page, study_topic, django_user_model):
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password", exact=True).fill("an unusual passphrase")
    page.get_by_label("Password confirmation").fill("an unusual passphrase")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/")
    expect(page.get_by_role("heading", name="What do you study?")).to_be_visible()
    page.get_by_role("button", name="Start studying Developer basics").click()
    expect(page.get_by_role("heading", name="Developer basics")).to_be_visible()
    page.get_by_role("link", name="Study Developer basics").click()
    page.wait_for_selector(FRONT)
    expect(page.get_by_text("Keyboard shortcuts")).to_be_visible()

    answers: list[tuple[int, int]] = []  # (card id, quality) as they should be counted
    kinds_seen: set[str] = set()
    failed_a_trap = reloaded = double_clicked = False
    undone: tuple[int, int] | None = None

    while len(answers) < 10:
        card = current_card(page)
        kinds_seen.add(card.kind)
        reveal(page, card)

        if card.kind == Card.Kind.TRAP and not failed_a_trap:
            # A wrong verdict says so and preselects Again: Enter takes it.
            expect(page.locator(CARD)).to_contain_text("Not quite: you said")
            expect(page.get_by_role("button", name="Again", exact=True)).to_be_focused()
            page.keyboard.press("Enter")
            answers.append((card.pk, 2))
            failed_a_trap = True
        elif card.kind == Card.Kind.TABLE:
            expect(page.locator(f"{CARD} td.cell-revealed")).to_have_text(card.answer)
            page.keyboard.press("4")
            answers.append((card.pk, 5))
        elif len(answers) >= 3 and not reloaded:
            # Reload in the middle, on the back: nothing is counted and the same card returns.
            page.reload()
            page.wait_for_selector(FRONT)
            assert current_card(page) == card
            reveal(page, card)
            page.keyboard.press("3")
            answers.append((card.pk, 4))
            reloaded = True
        elif reloaded and not double_clicked:
            # A double click on a grade sends the answer at most once.
            page.get_by_role("button", name="Good", exact=True).dblclick()
            answers.append((card.pk, 4))
            double_clicked = True
        else:
            page.keyboard.press("3")
            answers.append((card.pk, 4))
        wait_for_next_front(page)

        if double_clicked and undone is None:
            # Undo takes the last answer back and shows that card again.
            page.keyboard.press("u")
            expect(page.get_by_text("Answer undone.")).to_be_visible()
            undone = answers.pop()
            assert current_card(page).pk == undone[0]

    # htmx carried the whole session: no answer went as a plain form post.
    assert page.url.endswith("/review/developer-basics/")
    assert {"trap", "table", "scenario"} <= kinds_seen
    assert failed_a_trap and reloaded and double_clicked and undone
    counted = list(
        ReviewLog.objects.filter(user__username="ada")
        .counted()
        .order_by("answered_at", "pk")
        .values_list("card_id", "quality")
    )
    assert counted == answers
    assert list(
        ReviewLog.objects.filter(user__username="ada", undone=True).values_list(
            "card_id", "quality"
        )
    ) == [undone]
    # The header follows the answers: it counts the re-drills the database holds.
    redrills = ReviewState.objects.filter(user__username="ada", redrill=True).count()
    expect(page.locator(".count-redrills b")).to_have_text(str(redrills))


@pytest.mark.parametrize(("size", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_card_faces_fit_the_screen(page, sign_in, study_topic, screenshot, size, viewport):
    page.set_viewport_size(viewport)
    sign_in(page)
    page.goto(f"/review/{study_topic.slug}/")

    shots = 0
    while shots < 3:
        card = current_card(page)
        screenshot(page, f"review-{card.kind}-front-{size}")
        reveal(page, card)
        screenshot(page, f"review-{card.kind}-back-{size}")
        # Nothing may stick out sideways: the page scrolls only downwards.
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        page.get_by_role("button", name="Good", exact=True).click()
        wait_for_next_front(page)
        shots += 1
    page.goto("/")
    screenshot(page, f"dashboard-{size}")


def test_space_on_a_trap_front_moves_to_the_verdict_buttons(page, sign_in, study_topic):
    Card.objects.filter(topic=study_topic).exclude(kind=Card.Kind.TRAP).update(is_active=False)
    sign_in(page)
    page.goto(f"/review/{study_topic.slug}/")
    keys_ready(page)
    page.locator(FRONT).click(position={"x": 5, "y": 5})  # focus the page, not a button

    page.keyboard.press("Space")

    expect(page.locator("form.verdicts")).to_be_focused()
    expect(page.get_by_text("go to the verdict buttons")).to_be_visible()
    # A second Space (show, then accept, on other cards) picks no verdict for the learner.
    page.keyboard.press("Space")
    expect(page.locator("form.verdicts")).to_be_focused()
    expect(page.locator(FRONT)).to_be_visible()
    expect(page.locator(BACK)).to_have_count(0)
    # The verdict's own key answers, and Tab reaches the buttons.
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="TRUE", exact=True)).to_be_focused()


def test_without_javascript_no_shortcut_is_advertised(
    browser, live_server, settings, sign_in, study_topic
):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, java_script_enabled=False
    )
    try:
        page = context.new_page()
        sign_in(page)
        page.goto(f"/review/{study_topic.slug}/")
        page.get_by_role("button", name="Show answer").click()
        page.wait_for_selector(BACK)

        expect(page.get_by_text("Keyboard shortcuts")).to_be_hidden()
        assert (
            page.locator("kbd").evaluate_all(
                "keys => keys.filter(key => key.getClientRects().length > 0).length"
            )
            == 0
        )
        # The form still works: a grade is a plain submit.
        page.get_by_role("button", name="Good", exact=True).click()
        page.wait_for_selector(FRONT)
    finally:
        context.close()
