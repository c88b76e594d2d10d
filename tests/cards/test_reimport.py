"""Re-importing a topic keeps what editors did to its cards."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from cards import editing
from cards.fixture import content_hash, load_fixture
from cards.importer import import_topic
from cards.models import Card
from tests.cards.fixture_data import as_text, card, topic_fixture

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
LATER = NOW + dt.timedelta(days=7)


def fixture_with(**scenario_fields):
    """The demo topic (three cards), its scenario card changed by `scenario_fields`."""
    data = topic_fixture()
    data["cards"][0].update(scenario_fields)
    return load_fixture(as_text(data), "demo.json")


def edit(key: str, **fields) -> Card:
    """What the admin does when an editor saves a card."""
    card = Card.objects.get(key=key)
    for name, value in fields.items():
        setattr(card, name, value)
    editing.note_edit(card)
    card.save()
    return card


@pytest.fixture
def imported():
    import_topic(fixture_with(), now=NOW)
    return Card.objects.get(key="scenario-a")


def test_an_edited_card_is_marked_and_reverting_the_text_clears_the_mark(imported):
    assert not imported.locally_edited

    assert edit("scenario-a", answer="A better answer").locally_edited
    assert not edit("scenario-a", answer=imported.answer).locally_edited


def test_reimporting_the_same_fixture_keeps_the_edit_silently(imported):
    edit("scenario-a", answer="A better answer")

    report = import_topic(fixture_with(), now=LATER)

    card = Card.objects.get(key="scenario-a")
    assert (card.answer, card.locally_edited, card.conflict) == ("A better answer", True, False)
    assert report.unchanged == ["scenario-a", "trap-b", "table-c"]
    assert not report.conflicts
    assert not report.changed_anything


def test_a_fixture_that_changed_an_edited_card_flags_a_conflict_and_keeps_the_edit(imported):
    edit("scenario-a", answer="Editor's answer")

    report = import_topic(fixture_with(answer="Fixture's new answer"), now=LATER)

    card = Card.objects.get(key="scenario-a")
    assert card.answer == "Editor's answer"
    assert card.conflict
    assert card.incoming["answer"] == "Fixture's new answer"
    assert report.conflicts == ["scenario-a"]
    assert "scenario-a" in report.summary()


def test_an_open_conflict_is_listed_again_but_only_as_a_conflict(imported):
    edit("scenario-a", answer="Editor's answer")
    import_topic(fixture_with(answer="Fixture's new answer"), now=LATER)

    again = import_topic(fixture_with(answer="Fixture's new answer"), now=LATER)

    assert again.conflicts == ["scenario-a"]
    assert "scenario-a" not in again.unchanged + again.updated
    assert not again.changed_anything


def conflicted() -> Card:
    edit("scenario-a", answer="Editor's answer")
    import_topic(fixture_with(answer="Fixture's new answer"), now=LATER)
    return Card.objects.get(key="scenario-a")


def test_taking_the_new_source_text_resolves_the_conflict(imported):
    card = editing.take_incoming(conflicted())

    card.refresh_from_db()
    assert card.answer == "Fixture's new answer"
    assert (card.locally_edited, card.conflict, card.incoming) == (False, False, None)
    assert card.source_hash == content_hash(editing.card_content(card))
    # The fixture's next change to the card now simply applies.
    import_topic(fixture_with(answer="Third answer"), now=LATER)
    card.refresh_from_db()
    assert (card.answer, card.conflict) == ("Third answer", False)


def test_keeping_the_edit_resolves_the_conflict_until_the_fixture_changes_again(imported):
    card = editing.keep_edit(conflicted())

    card.refresh_from_db()
    assert card.answer == "Editor's answer"
    assert (card.locally_edited, card.conflict, card.incoming) == (True, False, None)
    same = import_topic(fixture_with(answer="Fixture's new answer"), now=LATER)
    assert not same.conflicts
    card.refresh_from_db()
    assert (card.answer, card.conflict) == ("Editor's answer", False)

    changed = import_topic(fixture_with(answer="Third answer"), now=LATER)
    assert changed.conflicts == ["scenario-a"]


def test_resolving_a_card_without_a_conflict_is_refused(imported):
    with pytest.raises(editing.NoConflict):
        editing.take_incoming(imported)
    with pytest.raises(editing.NoConflict):
        editing.keep_edit(imported)


def test_an_unedited_card_takes_the_fixtures_change(imported):
    report = import_topic(fixture_with(answer="Fixture's new answer"), now=LATER)

    card = Card.objects.get(key="scenario-a")
    assert (card.answer, card.locally_edited, card.conflict) == ("Fixture's new answer", 0, 0)
    assert report.updated == ["scenario-a"]
    assert report.unchanged == ["trap-b", "table-c"]


def test_a_suspended_card_stays_suspended_through_a_reimport(imported):
    editing.suspend_cards(Card.objects.filter(key="scenario-a"))

    import_topic(fixture_with(), now=LATER)

    assert not Card.objects.get(key="scenario-a").is_active


def test_the_dry_run_lists_the_whole_plan_by_key_and_changes_nothing(imported, tmp_path):
    edit("scenario-a", answer="Editor's answer")
    data = topic_fixture(
        card("scenario-a", position=0, answer="Fixture's new answer"),
        card("trap-b", kind="trap", position=1, prompt="Now reworded", answer="TRUE",
             verdict="TRUE"),
        card("scenario-new", position=3),
    )  # fmt: skip
    path = tmp_path / "demo.json"
    path.write_text(as_text(data))
    before = list(Card.objects.order_by("pk").values())

    out = StringIO()
    call_command("import_topic", str(path), "--dry-run", stdout=out)

    assert list(Card.objects.order_by("pk").values()) == before
    text = out.getvalue()
    assert "Dry run: nothing was written." in text
    assert "1 created, 1 updated, 0 unchanged, 1 retired, 1 conflicting" in text
    assert "Created (1 would be): scenario-new" in text
    assert "Updated (1 would be): trap-b" in text
    assert "Retired (1 would be): table-c" in text
    assert "Conflicts (1)" in text and text.rstrip().endswith("scenario-a")


def test_a_fixture_that_now_says_what_the_editor_wrote_is_no_conflict(imported):
    edit("scenario-a", answer="The same fix")

    report = import_topic(fixture_with(answer="The same fix"), now=LATER)

    card = Card.objects.get(key="scenario-a")
    assert (card.answer, card.locally_edited, card.conflict) == ("The same fix", False, False)
    assert not report.conflicts


def test_a_conflict_goes_away_when_the_fixture_takes_its_change_back(imported):
    conflicted()

    import_topic(fixture_with(), now=LATER)

    card = Card.objects.get(key="scenario-a")
    assert (card.answer, card.locally_edited) == ("Editor's answer", True)
    assert (card.conflict, card.incoming) == (False, None)
