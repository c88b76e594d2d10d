"""A card's faces from the built DVA fixture: a table names its subject above the table, the
back shows the card's own source only (a table row as a table, a scenario its own cue)."""

import datetime as dt
import html
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from cards.fixture import load_fixture
from cards.importer import import_topic
from cards.models import Card

DVA_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "aws-dva-c02.json"
NOW = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
pytestmark = pytest.mark.django_db


def face(card: Card, side: str) -> str:
    return html.unescape(
        render_to_string(f"scheduler/review.html#card_{side}", {"card": card, "revealed": False})
    )


@pytest.fixture
def imported():
    import_topic(load_fixture(DVA_FIXTURE.read_bytes(), "dva.json"), now=NOW)
    return Card.objects.with_place()


def test_a_table_card_names_its_subject_above_the_table_and_in_the_prompt(imported):
    card = imported.get(prompt="Lambda — Latency: Cold Start?")

    front = face(card, "front")

    assert '<caption class="table-subject">Lambda</caption>' in front
    assert front.index("Lambda — Latency: Cold Start?") < front.index("<caption")


def test_a_table_cards_back_shows_its_row_once_per_layout_and_no_pipes(imported):
    card = imported.get(prompt="Lambda — Latency: Cold Start?")

    back = face(card, "back")

    assert '<td class="cell-revealed"><strong>Higher (100ms–several seconds, depending' in back
    # Once in the table, once in the phone's stacked list; the stylesheet shows one of them.
    assert back.count("Higher (100ms") == 2
    assert back.count('<td class="cell-revealed">') == 1
    assert "|" not in back


def test_a_scenario_cards_back_quotes_its_own_cue_and_no_neighbours(imported):
    card = imported.get(prompt="Audit every access to S3 objects")

    back = face(card, "back")

    assert '"Audit every access to S3 objects" → SSE-KMS' in back
    assert "AWS must NEVER see the key" not in back
    assert "Simplest encryption with no management" not in back
