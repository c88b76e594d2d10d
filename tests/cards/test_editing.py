"""cards.editing: the rules the admin applies, on their own."""

import datetime as dt

import pytest

from cards import editing
from cards.fixture import content_hash
from cards.models import Card
from tests.factories import CardFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)


def as_imported(**traits) -> Card:
    card = CardFactory(**traits)
    card.source_hash = content_hash(editing.card_content(card))
    card.save()
    return card


def test_an_edit_is_measured_against_what_was_last_imported():
    card = as_imported()

    card.explanation = "Now explained."
    editing.save_edit(card, expected_version=card.version)
    assert card.locally_edited

    card.explanation = ""
    editing.save_edit(card, expected_version=card.version)
    assert not card.locally_edited


def test_a_traps_answer_follows_its_verdict():
    card = as_imported(trap=True)

    card.verdict = Card.Verdict.CONTEXT_DEPENDENT
    editing.save_edit(card, expected_version=card.version)

    card.refresh_from_db()
    assert card.answer == card.verdict == "CONTEXT-DEPENDENT"


def test_a_table_cards_hidden_cell_follows_its_answer():
    card = as_imported(table_cell=True)

    card.answer = "About 70% cheaper"
    editing.save_edit(card, expected_version=card.version)

    card.refresh_from_db()
    assert card.table["row"] == ["Cost", "Higher", "About 70% cheaper"]
    assert card.table["header"] == ["Feature", "REST API", "HTTP API"]


def test_suspending_is_not_retiring_and_a_second_retirement_keeps_the_first_date():
    suspended, retired = as_imported(), as_imported()

    editing.suspend_cards(Card.objects.filter(pk=suspended.pk))
    editing.retire_cards(Card.objects.filter(pk=retired.pk), now=NOW)
    editing.retire_cards(Card.objects.filter(pk=retired.pk), now=NOW + dt.timedelta(days=3))

    suspended.refresh_from_db()
    retired.refresh_from_db()
    assert (suspended.is_active, suspended.retired_at) == (False, None)
    assert (retired.is_active, retired.retired_at) == (False, NOW)

    editing.reactivate_cards(Card.objects.filter(pk__in=[suspended.pk, retired.pk]))
    assert list(Card.objects.values_list("is_active", "retired_at")) == [(True, None)] * 2
