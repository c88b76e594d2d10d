"""Reading Anki packages of every vintage into a parsed topic."""

import io
import sqlite3
import zipfile

import pytest

from cards.sources.anki import AnkiPackageError, read_anki_package
from tests.cards.sources import anki_packages


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("anki")
    collection = anki_packages.build_collection(folder)
    try:
        return {
            "anki21b": anki_packages.export(collection, folder / "new.apkg", legacy=False),
            "anki21": anki_packages.export(collection, folder / "legacy.apkg", legacy=True),
            "anki2": anki_packages.genanki_package(folder / "genanki.apkg"),
        }
    finally:
        collection.close()


def entries(package: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return archive.namelist()


def cards_by_prompt(package: bytes) -> dict:
    return {card.prompt: card for card in read_anki_package(package).guide.cards()}


@pytest.mark.parametrize("vintage", ["anki21b", "anki21"])
def test_each_vintage_written_by_anki_gives_the_same_cards(packages, vintage):
    assert f"collection.{vintage}" in entries(packages[vintage])
    cards = cards_by_prompt(packages[vintage])

    assert set(cards) == {
        "Max **Lambda** timeout & memory?",
        "Cold start",
        "First invocation of a new environment",
        "[service] stores objects; EBS stores blocks",
        "S3 stores objects; [...] stores blocks",
        "What is this sound?",
        "Idempotent",
    }


def test_current_package_is_read_from_anki21b_never_the_update_note(packages):
    # A current package also holds collection.anki2 with only the "please update" note.
    assert "collection.anki2" in entries(packages["anki21b"])
    prompts = set(cards_by_prompt(packages["anki21b"]))
    assert not any("Please update" in prompt for prompt in prompts)


def test_package_holding_only_the_update_note_is_refused(packages):
    with zipfile.ZipFile(io.BytesIO(packages["anki21b"])) as archive:
        only_dummy = anki_packages.zip_of({"collection.anki2": archive.read("collection.anki2")})
    with pytest.raises(AnkiPackageError, match="no cards to import"):
        read_anki_package(only_dummy)


def test_anki2_vintage_written_by_genanki(packages):
    imported = read_anki_package(packages["anki2"])
    cards = {card.prompt: card for card in imported.guide.cards()}
    assert "collection.anki2" in entries(packages["anki2"])
    assert set(cards) == {"VPC peering transitive?", "A [...] lets private subnets out"}
    (image,) = imported.images
    # The picture stays on the card, by its stored name (cards.sources.images).
    assert cards["VPC peering transitive?"].answer == f"No ![](card-image:{image})"
    assert imported.images[image] == anki_packages.PNG
    assert cards["VPC peering transitive?"].tags == ("vpc",)
    assert cards["A [...] lets private subnets out"].answer == (
        "A **NAT gateway** lets private subnets out"
    )


@pytest.mark.parametrize("vintage", ["anki21b", "anki21"])
def test_basic_note_keeps_what_reads_as_card_text_and_drops_scripts(packages, vintage):
    imported = read_anki_package(packages[vintage])
    card = cards_by_prompt(packages[vintage])["Max **Lambda** timeout & memory?"]
    (image,) = imported.images
    # Scripts go; the image is checked and shown by its stored name.
    assert card.answer == f"15 minutes\n![](card-image:{image})"
    assert not any("image" in warning for warning in imported.warnings)
    assert imported.images[image] == anki_packages.PNG
    assert card.tags == ("lambda", "limits")
    assert card.source == "Max Lambda timeout & memory? | 15 minutes"


@pytest.mark.parametrize("vintage", ["anki21b", "anki21"])
def test_reversed_note_gives_both_directions_as_siblings(packages, vintage):
    cards = cards_by_prompt(packages[vintage])
    forward, backward = cards["Cold start"], cards["First invocation of a new environment"]
    assert (forward.answer, backward.answer) == (
        "First invocation of a new environment",
        "Cold start",
    )
    assert forward.sibling == backward.sibling != ""
    assert forward.key != backward.key


@pytest.mark.parametrize("vintage", ["anki21b", "anki21"])
def test_cloze_note_gives_one_card_per_cloze_with_hint_and_extra(packages, vintage):
    cards = cards_by_prompt(packages[vintage])
    first = cards["[service] stores objects; EBS stores blocks"]
    second = cards["S3 stores objects; [...] stores blocks"]
    assert first.answer == "**S3** stores objects; EBS stores blocks"
    assert second.answer == "S3 stores objects; **EBS** stores blocks"
    assert first.explanation == second.explanation == "*Both are durable*"
    assert first.sibling == second.sibling != ""


@pytest.mark.parametrize("vintage", ["anki21b", "anki21"])
def test_other_note_type_shows_first_field_front_and_the_rest_back(packages, vintage):
    card = cards_by_prompt(packages[vintage])["Idempotent"]
    assert (card.answer, card.explanation) == ("Same result when repeated", "PUT")
    assert card.sibling == ""


@pytest.mark.parametrize("vintage", ["anki21b", "anki21"])
def test_audio_is_dropped_with_a_warning(packages, vintage):
    imported = read_anki_package(packages[vintage])
    assert cards_by_prompt(packages[vintage])["What is this sound?"].answer == "A bell"
    assert "1 card(s) played audio: the audio was dropped" in imported.warnings
    assert all(name.endswith(".png") for name in imported.images)


@pytest.mark.parametrize("vintage", ["anki21b", "anki21"])
def test_deck_tree_gives_domains_and_sections_under_the_shared_root(packages, vintage):
    imported = read_anki_package(packages[vintage])
    outline = {
        domain.title: [section.title for section in domain.sections]
        for domain in imported.guide.domains
    }
    assert imported.title == anki_packages.ROOT_DECK
    assert outline == {"Compute": ["Lambda"], "Storage": ["Storage"]}
    assert sum(domain.weight for domain in imported.guide.domains) == 100


def test_keys_come_from_note_guids_and_agree_across_vintages(packages):
    new = {card.prompt: card.key for card in read_anki_package(packages["anki21b"]).guide.cards()}
    old = {card.prompt: card.key for card in read_anki_package(packages["anki21"]).guide.cards()}
    assert new == old
    assert len(set(new.values())) == len(new)


def test_review_history_in_the_package_does_not_stop_the_import(packages, tmp_path):
    with zipfile.ZipFile(io.BytesIO(packages["anki21"])) as archive:
        (tmp_path / "c.db").write_bytes(archive.read("collection.anki21"))
    with sqlite3.connect(tmp_path / "c.db") as database:
        assert database.execute("SELECT count(*) FROM revlog").fetchone() == (2,)
    # The cards come in all the same; the schedule in a shared deck is its author's, not ours.
    assert len(read_anki_package(packages["anki21"]).guide.cards()) == 7


def test_html_that_reads_becomes_the_card_text_subset():
    from cards.sources.anki_html import card_text

    field = (
        "<b>Bold</b> <i>it</i> <code>x=1</code> a*b<br>next"
        "<ul><li>one</li><li>two</li></ul>"
        "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>"
    )
    assert card_text(field, lambda _: None) == (
        "**Bold** *it* `x=1` a\\*b\nnext\n\n• one\n• two\n\n| A | B |\n| 1 | 2 |"
    )
