"""read_document picks the reader by extension and content."""

from pathlib import Path

import pytest

from cards.sources import GuideError, parse_guide, parse_markdown, read_document

FIXTURE_SOURCES = Path(__file__).resolve().parents[3] / "fixtures/sources"


def test_the_seed_text_dump_is_read_as_the_seed_shape():
    data = (FIXTURE_SOURCES / "aws-dva-c02.txt").read_bytes()

    assert read_document("aws-dva-c02.txt", data) == parse_guide(data.decode())


def test_a_markdown_guide_is_read_as_markdown():
    data = (FIXTURE_SOURCES / "observability-foundations.md").read_bytes()

    assert read_document("guide.md", data) == parse_markdown(data.decode(), name="guide.md")


def test_a_txt_file_of_notes_is_markdown_and_one_of_tab_pairs_is_a_quizlet_deck():
    assert read_document("n.txt", b"- SQS: a queue\n").cards()[0].prompt == "SQS"
    assert read_document("q.txt", b"SQS\ta queue\nSNS\ta topic\n").cards()[1].answer == "a topic"


def test_an_unknown_file_type_names_the_shapes_that_exist():
    with pytest.raises(GuideError) as error:
        read_document("slides.pdf", b"%PDF-1.7")

    message = str(error.value)
    assert message.startswith("cannot read a .pdf file: spacecards reads Markdown notes")
    for shape in ("Notes in Plain Text", "Quizlet", "front,back", "topic fixture (.json)"):
        assert shape in message
