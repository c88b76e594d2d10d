"""Hostile Anki packages built by hand: the smallest collection each attack needs.

Real Anki never writes these, so they are made with sqlite3, zipfile and zstandard directly:
an old-schema collection (note types as JSON in ``col``), a new-schema one (protobuf configs),
and zip members whose bytes are patched after writing (an encryption flag, damaged deflate).
"""

import io
import json
import sqlite3
import struct
import zipfile
from pathlib import Path

import zstandard

from tests.cards.sources.anki_packages import zip_of

BASIC = {
    "id": 1,
    "name": "Basic",
    "type": 0,
    "flds": [{"name": "Front", "ord": 0}, {"name": "Back", "ord": 1}],
    "tmpls": [{"ord": 0, "qfmt": "{{Front}}", "afmt": "{{Back}}"}],
}
CLOZE = {
    "id": 2,
    "name": "Cloze",
    "type": 1,
    "flds": [{"name": "Text", "ord": 0}, {"name": "Extra", "ord": 1}],
    "tmpls": [{"ord": 0, "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}"}],
}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def old_collection(
    folder: Path,
    fields: tuple[str, ...] = ("Front\x1fBack",),
    *,
    note_type: int = 1,
    then: tuple[str, ...] = (),
) -> bytes:
    """A schema-11 collection with one note (guid "g1", "g2", ...) per entry of ``fields``;
    the SQL statements ``then`` run last (to redefine a table, say)."""
    path = folder / "old.anki21"
    with sqlite3.connect(path) as database:
        database.execute("CREATE TABLE col (models, decks)")
        database.execute(
            "INSERT INTO col VALUES (?, ?)",
            (json.dumps({"1": BASIC, "2": CLOZE}), json.dumps({"1": {"id": 1, "name": "Deck"}})),
        )
        database.execute("CREATE TABLE cards (nid, ord, did)")
        database.execute("CREATE TABLE notes (id, guid, mid, tags, flds)")
        for number, text in enumerate(fields, start=1):
            database.execute(
                "INSERT INTO notes VALUES (?, ?, ?, '', ?)", (number, f"g{number}", note_type, text)
            )
            database.execute("INSERT INTO cards VALUES (?, 0, 1)", (number,))
        for statement in then:
            database.execute(statement)
    database.close()
    return path.read_bytes()


def new_collection(folder: Path, *, template_config=None, notetype_config=b"") -> bytes:
    """A schema-18 collection (zstd, as collection.anki21b holds it) with one Basic note."""
    path = folder / "new.anki21b"
    if template_config is None:
        template_config = protobuf_text(1, b"{{Front}}") + protobuf_text(2, b"{{Back}}")
    with sqlite3.connect(path) as database:
        for table in (
            "notetypes (id, name, config)",
            "fields (ntid, ord, name)",
            "templates (ntid, ord, config)",
            "decks (id, name)",
            "notes (id, guid, mid, tags, flds)",
            "cards (nid, ord, did)",
        ):
            database.execute(f"CREATE TABLE {table}")
        database.execute("INSERT INTO notetypes VALUES (1, 'Basic', ?)", (notetype_config,))
        database.execute("INSERT INTO fields VALUES (1, 0, 'Front'), (1, 1, 'Back')")
        database.execute("INSERT INTO templates VALUES (1, 0, ?)", (template_config,))
        database.execute("INSERT INTO decks VALUES (1, 'Deck')")
        database.execute("INSERT INTO notes VALUES (1, 'g1', 1, '', 'Q' || char(31) || 'A')")
        database.execute("INSERT INTO cards VALUES (1, 0, 1)")
    database.close()
    return zstandard.ZstdCompressor().compress(path.read_bytes())


def protobuf_text(number: int, value: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(value)) + value


def protobuf_number(number: int, value: int) -> bytes:
    return _varint(number << 3) + _varint(value)


def _varint(value: int) -> bytes:
    out = b""
    while value > 0x7F:
        out += bytes([value & 0x7F | 0x80])
        value >>= 7
    return out + bytes([value])


def with_image(collection: bytes, image: bytes = PNG) -> bytes:
    """A package whose one note shows image "a.png" (zip member "0")."""
    return zip_of({"collection.anki21": collection, "media": b'{"0": "a.png"}', "0": image})


def encrypted(package: bytes, member: str) -> bytes:
    """The package with ``member`` flagged as encrypted, as a password-protected zip has it."""
    data = bytearray(package)
    local, central = _headers(package, member)
    for flags_at in (local + 6, central + 8):
        (flags,) = struct.unpack_from("<H", data, flags_at)
        struct.pack_into("<H", data, flags_at, flags | 0x1)
    return bytes(data)


def damaged(package: bytes, member: str) -> bytes:
    """The package with ``member``'s deflate stream garbled (the zip's directory intact)."""
    data = bytearray(package)
    local, _ = _headers(package, member)
    name_length, extra_length = struct.unpack_from("<HH", data, local + 26)
    start = local + 30 + name_length + extra_length
    for position in range(start, start + 200):
        data[position] ^= 0x5A
    return bytes(data)


def _headers(package: bytes, member: str) -> tuple[int, int]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        local = archive.getinfo(member).header_offset
    position = package.find(b"PK\x01\x02")
    while position >= 0:
        (name_length,) = struct.unpack_from("<H", package, position + 28)
        if package[position + 46 : position + 46 + name_length].decode() == member:
            return local, position
        position = package.find(b"PK\x01\x02", position + 4)
    raise KeyError(member)
