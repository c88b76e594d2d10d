"""Quality flags from the fixture to the card: a dropping flag retires the card on import, an
editor's edit or "this is fine" clears a flag for good, and re-imports respect that."""

import datetime as dt

import pytest

from cards import editing
from cards.fixture import FixtureError, load_fixture
from cards.importer import import_topic
from cards.models import Card
from scheduler.services import answer_card
from tests.cards.fixture_data import as_text, card, topic_fixture
from tests.factories import UserFactory

NOW = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
LATER = NOW + dt.timedelta(days=1)
DUPLICATE = {"name": "near-duplicate", "why": "asks what scenario-a asks: 'Cue for scenario-a'"}
BINARY = {"name": "binary-by-elimination", "why": "'SQS' shows 'No'; the answer is its opposite"}


def fixture(*flags_by_key: tuple[str, list[dict]]):
    flags = dict(flags_by_key)
    cards = [
        card("scenario-a", position=0),
        card("scenario-b", position=1, flags=flags.get("scenario-b", [])),
        card("scenario-c", position=2, flags=flags.get("scenario-c", [])),
    ]
    return load_fixture(as_text(topic_fixture(*cards)), "demo.json")


def test_flags_are_read_from_the_fixture_and_older_fixtures_have_none():
    loaded = fixture(("scenario-b", [DUPLICATE]))

    assert [c.flags for c in loaded.cards] == [(), (DUPLICATE,), ()]


@pytest.mark.parametrize(
    ("flags", "where", "problem"),
    [
        ("no", "cards[0].flags", "must be a list, not 'no'"),
        (["x"], "cards[0].flags[0]", "must be an object"),
        ([{"name": "ugly", "why": "x"}], "cards[0].flags[0].name", "unknown quality flag 'ugly'"),
        ([{"name": "glued-words"}], "cards[0].flags[0].why", "missing"),
    ],
)
def test_a_broken_flag_names_the_card_and_the_problem(flags, where, problem):
    with pytest.raises(FixtureError) as raised:
        load_fixture(as_text(topic_fixture(card("k", flags=flags))), "x.json")

    assert str(raised.value) == f"x.json: {where}: {problem}"


@pytest.mark.django_db
def test_a_card_with_a_dropping_flag_is_imported_retired_and_listed_with_the_rest_kept():
    report = import_topic(fixture(("scenario-b", [DUPLICATE]), ("scenario-c", [BINARY])), now=NOW)

    dropped, kept = Card.objects.get(key="scenario-b"), Card.objects.get(key="scenario-c")
    assert (dropped.is_active, dropped.retired_at, dropped.open_flags) == (
        False,
        NOW,
        ",near-duplicate,",
    )
    assert (kept.is_active, kept.open_flags) == (True, ",binary-by-elimination,")
    assert report.dropped == ["scenario-b"]
    assert "Dropped (1 were retired for their quality flags" in report.summary()
    assert list(Card.objects.active().values_list("key", flat=True)) == [
        "scenario-a",
        "scenario-c",
    ]


@pytest.mark.django_db
def test_re_importing_the_same_flags_changes_nothing():
    import_topic(fixture(("scenario-b", [DUPLICATE])), now=NOW)

    report = import_topic(fixture(("scenario-b", [DUPLICATE])), now=LATER)

    assert not report.changed_anything
    assert Card.objects.get(key="scenario-b").retired_at == NOW


@pytest.mark.django_db
def test_a_card_already_studied_that_a_new_fixture_drops_keeps_its_history():
    import_topic(fixture(), now=NOW)
    studied = Card.objects.get(key="scenario-b")
    answer_card(user=UserFactory(), card=studied, quality=4, expected_version=0, now=NOW)

    report = import_topic(fixture(("scenario-b", [DUPLICATE])), now=LATER)

    studied.refresh_from_db()
    assert report.dropped == ["scenario-b"] and report.updated == ["scenario-b"]
    assert (studied.is_active, studied.retired_at) == (False, LATER)
    assert studied.review_states.count() == 1


@pytest.mark.django_db
def test_this_is_fine_brings_a_dropped_card_back_for_good():
    import_topic(fixture(("scenario-b", [DUPLICATE])), now=NOW)

    assert editing.dismiss_flags(Card.objects.filter(key="scenario-b")) == 1
    assert Card.objects.get(key="scenario-b").is_active

    report = import_topic(fixture(("scenario-b", [DUPLICATE])), now=LATER)

    again = Card.objects.get(key="scenario-b")
    assert (again.is_active, again.retired_at, again.open_flags) == (True, None, "")
    assert again.dismissed_flags == ["near-duplicate"]
    assert not report.dropped


@pytest.mark.django_db
def test_an_edit_clears_the_open_flags_and_a_re_import_keeps_them_cleared():
    import_topic(fixture(("scenario-c", [BINARY])), now=NOW)
    flagged = Card.objects.get(key="scenario-c")

    flagged.answer = "A clearer answer"
    editing.save_edit(flagged, expected_version=flagged.version)

    import_topic(fixture(("scenario-c", [BINARY])), now=LATER)
    flagged.refresh_from_db()
    assert (flagged.open_flags, flagged.dismissed_flags) == ("", ["binary-by-elimination"])
    assert flagged.answer == "A clearer answer"


@pytest.mark.django_db
def test_saving_a_card_unchanged_is_no_fix_and_leaves_its_flags_open():
    import_topic(fixture(("scenario-c", [BINARY])), now=NOW)

    card = Card.objects.get(key="scenario-c")
    editing.save_edit(card, expected_version=card.version)

    assert Card.objects.get(key="scenario-c").open_flags == ",binary-by-elimination,"


@pytest.mark.django_db
def test_a_dismissed_flag_does_not_hide_a_new_one():
    import_topic(fixture(("scenario-b", [BINARY])), now=NOW)
    editing.dismiss_flags(Card.objects.filter(key="scenario-b"))

    import_topic(fixture(("scenario-b", [BINARY, DUPLICATE])), now=LATER)

    card_b = Card.objects.get(key="scenario-b")
    assert card_b.open_flags == ",near-duplicate,"
    assert not card_b.is_active


@pytest.mark.django_db
def test_an_editors_retirement_is_not_undone_by_dismissing_a_flag():
    import_topic(fixture(("scenario-b", [DUPLICATE])), now=NOW)
    editing.retire_cards(Card.objects.filter(key="scenario-b"), now=NOW)

    editing.dismiss_flags(Card.objects.filter(key="scenario-b"))

    assert not Card.objects.get(key="scenario-b").is_active
