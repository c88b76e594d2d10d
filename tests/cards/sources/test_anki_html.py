"""Anki field HTML and cloze deletions that would break the card text."""

import pytest

from cards.sources import anki_html


def test_an_error_finding_an_image_is_raised_not_printed_and_ignored(capfd):
    def lookup(source):
        raise LookupError(source)

    with pytest.raises(LookupError, match="a.png"):
        anki_html.card_text('Q<img src="a.png">', lookup)
    assert capfd.readouterr().err == ""
