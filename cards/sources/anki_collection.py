"""Reading notes, note types, decks and cards out of an Anki collection database.

Both schemas: the old one (schema 11: note types and decks as JSON in ``col``) and the new one
(schema 18: ``notetypes``, ``fields``, ``templates`` and ``decks`` tables, protobuf configs).
Pure Python; the database is the in-memory copy anki_package opened.
"""

import json
import sqlite3
from dataclasses import dataclass

from cards.sources.anki_package import MAX_QUERY_STEPS, AnkiPackageError, protobuf_fields

# What Anki's compatibility collection.anki2 holds in a package from a newer Anki.
UPDATE_NOTE_TEXT = "Please update to the latest Anki version"
# A note type's or template's protobuf config: Anki's are a few kilobytes.
MAX_CONFIG_BYTES = 2**20
# Rows of any one table: room for the 30,000-note decks learners import with a reverse card
# each (60,000 cards) and then some; a bound on what one import may hold in memory.
MAX_ROWS = 200_000
OLD_SCHEMA_TABLES = ("col", "notes", "cards")
NEW_SCHEMA_TABLES = ("notetypes", "fields", "templates", "decks", "notes", "cards")


@dataclass(frozen=True)
class NoteType:
    name: str
    is_cloze: bool
    fields: tuple[str, ...]
    # (question template, answer template) by template ordinal.
    templates: dict[int, tuple[str, str]]


@dataclass(frozen=True)
class Note:
    id: int
    guid: str
    note_type: NoteType
    fields: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class AnkiCard:
    note: Note
    ordinal: int
    deck: tuple[str, ...]


def read_cards(database: sqlite3.Connection, name: str) -> list[AnkiCard]:
    """Every card of every note, in note order, then card ordinal; never the update note."""
    try:
        if _has_table(database, "notetypes"):
            _check_tables(database, NEW_SCHEMA_TABLES)
            note_types, decks = _new_schema_note_types(database), _new_schema_decks(database)
        else:
            _check_tables(database, OLD_SCHEMA_TABLES)
            note_types, decks = _old_schema_note_types(database), _old_schema_decks(database)
        notes = {}
        for note_id, guid, type_id, tags, fields in database.execute(
            "SELECT id, guid, mid, tags, flds FROM notes ORDER BY id"
        ):
            note_type = note_types.get(type_id)
            values = tuple(str(fields).split("\x1f"))
            if note_type is None or values[0].startswith(UPDATE_NOTE_TEXT):
                continue
            notes[note_id] = Note(note_id, str(guid), note_type, values, tuple(str(tags).split()))
        rows = database.execute("SELECT nid, ord, did FROM cards ORDER BY nid, ord").fetchall()
    except sqlite3.OperationalError as error:
        # "interrupted": anki_package's budget of query steps ran out.
        problem = (
            f"too large or malformed to read (reading it took over {MAX_QUERY_STEPS:,} steps)"
            if str(error) == "interrupted"
            else f"not a readable Anki collection ({error})"
        )
        raise AnkiPackageError(f"{name}: {problem}") from None
    except (sqlite3.Error, ValueError, TypeError, KeyError, AttributeError, IndexError) as error:
        raise AnkiPackageError(f"{name}: not a readable Anki collection ({error})") from None
    return [
        AnkiCard(notes[note_id], ordinal, decks.get(deck_id, ("Default",)))
        for note_id, ordinal, deck_id in rows
        if note_id in notes
    ]


def _check_tables(database: sqlite3.Connection, tables: tuple[str, ...]) -> None:
    """Each table read holds stored rows, and not too many: a view, a virtual table or a
    computed column would run the package's own SQL when read (endless, or gigabytes)."""
    for table in tables:
        row = database.execute(
            "SELECT type, sql FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND lower(name) = ?",
            (table,),
        ).fetchone()
        if row is None:
            continue  # reading it says "no such table"
        kind, sql = row
        if kind != "table":
            raise AnkiPackageError(f"'{table}' is a {kind}, not a table")
        if str(sql).upper().startswith("CREATE VIRTUAL"):
            raise AnkiPackageError(f"'{table}' is a virtual table")
        # table_xinfo's "hidden": 2 and 3 mark computed (generated) columns.
        if any(column[6] for column in database.execute(f"PRAGMA table_xinfo('{table}')")):
            raise AnkiPackageError(f"'{table}' has a computed column")
        # NOT INDEXED: Anki indexes some tables with its own collation, unknown here.
        (rows,) = database.execute(f"SELECT count(*) FROM {table} NOT INDEXED").fetchone()
        if rows > MAX_ROWS:
            raise AnkiPackageError(f"'{table}' has {rows:,} rows; at most {MAX_ROWS:,} are read")


