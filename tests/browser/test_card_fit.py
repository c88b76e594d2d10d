"""Every card of both decks reads without sideways scrolling, on a phone and on a desktop.

The faces are rendered straight from their template fragments into one page per width (the
stylesheet inlined), so all 648 cards are measured without answering a single one.
"""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from cards.fixture import load_fixture
from cards.importer import import_topic
from cards.models import Card

pytestmark = pytest.mark.browser

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "app.css"

# For every card face: anything poking out of the card or the window, and where the hidden
# (front) or revealed (back) cell sits, if the card has one it shows.
MEASURE = """
() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  for (const card of document.querySelectorAll("article.card")) {
    const box = card.getBoundingClientRect();
    const name = card.dataset.name;
    if (card.scrollWidth > card.clientWidth) problems.push(name + ": the card scrolls sideways");
    for (const element of card.querySelectorAll("*")) {
      const rect = element.getBoundingClientRect();
      if (rect.width && rect.right > box.right + 0.5) {
        problems.push(name + ": <" + element.tagName.toLowerCase() + "> sticks out of the card");
        break;
      }
    }
    if (card.dataset.table) {
      const cells = [...card.querySelectorAll(".cell-hidden, .cell-revealed")]
        .filter((cell) => cell.getClientRects().length > 0);
      if (cells.length !== 1) problems.push(name + ": " + cells.length + " marked cells shown");
      for (const cell of cells) {
        const rect = cell.getBoundingClientRect();
        if (rect.left < 0 || rect.right > width) {
          problems.push(name + ": the marked cell is off-screen");
        }
      }
    }
  }
  if (document.documentElement.scrollWidth > width) problems.push("the page scrolls sideways");
  return problems;
}
"""


@pytest.fixture
def every_card_face(db) -> str:
    for path in sorted(FIXTURES.glob("*.json")):
        fixture = load_fixture(path.read_bytes(), path.name)
        import_topic(fixture, now=datetime(2026, 1, 1, tzinfo=UTC))
    faces = []
    for card in Card.objects.with_place().order_by("topic__slug", "position"):
        table = ' data-table="1"' if card.table else ""
        for face in ("front", "back"):
            html = render_to_string(f"scheduler/review.html#card_{face}", {"card": card})
            faces.append(
                f'<article class="card card-{card.kind} on-{face}"{table}'
                f' data-name="{card.topic.slug}/{card.key} {face}">{html}</article>'
            )
    assert len(faces) == 2 * Card.objects.count() > 1000
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{STYLESHEET.read_text()}</style></head>"
        f'<body><main class="page"><div class="review">{"".join(faces)}</div></main></body></html>'
    )


@pytest.mark.parametrize("width", [320, 375, 768, 1280])
def test_every_card_face_fits_the_window_with_its_hidden_cell_on_screen(
    browser, every_card_face, width
):
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.set_content(every_card_face)
        problems = page.evaluate(MEASURE)
    finally:
        context.close()

    assert problems == []


def test_a_phone_shows_a_table_row_as_stacked_pairs_and_a_desktop_the_table(
    browser, every_card_face
):
    shown = {}
    for width in (375, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.set_content(every_card_face)
        first_table = page.locator("article.card-table.on-front").first
        shown[width] = (
            first_table.locator("table.card-table").is_visible(),
            first_table.locator(".row-stack .cell-hidden").is_visible(),
        )
        context.close()

    assert shown == {375: (False, True), 1280: (True, False)}
