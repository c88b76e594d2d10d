"""A collection's note types and templates that are not what Anki writes are refused by name."""

import sqlite3

import pytest

from cards.sources import anki_collection, anki_package
from cards.sources.anki import AnkiPackageError, read_anki_package
from tests.cards.sources.anki_packages import zip_of
from tests.cards.sources.hand_built import (
    new_collection,
    old_collection,
    protobuf_number,
    protobuf_text,
)


def read_new(tmp_path, **configs):
    return read_anki_package(zip_of({"collection.anki21b": new_collection(tmp_path, **configs)}))


def test_new_schema_collection_built_by_hand_reads(tmp_path):
    assert [card.prompt for card in read_new(tmp_path).guide.cards()] == ["Q"]


@pytest.mark.parametrize("config", [10**12, 20_000_000, "{{Front}}"], ids=["huge", "mid", "text"])
def test_template_config_that_is_not_a_blob_is_refused_by_template(tmp_path, config):
    # bytes(10**12) would have asked for a terabyte of zeros.
    with pytest.raises(AnkiPackageError, match="note type 'Basic' card 1: its config is not"):
        read_new(tmp_path, template_config=config)


def test_note_type_config_that_is_not_a_blob_is_refused_by_note_type(tmp_path):
    with pytest.raises(AnkiPackageError, match="note type 'Basic': its config is not"):
        read_new(tmp_path, notetype_config=10**12)


@pytest.mark.parametrize(
    ("config", "problem"),
    [
        (protobuf_number(1, 10**12), "its front template is not text"),
        (protobuf_text(1, b"\xff\xfe"), "its front template is not UTF-8 text"),
        (protobuf_text(1, b"") + protobuf_number(2, 3), "its back template is not text"),
    ],
    ids=["front-number", "front-not-utf8", "back-number"],
)
def test_template_that_is_not_text_is_refused_by_template(tmp_path, config, problem):
    with pytest.raises(AnkiPackageError, match=f"note type 'Basic' card 1: {problem}"):
        read_new(tmp_path, template_config=config)


def test_config_larger_than_anki_writes_is_refused_before_it_is_parsed(tmp_path):
    with pytest.raises(AnkiPackageError, match="note type 'Basic' card 1: its config is over 1 MB"):
        read_new(tmp_path, template_config=b"\x00" * (2 * 2**20))


def read_old(tmp_path, *then: str, fields=("Front\x1fBack",)):
    collection = old_collection(tmp_path, fields, then=then)
    return read_anki_package(zip_of({"collection.anki21": collection}))


ENDLESS = "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r)"
ONE_NOTE = "INSERT INTO notes (id, guid, mid, tags) VALUES (1, 'g1', 1, '')"
NOTE_COLUMNS = "x AS id, 'g' || x AS guid, 1 AS mid, '' AS tags, 'Q' || char(31) || 'A' AS flds"


@pytest.mark.parametrize(
    ("table", "view"),
    [
        ("notes", f"{ENDLESS} SELECT {NOTE_COLUMNS} FROM r"),
        ("notes", f"{ENDLESS} SELECT {NOTE_COLUMNS} FROM r LIMIT 3000000"),
        ("notes", "SELECT 1 AS id, 'g' AS guid, 1 AS mid, '' AS tags, zeroblob(300000000) AS flds"),
        ("cards", f"{ENDLESS} SELECT x AS nid, 0 AS ord, 1 AS did FROM r"),
        ("col", "SELECT zeroblob(300000000) AS models, '{}' AS decks"),
    ],
    ids=["endless", "millions", "huge-field", "endless-cards", "huge-col"],
)
def test_table_defined_as_a_view_is_refused_before_it_is_read(tmp_path, table, view):
    # A view runs its query when read: it could loop forever or build gigabytes.
    with pytest.raises(AnkiPackageError, match=f"collection.anki21: .*'{table}' is a view"):
        read_old(tmp_path, f"DROP TABLE {table}", f"CREATE VIEW {table.upper()} AS {view}")


def test_table_with_a_computed_column_is_refused_before_it_is_read(tmp_path):
    computed = "CREATE TABLE notes (id, guid, mid, tags, flds AS (zeroblob(300000000)))"
    with pytest.raises(AnkiPackageError, match="'notes' has a computed column"):
        read_old(tmp_path, "DROP TABLE notes", computed, ONE_NOTE)


def test_virtual_table_is_refused_before_it_is_read(tmp_path):
    virtual = "CREATE VIRTUAL TABLE notes USING fts5(id, guid, mid, tags, flds)"
    with pytest.raises(AnkiPackageError, match="'notes' is a virtual table"):
        read_old(tmp_path, "DROP TABLE notes", virtual, ONE_NOTE)


def test_more_notes_than_one_package_may_hold_are_refused_before_they_are_read(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(anki_collection, "MAX_ROWS", 2)
    with pytest.raises(AnkiPackageError, match="'notes' has 3 rows; at most 2 are read"):
        read_old(tmp_path, fields=("A\x1fB", "C\x1fD", "E\x1fF"))


def test_query_running_past_its_budget_is_stopped_and_named(tmp_path, monkeypatch):
    # The backstop for anything the checks above miss: SQLite stops after so many steps.
    monkeypatch.setattr(anki_package, "MAX_QUERY_STEPS", 1000)
    with pytest.raises(AnkiPackageError, match="collection.anki21: too large or malformed"):
        read_old(tmp_path, fields=[f"Q{number}\x1fA" for number in range(300)])


def test_opened_collection_stops_an_endless_query_on_its_own(tmp_path):
    database = anki_package.open_database(old_collection(tmp_path), "collection.anki21")
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        database.execute(f"{ENDLESS} SELECT count(*) FROM r").fetchone()