def _has_table(database: sqlite3.Connection, table: str) -> bool:
    query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
    return database.execute(query, (table,)).fetchone() is not None


def _old_schema_note_types(database: sqlite3.Connection) -> dict[int, NoteType]:
    (models,) = database.execute("SELECT models FROM col").fetchone()
    note_types = {}
    for model in json.loads(models).values():
        fields = sorted(model["flds"], key=lambda field: field["ord"])
        note_types[int(model["id"])] = NoteType(
            name=str(model["name"]),
            is_cloze=model.get("type") == 1,
            fields=tuple(str(field["name"]) for field in fields),
            templates={
                int(t["ord"]): (str(t.get("qfmt", "")), str(t.get("afmt", "")))
                for t in model["tmpls"]
            },
        )
    return note_types


def _old_schema_decks(database: sqlite3.Connection) -> dict[int, tuple[str, ...]]:
    (decks,) = database.execute("SELECT decks FROM col").fetchone()
    return {int(deck["id"]): _deck_path(deck["name"], "::") for deck in json.loads(decks).values()}


def _new_schema_note_types(database: sqlite3.Connection) -> dict[int, NoteType]:
    fields: dict[int, list[str]] = {}
    for type_id, name in database.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        fields.setdefault(type_id, []).append(str(name))
    rows = database.execute("SELECT id, name, config FROM notetypes").fetchall()
    names = {type_id: str(name) for type_id, name, _ in rows}
    templates: dict[int, dict[int, tuple[str, str]]] = {}
    for type_id, ordinal, config in database.execute("SELECT ntid, ord, config FROM templates"):
        where = f"note type {names.get(type_id, type_id)!r} card {ordinal + 1}"
        # CardTemplateConfig: q_format = 1, a_format = 2.
        parts = dict(protobuf_fields(_config(config, where)))
        templates.setdefault(type_id, {})[ordinal] = (
            _text(parts.get(1, b""), f"{where}: its front template"),
            _text(parts.get(2, b""), f"{where}: its back template"),
        )
    note_types = {}
    for type_id, name, config in rows:
        # NotetypeConfig: kind = 1 (0 normal, 1 cloze; proto3 leaves 0 out).
        kind = dict(protobuf_fields(_config(config, f"note type {name!r}"))).get(1, 0)
        note_types[type_id] = NoteType(
            name=str(name),
            is_cloze=kind == 1,
            fields=tuple(fields.get(type_id, ())),
            templates=templates.get(type_id, {}),
        )
    return note_types


def _config(value: object, where: str) -> bytes:
    # Checked before use: bytes(n) of a number n stored in its place allocates n zero bytes.
    if not isinstance(value, bytes):
        kind = {int: "a number", float: "a number", str: "text"}.get(type(value), "empty")
        raise AnkiPackageError(f"{where}: its config is not a blob but {kind}")
    if len(value) > MAX_CONFIG_BYTES:
        raise AnkiPackageError(f"{where}: its config is over {MAX_CONFIG_BYTES // 2**20} MB")
    return value


def _text(value: object, what: str) -> str:
    if not isinstance(value, bytes):
        raise AnkiPackageError(f"{what} is not text")
    try:
        return value.decode()
    except UnicodeDecodeError:
        raise AnkiPackageError(f"{what} is not UTF-8 text") from None


def _new_schema_decks(database: sqlite3.Connection) -> dict[int, tuple[str, ...]]:
    return {
        deck_id: _deck_path(name, "\x1f")
        for deck_id, name in database.execute("SELECT id, name FROM decks")
    }


def _deck_path(name: str, separator: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in str(name).split(separator) if part.strip()) or (
        "Default",
    )
