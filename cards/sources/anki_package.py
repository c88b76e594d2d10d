"""Opening an Anki package (.apkg) safely: the zip, its collection and its images.

Pure Python (zipfile, sqlite3, zstandard). Every size is checked before anything is
decompressed, and decompression itself stops at the limit, so a zip bomb costs at most the
limit. Nothing is written to disk: the collection is opened in memory, read-only.

Package vintages, newest first (a package holds the newest its Anki could write):
- ``collection.anki21b``: zstd-compressed SQLite, schema 18 (``notetypes``/``fields``/...
  tables); its ``media`` map is zstd-compressed protobuf and each media file is zstd too.
- ``collection.anki21``: plain SQLite, schema 11 (note types as JSON in ``col.models``).
- ``collection.anki2``: the same schema from Anki 2.0. Newer packages also carry one that holds
  only a "Please update to the latest Anki version" note, for old clients: it is read only when
  nothing newer is there, and that note is never imported.
"""

import itertools
import json
import sqlite3
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO

import zstandard

COLLECTION_NAMES = ("collection.anki21b", "collection.anki21", "collection.anki2")
MAX_COLLECTION_BYTES = 64 * 2**20
MAX_ZIP_ENTRIES = 20_000
# A media list's entry holds a file's name, size and checksum.
MAX_MEDIA_ENTRY_BYTES = 4096
TOO_MANY_MEDIA = "media: the package's list of media files names more than a package may hold"
# Reading 50,000 notes takes under 2 million steps of SQLite's machine, so MAX_ROWS of them
# some 6 million; 100 million (~7 s) stops only what no real collection asks for.
MAX_QUERY_STEPS = 100_000_000
MAX_VALUE_BYTES = 16 * 2**20
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"

# Magic numbers of the image types a card may show; SVG is not one (it can carry script).


class AnkiPackageError(ValueError):
    """The package cannot be imported: says what is wrong with it."""


@dataclass
class OpenedPackage:
    collection_name: str
    database: sqlite3.Connection
    # Media names as the notes use them → the zip entry holding the file.
    media_entries: dict[str, str] = field(default_factory=dict)
    zstd_media: bool = False


def open_package(data: bytes, *, max_bytes: int) -> tuple[zipfile.ZipFile, OpenedPackage]:
    if len(data) > max_bytes:
        raise AnkiPackageError(f"larger than the upload limit of {max_bytes // 2**20} MB")
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        names = {info.filename: info for info in archive.infolist()}
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise AnkiPackageError("not an Anki package: it is not a zip file") from None
    if len(names) > MAX_ZIP_ENTRIES:
        raise AnkiPackageError(f"too many files in the package ({len(names)})")
    chosen = next((name for name in COLLECTION_NAMES if name in names), None)
    if chosen is None:
        raise AnkiPackageError(
            "not an Anki package: the zip holds no collection.anki21b, collection.anki21 "
            "or collection.anki2"
        )
    raw = read_entry(archive, names[chosen], MAX_COLLECTION_BYTES)
    if chosen.endswith("b"):
        raw = decompress_zstd(raw, MAX_COLLECTION_BYTES, chosen)
    opened = OpenedPackage(chosen, open_database(raw, chosen))
    opened.zstd_media = chosen.endswith("b")
    if "media" in names:
        media_map = read_entry(archive, names["media"], MAX_COLLECTION_BYTES)
        opened.media_entries = _media_entries(media_map, opened.zstd_media)
    for media_name in opened.media_entries:
        check_media_name(media_name)
    return archive, opened


def read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    # The declared size is checked first; the read stops at the limit in case it lies.
    if info.file_size > limit:
        raise AnkiPackageError(f"{info.filename}: larger than {limit // 2**20} MB unpacked")
    if info.flag_bits & 0x1:
        raise AnkiPackageError(
            f"{info.filename}: encrypted with a password (Anki never encrypts a package)"
        )
    try:
        with archive.open(info) as entry:
            content = entry.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as error:
        raise AnkiPackageError(f"{info.filename}: damaged in the zip ({error})") from None
    if len(content) > limit:
        raise AnkiPackageError(f"{info.filename}: larger than {limit // 2**20} MB unpacked")
    return content


def decompress_zstd(data: bytes, limit: int, name: str) -> bytes:
    try:
        declared = zstandard.get_frame_parameters(data).content_size
        if declared != zstandard.CONTENTSIZE_UNKNOWN and declared > limit:
            raise AnkiPackageError(f"{name}: larger than {limit // 2**20} MB unpacked")
        with zstandard.ZstdDecompressor().stream_reader(data) as reader:
            content = reader.read(limit + 1)
            while len(content) <= limit:
                more = reader.read(limit + 1 - len(content))
                if not more:
                    break
                content += more
    except zstandard.ZstdError as error:
        raise AnkiPackageError(f"{name}: not valid zstd data ({error})") from None
    if len(content) > limit:
        raise AnkiPackageError(f"{name}: larger than {limit // 2**20} MB unpacked")
    return content


