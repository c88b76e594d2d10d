"""Packages that must be refused whole, with a message that says what is wrong."""

import io
import json
import re
import sqlite3
import zipfile

import pytest
import zstandard

from cards.sources import anki_package, images
from cards.sources.anki import AnkiPackageError, read_anki_package
from tests.cards.sources import anki_packages, hand_built
from tests.cards.sources.anki_packages import media_map, replace_entries, zip_of


@pytest.fixture(scope="module")
def legacy_package(tmp_path_factory) -> bytes:
    folder = tmp_path_factory.mktemp("anki")
    collection = anki_packages.build_collection(folder)
    try:
        return anki_packages.export(collection, folder / "legacy.apkg", legacy=True)
    finally:
        collection.close()


def test_not_a_zip_is_refused():
    with pytest.raises(AnkiPackageError, match="not a zip file"):
        read_anki_package(b"SQLite format 3\x00 but not zipped")


def test_zip_without_a_collection_is_refused():
    with pytest.raises(AnkiPackageError, match="holds no collection.anki21b"):
        read_anki_package(zip_of({"notes.txt": b"hello"}))


@pytest.mark.parametrize(
    "content",
    [b"not sqlite at all", b"SQLite format 3\x00" + b"\xff" * 4000],
    ids=["not-sqlite", "damaged-sqlite"],
)
def test_corrupt_collection_is_refused(content):
    with pytest.raises(AnkiPackageError, match="collection.anki21: not a readable Anki collection"):
        read_anki_package(zip_of({"collection.anki21": content}))


def test_collection_without_anki_tables_is_refused(tmp_path):
    with sqlite3.connect(tmp_path / "other.db") as database:
        database.execute("CREATE TABLE notes (id)")
    content = (tmp_path / "other.db").read_bytes()
    with pytest.raises(AnkiPackageError, match="not a readable Anki collection"):
        read_anki_package(zip_of({"collection.anki21": content}))


def test_package_over_the_upload_limit_is_refused():
    with pytest.raises(AnkiPackageError, match="larger than the upload limit of 1 MB"):
        read_anki_package(b"PK" + b"\x00" * 2**20, max_bytes=2**20)


def test_zip_bomb_is_refused_from_its_declared_size_before_decompressing():
    bomb = zip_of({"collection.anki21": b"\x00" * (anki_package.MAX_COLLECTION_BYTES + 1)})
    assert len(bomb) < 200_000
    with pytest.raises(AnkiPackageError, match="collection.anki21: larger than 64 MB unpacked"):
        read_anki_package(bomb)


