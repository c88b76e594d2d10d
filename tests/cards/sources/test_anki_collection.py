"""A collection's note types and templates that are not what Anki writes are refused by name."""

import pytest

from cards.sources.anki import AnkiPackageError, read_anki_package
from tests.cards.sources.anki_packages import zip_of
from tests.cards.sources.hand_built import new_collection, protobuf_number, protobuf_text


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
