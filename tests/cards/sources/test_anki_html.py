"""Anki field HTML and cloze deletions that would break the card text."""

import pytest

from cards.sources import anki_html


def test_an_error_finding_an_image_is_raised_not_printed_and_ignored(capfd):
    def lookup(source):
        raise LookupError(source)

    with pytest.raises(LookupError, match="a.png"):
        anki_html.card_text('Q<img src="a.png">', lookup)
    assert capfd.readouterr().err == ""


def test_cloze_number_too_long_for_anki_stays_text_as_in_anki():
    # Anki reads a cloze number as a 16-bit integer: {{c123456::…}} is not a cloze to it.
    huge = "{{c" + "9" * 5000 + "::x}}"
    text = f"{huge} and {{{{c123456::y}}}} and {{{{c2::z}}}}"
    assert anki_html.cloze_numbers(text) == [2]
    assert anki_html.cloze_front(text, 2) == f"{huge} and {{{{c123456::y}}}} and [...]"
    assert anki_html.cloze_back(text, 2).endswith("<b>z</b>")


@pytest.mark.parametrize("opening", ["<div>", "<b><i>", "<ul><li>", "<table><tr><td>"])
def test_field_nested_deeper_than_card_text_reads_is_refused_by_its_depth(opening):
    with pytest.raises(anki_html.FieldTooDeep, match="tags nested more than 100 deep"):
        anki_html.card_text(opening * 300 + "Q", lambda _: None)


def test_field_nested_as_deep_as_a_real_note_reads():
    field = "<ul><li>" * 30 + "deep" + "</li></ul>" * 30
    assert anki_html.card_text(field, lambda _: None).endswith("deep")


def test_field_nested_thousands_deep_is_refused_before_it_is_sanitised():
    # nh3's cost grows with the square of the depth: 20,000 divs took seconds per field.
    with pytest.raises(anki_html.FieldTooDeep, match="tags nested more than 1000 deep"):
        anki_html.check_nesting("<div>" * 20_000 + "Q")
    anki_html.check_nesting("<p>a<br>b</p>" * 20_000)  # long is not deep
