from datetime import UTC, datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cards import editing
from cards.fixture import FixtureError, load_fixture
from cards.importer import import_topic
from cards.models import Card, Domain, Section, Topic
from tests.cards.fixture_data import as_text, card, topic_fixture

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


def run(data: dict, *, dry_run: bool = False):
    return import_topic(load_fixture(as_text(data), "demo.json"), now=NOW, dry_run=dry_run)


def test_a_first_import_creates_the_topic_outline_and_cards():
    report = run(topic_fixture())

    assert report.created == ["scenario-a", "trap-b", "table-c"]
    topic = Topic.objects.get(slug="demo")
    assert [(d.number, d.weight) for d in topic.domains.all()] == [(1, 60), (2, 40)]
    table_card = Card.objects.get(key="table-c")
    assert table_card.section.title == "APIs"
    assert table_card.table["row"] == ["Cost", "Higher", "~70% cheaper"]
    assert Card.objects.get(key="trap-b").verdict == "FALSE"
    assert topic.imported_at == NOW


def test_a_second_import_of_the_same_fixture_changes_nothing_and_says_so():
    run(topic_fixture())
    before = list(Card.objects.values())

    report = run(topic_fixture())

    assert report.unchanged == ["scenario-a", "trap-b", "table-c"]
    assert not (report.created or report.updated or report.retired or report.conflicts)
    assert not report.changed_anything
    assert "Nothing changed" in report.summary()
    assert list(Card.objects.values()) == before


def test_a_changed_card_is_updated_in_place_keeping_its_id():
    run(topic_fixture())
    original = Card.objects.get(key="scenario-a")

    report = run(topic_fixture(card("scenario-a", answer="A better answer")))

    assert report.updated == ["scenario-a"]
    updated = Card.objects.get(key="scenario-a")
    assert updated.pk == original.pk
    assert updated.answer == "A better answer"


def test_a_card_that_moved_in_the_document_is_updated_not_recreated():
    run(topic_fixture(card("scenario-a", position=0)))

    report = run(topic_fixture(card("scenario-a", position=5, section=2)))

    assert report.updated == ["scenario-a"]
    moved = Card.objects.get(key="scenario-a")
    assert (moved.position, moved.section.title) == (5, "APIs")


def test_cards_no_longer_in_the_fixture_are_retired_not_deleted():
    run(topic_fixture())

    report = run(topic_fixture(card("scenario-a")))

    assert sorted(report.retired) == ["table-c", "trap-b"]
    assert Card.objects.count() == 3
    retired = Card.objects.get(key="trap-b")
    assert (retired.is_active, retired.retired_at) == (False, NOW)


def test_a_retired_card_that_comes_back_is_reactivated():
    run(topic_fixture())
    run(topic_fixture(card("scenario-a")))

    report = run(topic_fixture())

    assert "trap-b" in report.updated
    assert Card.objects.get(key="trap-b").is_active


def test_a_card_an_editor_suspended_stays_suspended_on_reimport():
    run(topic_fixture())
    Card.objects.filter(key="trap-b").update(is_active=False)

    report = run(topic_fixture())

    assert "trap-b" in report.unchanged
    assert not Card.objects.get(key="trap-b").is_active


def test_a_dry_run_plans_everything_and_writes_nothing():
    run(topic_fixture())
    changed = topic_fixture(card("scenario-a", answer="New"), card("scenario-new", position=3))

    report = run(changed, dry_run=True)

    assert report.dry_run
    assert (report.created, report.updated) == (["scenario-new"], ["scenario-a"])
    assert sorted(report.retired) == ["table-c", "trap-b"]
    assert "would be" in report.summary()
    assert Card.objects.count() == 3
    assert Card.objects.get(key="scenario-a").answer == "Answer for scenario-a"
    assert Card.objects.filter(is_active=False).count() == 0


def test_a_dry_run_of_a_new_topic_leaves_no_topic_behind():
    run(topic_fixture(), dry_run=True)

    assert not Topic.objects.exists()
    assert not Section.objects.exists()


def test_sections_that_leave_the_fixture_stay_for_their_retired_cards():
    run(topic_fixture())
    data = topic_fixture(card("scenario-a"))
    data["domains"][0]["sections"] = [{"position": 1, "title": "Queues and topics"}]

    report = run(data)

    assert "Section 1.1 retitled: Queues and topics" in report.outline_changes
    assert Section.objects.filter(title="APIs").exists()
    assert Card.objects.get(key="table-c").section.title == "APIs"


def test_an_import_writes_in_one_transaction(monkeypatch):
    """A failure half-way leaves the database as it was."""
    run(topic_fixture())

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Card.objects, "bulk_update", explode)
    with pytest.raises(RuntimeError):
        run(topic_fixture(card("scenario-a", answer="New"), card("scenario-z", position=4)))

    assert not Card.objects.filter(key="scenario-z").exists()
    assert Card.objects.get(key="scenario-a").answer == "Answer for scenario-a"


def test_a_card_an_editor_retired_stays_retired_on_reimport():
    run(topic_fixture())
    editing.retire_cards(Card.objects.filter(key="trap-b"), now=NOW)

    report = run(topic_fixture())

    assert "trap-b" in report.unchanged
    retired = Card.objects.get(key="trap-b")
    assert (retired.is_active, retired.retired_at, retired.retired_by_editor) == (False, NOW, True)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    key=st.text(min_size=1, max_size=90),
    sibling=st.text(max_size=90),
    title=st.text(min_size=1, max_size=310),
    position=st.integers(min_value=-5, max_value=2**31 + 5),
)
def test_a_fixture_that_loads_is_stored_exactly_as_it_reads(key, sibling, title, position):
    """What the reader accepts, SQLite and PostgreSQL both store unchanged; the rest is refused."""
    data = topic_fixture(card(key, sibling=sibling, position=position))
    data["domains"][0]["title"] = title
    try:
        fixture = load_fixture(as_text(data), "demo.json")
    except FixtureError:
        return
    with transaction.atomic():
        import_topic(fixture, now=NOW)
        stored = Card.objects.get(topic__slug="demo")
        assert (stored.key, stored.sibling, stored.position) == (key, sibling, position)
        assert Domain.objects.get(topic__slug="demo", number=1).title == title
        transaction.set_rollback(True)


def test_an_import_bumps_the_version_of_every_card_it_changes():
    run(topic_fixture())
    before = dict(Card.objects.values_list("key", "version"))

    run(topic_fixture(card("scenario-a", answer="New"), card("trap-b", kind="trap",
        prompt="SQS Standard guarantees ordering", answer="FALSE", verdict="FALSE",
        explanation="Only FIFO queues keep order.", position=1)))  # fmt: skip

    after = dict(Card.objects.values_list("key", "version"))
    # scenario-a reworded, table-c retired, trap-b untouched
    assert after == before | {
        "scenario-a": before["scenario-a"] + 1,
        "table-c": before["table-c"] + 1,
    }