def open_database(raw: bytes, name: str) -> sqlite3.Connection:
    if not raw.startswith(b"SQLite format 3\x00") or len(raw) < 100:
        raise AnkiPackageError(f"{name}: not a readable Anki collection (not an SQLite database)")
    # Anki writes its collection in WAL mode; an in-memory copy must say "rollback journal"
    # (header bytes 18 and 19) or SQLite refuses to open it.
    header = bytearray(raw[:100])
    header[18:20] = b"\x01\x01"
    database = sqlite3.connect(":memory:")
    # Backstops for what anki_collection's checks of the schema might miss: no value over
    # MAX_VALUE_BYTES, no query past MAX_QUERY_STEPS (it fails as "interrupted").
    database.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    steps = itertools.count()
    database.set_progress_handler(lambda: next(steps) >= MAX_QUERY_STEPS // 1000, 1000)
    try:
        database.deserialize(bytes(header) + raw[100:])
        database.execute("PRAGMA query_only = ON")
        database.execute("PRAGMA trusted_schema = OFF")
        database.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as error:
        database.close()
        raise AnkiPackageError(f"{name}: not a readable Anki collection ({error})") from None
    return database


def _media_entries(raw: bytes, zstd_packed: bool) -> dict[str, str]:
    if zstd_packed or raw.startswith(ZSTD_MAGIC):
        entries = _protobuf_media(decompress_zstd(raw, MAX_COLLECTION_BYTES, "media"))
        return {name: str(index) for index, name in enumerate(entries) if name}
    try:
        mapping = json.loads(raw or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise AnkiPackageError("media: the package's list of media files is damaged") from None
    if not isinstance(mapping, dict):
        raise AnkiPackageError("media: the package's list of media files is damaged")
    if len(mapping) > MAX_ZIP_ENTRIES:
        raise AnkiPackageError(TOO_MANY_MEDIA)
    return {str(name): str(entry) for entry, name in mapping.items()}


def _protobuf_media(raw: bytes) -> list[str]:
    """MediaEntries { repeated MediaEntry entries = 1 }, MediaEntry { string name = 1; ... }."""
    try:
        names = []
        # Counted as they are read: 64 MB of two-byte entries would be 32 million of them.
        for count, (number, value) in enumerate(protobuf_fields(raw), start=1):
            if count > MAX_ZIP_ENTRIES:
                raise AnkiPackageError(TOO_MANY_MEDIA)
            if number == 1 and isinstance(value, bytes):
                if len(value) > MAX_MEDIA_ENTRY_BYTES:
                    raise ValueError("an entry longer than a file's name and checksum")
                name = dict(protobuf_fields(value)).get(1, b"")
                if not isinstance(name, bytes):
                    raise AnkiPackageError(f"media: file {len(names) + 1} has no name (not text)")
                names.append(name.decode())
        return names
    except AnkiPackageError:
        raise
    except (IndexError, UnicodeDecodeError, ValueError):
        raise AnkiPackageError("media: the package's list of media files is damaged") from None


def protobuf_fields(raw: bytes) -> Iterator[tuple[int, int | bytes]]:
    """The top-level fields of a protobuf message, as read: varints and length-delimited ones."""
    position = 0
    while position < len(raw):
        key, position = _varint(raw, position)
        number, wire_type = key >> 3, key & 7
        if wire_type == 0:
            value, position = _varint(raw, position)
        elif wire_type == 2:
            length, position = _varint(raw, position)
            value, position = raw[position : position + length], position + length
        elif wire_type in (1, 5):
            size = 8 if wire_type == 1 else 4
            value, position = raw[position : position + size], position + size
        else:
            raise ValueError(f"unsupported protobuf wire type {wire_type}")
        yield number, value
    if position != len(raw):
        raise ValueError("truncated protobuf message")


def _varint(raw: bytes, position: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = raw[position]
        position += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, position
        shift += 7


def check_media_name(name: str) -> None:
    if (
        not name
        or "/" in name
        or "\\" in name
        or "\x00" in name
        or name in (".", "..")
        or name.startswith("..")
    ):
        raise AnkiPackageError(f"media: unsafe file name {name!r} (a path, not a file name)")


def read_media(
    archive: zipfile.ZipFile, opened: OpenedPackage, name: str, limit: int
) -> bytes | None:
    """A media file's bytes, or None when the package lists it but does not hold it."""
    entry = opened.media_entries.get(name)
    if entry is None:
        return None
    try:
        info = archive.getinfo(entry)
    except KeyError:
        return None
    content = read_entry(archive, info, limit)
    if opened.zstd_media and content.startswith(ZSTD_MAGIC):
        content = decompress_zstd(content, limit, f"media {name!r}")
    return content
