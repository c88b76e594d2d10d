"""Each domain keeps its count of active cards through every way cards change."""

from datetime import UTC, datetime

import pytest

from cards import editing
from cards.fixture import load_fixture
from cards.importer import import_topic
from cards.models import Card, Domain
from tests.cards.fixture_data import as_text, card, topic_fixture
from tests.factories import CardFactory, DomainFactory, SectionFactory

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


def counts() -> dict[int, int]:
    return dict(Domain.objects.values_list("number", "active_card_count"))


def counted() -> dict[int, int]:
    """The same, counted card by card."""
    return {
        domain.number: Card.objects.filter(section__domain=domain, is_active=True).count()
        for domain in Domain.objects.all()
    }


def run(data: dict):
    return import_topic(load_fixture(as_text(data), "demo.json"), now=NOW)


def test_an_import_counts_its_cards_and_a_reimport_leaves_out_the_retired():
    run(topic_fixture())
    assert counts() == counted() == {1: 3, 2: 0}

    fixture = topic_fixture(card("scenario-a"), card("new", domain=2, position=1))
    fixture["domains"][1]["sections"] = [{"position": 1, "title": "Alarms"}]
    run(fixture)

    assert counts() == counted() == {1: 1, 2: 1}


def test_editors_suspending_retiring_and_reactivating_cards_are_counted():
    run(topic_fixture())
    cards = Card.objects.filter(key__in=["scenario-a", "trap-b"])

    editing.suspend_cards(cards.filter(key="scenario-a"))
    assert counts() == {1: 2, 2: 0}
    editing.retire_cards(cards, now=NOW)
    assert counts() == {1: 1, 2: 0}
    editing.reactivate_cards(cards)
    assert counts() == counted() == {1: 3, 2: 0}


def test_a_card_saved_or_deleted_on_its_own_is_counted():
    section = SectionFactory(domain=DomainFactory(number=1))
    first, second = CardFactory(section=section), CardFactory(section=section)
    assert counts() == {1: 2}

    first.is_active = False
    first.save()
    assert counts() == {1: 1}
    second.delete()
    assert counts() == counted() == {1: 0}