def test_zstd_bomb_without_a_declared_size_stops_at_the_limit():
    compressor = zstandard.ZstdCompressor(write_content_size=False)
    chunks = compressor.compressobj()
    frame = b"".join(
        chunks.compress(b"\x00" * 2**20)
        for _ in range(anki_package.MAX_COLLECTION_BYTES // 2**20 + 1)
    )
    frame += chunks.flush()
    with pytest.raises(AnkiPackageError, match="collection.anki21b: larger than 64 MB unpacked"):
        read_anki_package(zip_of({"collection.anki21b": frame}))


def test_invalid_zstd_is_refused():
    with pytest.raises(AnkiPackageError, match="collection.anki21b: not valid zstd data"):
        read_anki_package(zip_of({"collection.anki21b": b"\x28\xb5\x2f\xfd garbage"}))


@pytest.mark.parametrize("name", ["../../etc/cron.d/evil", "/etc/passwd", "..\\win.ini", ".."])
def test_path_traversal_in_media_names_is_refused(legacy_package, name):
    package = replace_entries(legacy_package, media=media_map({"0": name}))
    with pytest.raises(AnkiPackageError, match="media: unsafe file name"):
        read_anki_package(package)


def test_damaged_media_list_is_refused(legacy_package):
    with pytest.raises(AnkiPackageError, match="media: the package's list of media files"):
        read_anki_package(replace_entries(legacy_package, media=b"{not json"))


def test_file_posing_as_an_image_is_left_out_with_a_warning(legacy_package):
    with zipfile.ZipFile(io.BytesIO(legacy_package)) as archive:
        mapping = {v: k for k, v in json.loads(archive.read("media")).items()}
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    imported = read_anki_package(replace_entries(legacy_package, **{mapping["diagram.png"]: svg}))
    card = next(c for c in imported.guide.cards() if c.prompt.startswith("Max"))
    assert card.answer == "15 minutes"
    assert imported.images == {}
    assert "image 'diagram.png' left out: not a PNG, JPEG, GIF or WebP image" in imported.warnings


def test_oversized_image_is_left_out_with_a_warning(legacy_package):
    with zipfile.ZipFile(io.BytesIO(legacy_package)) as archive:
        mapping = {v: k for k, v in json.loads(archive.read("media")).items()}
    huge = anki_packages.PNG + b"\x00" * images.MAX_IMAGE_BYTES
    imported = read_anki_package(replace_entries(legacy_package, **{mapping["diagram.png"]: huge}))
    assert imported.images == {}
    assert any("diagram.png' left out" in warning for warning in imported.warnings)


@pytest.mark.parametrize(
    "field",
    [
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        "<svg><script>alert(1)</script></svg>",
        '<div onclick="alert(1)" style="color:red">x</div>',
        "<iframe src=//evil></iframe>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
    ],
)
def test_no_script_gets_through_a_field(field):
    from cards.sources.anki_html import card_text, sanitise

    cleaned = sanitise(field, lambda _: None)
    for forbidden in ("<script", "onerror", "onclick", "javascript:", "<svg", "<iframe", "style="):
        assert forbidden not in cleaned.lower()
    # Card text is Markdown: no tag in it, and text that looks like one is backslash-escaped.
    text = card_text(field, lambda _: None)
    assert not re.search(r"(?<!\\)<[a-z/!]", text, re.IGNORECASE)
    assert "javascript:" not in text


@pytest.mark.parametrize("member", ["collection.anki21", "media"])
def test_encrypted_member_is_refused_by_name(tmp_path, member):
    package = hand_built.with_image(hand_built.old_collection(tmp_path))
    with pytest.raises(AnkiPackageError, match=f"^{member}: encrypted"):
        read_anki_package(hand_built.encrypted(package, member))


def test_encrypted_image_is_left_out_with_a_warning(tmp_path, capfd):
    collection = hand_built.old_collection(tmp_path, ("Q<img src='a.png'>\x1fA",))
    imported = read_anki_package(hand_built.encrypted(hand_built.with_image(collection), "0"))
    assert imported.images == {}
    assert any(w.startswith("image 'a.png' left out: 0: encrypted") for w in imported.warnings)
    # nh3 calls the image filter: nothing may escape it to be printed and ignored.
    assert capfd.readouterr().err == ""


def test_damaged_compressed_data_is_refused_by_name(tmp_path):
    package = zip_of({"collection.anki21": hand_built.old_collection(tmp_path)})
    with pytest.raises(AnkiPackageError, match="^collection.anki21: damaged in the zip"):
        read_anki_package(hand_built.damaged(package, "collection.anki21"))


def test_media_entry_whose_name_is_a_number_is_refused(tmp_path):
    entry = hand_built.protobuf_text(1, hand_built.protobuf_number(1, 5))
    package = zip_of(
        {
            "collection.anki21b": hand_built.new_collection(tmp_path),
            "media": zstandard.ZstdCompressor().compress(entry),
        }
    )
    with pytest.raises(AnkiPackageError, match="^media: file 1 has no name"):
        read_anki_package(package)


def test_note_nested_too_deep_is_skipped_by_name_and_the_others_read(tmp_path):
    deep = "<div>" * 20_000 + "Q\x1fA"
    collection = hand_built.old_collection(tmp_path, (deep, "Fine\x1fYes"))
    imported = read_anki_package(zip_of({"collection.anki21": collection}))
    assert [card.prompt for card in imported.guide.cards()] == ["Fine"]
    assert "note 'g1' card 1: tags nested more than 1000 deep, skipped" in imported.warnings


def test_package_whose_only_note_is_skipped_says_why(tmp_path):
    collection = hand_built.old_collection(tmp_path, ("<b><i>" * 10_000 + "Q\x1fA",))
    with pytest.raises(AnkiPackageError, match="no cards to import.*note 'g1' card 1: tags nested"):
        read_anki_package(zip_of({"collection.anki21": collection}))


@pytest.mark.parametrize(
    "entries",
    [
        b"\x0a\x00" * (anki_package.MAX_ZIP_ENTRIES + 1),
        hand_built.protobuf_text(1, b"\x10\x00" * 2**20),
    ],
    ids=["millions-of-entries", "one-entry-of-a-million-fields"],
)
def test_media_list_longer_than_a_package_holds_is_refused_before_it_is_all_read(tmp_path, entries):
    # 16 MB of two-byte entries once took 700 MB and half a minute to read.
    package = zip_of(
        {
            "collection.anki21b": hand_built.new_collection(tmp_path),
            "media": zstandard.ZstdCompressor().compress(entries * 8),
        }
    )
    with pytest.raises(AnkiPackageError, match="^media: the package's list of media files"):
        read_anki_package(package)
