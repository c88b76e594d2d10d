"""CSV and TSV decks: Anki's plain-text export, Quizlet's export, front,back with a header."""

import pytest

from cards.sources import GuideError, read_document


def deck(name: str, text: str | bytes):
    return read_document(name, text.encode() if isinstance(text, str) else text)


def cards_of(name: str, text: str | bytes) -> list[tuple[str, str, str]]:
    return [(c.kind, c.prompt, c.answer) for c in deck(name, text).cards()]


ANKI_EXPORT = (
    "#separator:tab\n"
    "#html:true\n"
    "#columns:Front\tBack\tDeck\tTags\n"
    "#deck column:3\n"
    "#tags column:4\n"
    "<b>Lambda</b> timeout\t15&nbsp;minutes<br>configurable\tAWS::Compute\tlambda\n"
    'S3 durability\t<i>eleven</i> nines<script>alert("x")</script>\tAWS::Storage\ts3\n'
    "Max item size\t<code>400 KB</code> &amp; no more\tAWS::Storage\tdynamodb\n"
)


def test_an_anki_plain_text_export_gives_term_cards_in_its_decks():
    guide = deck("export.txt", ANKI_EXPORT)

    assert [(d.title, [s.title for s in d.sections]) for d in guide.domains] == [
        ("AWS", ["Compute", "Storage"])
    ]
    assert [(c.kind, c.prompt, c.answer) for c in guide.cards()] == [
        ("term", "**Lambda** timeout", "15 minutes\nconfigurable"),
        ("term", "S3 durability", "*eleven* nines"),
        ("term", "Max item size", "`400 KB` & no more"),
    ]
    assert not guide.weighted


def test_anki_separator_names_and_plain_fields():
    text = "#separator:Semicolon\n#html:false\nSQS;a queue\nSNS;a topic & more\n"

    assert cards_of("deck.csv", text) == [
        ("term", "SQS", "a queue"),
        ("term", "SNS", "a topic & more"),
    ]


def test_a_quizlet_export_is_term_tab_definition_with_line_breaks_kept():
    text = "SQS\tA queue\nSNS\tA topic that\nfans out\nKinesis\tA stream\n"

    assert cards_of("quizlet.tsv", text) == [
        ("term", "SQS", "A queue"),
        ("term", "SNS", "A topic that\nfans out"),
        ("term", "Kinesis", "A stream"),
    ]


def test_a_plain_csv_with_a_header_gives_sections_and_multi_line_backs():
    text = (
        "front,back,section,tags\n"
        "SQS,A queue,Messaging,aws\n"
        '"S3","Object storage\n11 nines",Storage,aws\n'
        "SNS,A topic,Messaging,\n"
    )

    guide = deck("aws.csv", text)

    assert [[s.title for s in d.sections] for d in guide.domains] == [["Messaging", "Storage"]]
    assert [(c.prompt, c.answer) for c in guide.cards()] == [
        ("SQS", "A queue"),
        ("SNS", "A topic"),
        ("S3", "Object storage\n11 nines"),
    ]


def test_a_byte_order_mark_is_accepted():
    assert cards_of("bom.csv", b"\xef\xbb\xbffront,back\nSQS,A queue\n") == [
        ("term", "SQS", "A queue")
    ]


def test_adding_a_row_keeps_every_other_cards_key():
    before = {c.prompt: c.key for c in deck("a.csv", "front,back\nSQS,q\nSNS,t\n").cards()}
    after = {c.prompt: c.key for c in deck("a.csv", "front,back\nMQ,b\nSQS,q\nSNS,t\n").cards()}

    assert before.items() <= after.items()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        pytest.param(
            "x.csv", b"front,back\n\xe9t\xe9,summer\n", "not UTF-8 text (byte 11", id="latin-1"
        ),
        pytest.param("x.csv", "front,back\nx,y\n".encode("utf-16"), "UTF-16", id="utf-16"),
        pytest.param(
            "x.csv", b"front,back\nSQS,q\nSNS,t,extra\n", "line 3: row has 3 fields", id="ragged"
        ),
        pytest.param("x.csv", b"front,back\n,a back\n", "line 2: empty front", id="empty-front"),
        pytest.param(
            "x.csv", b"one,two\nSQS,q\n", "line 1: a CSV deck needs a header row", id="no-header"
        ),
        pytest.param("x.csv", b"front,back\nSQS,\n", "no cards found", id="only-empty-backs"),
        pytest.param(
            "x.txt",
            b"#separator:tab\n#columns:Front\tBack\nSQS\tq\textra\n",
            "line 3: row has 3 fields, #columns has 2",
            id="anki-ragged",
        ),
        pytest.param(
            "x.txt",
            b"#separator:tab\n#deck column:3\nSQS\tq\n",
            "line 2: #deck column:3 names no column: the notes have 2 fields",
            id="anki-deck-column",
        ),
        pytest.param(
            "x.csv",
            b"front,back\nc\x00ue,answer\n",
            "line 2: a NUL character (\\u0000) at column 2",
            id="nul",
        ),
        pytest.param(
            # Found by tests/cards/sources/test_any_text.py: a NUL on a line of its own
            # continued the note before it, and the fixture's check refused the card.
            "notes.txt",
            b"a\tb\n\x00",
            "line 2: a NUL character (\\u0000) at column 1",
            id="nul-in-tab-notes",
        ),
    ],
)
def test_bad_decks_are_refused_naming_the_problem_and_line(name, data, message):
    with pytest.raises(GuideError) as error:
        read_document(name, data)

    assert message in str(error.value)


def test_an_empty_back_is_skipped_with_a_warning():
    guide = deck("x.csv", "front,back\nSQS,a queue\nSNS,\n")

    assert [c.prompt for c in guide.cards()] == ["SQS"]
    assert guide.warnings == ("line 3: card 'SNS' has an empty back: skipped",)


def test_a_leading_quote_is_kept_in_a_deck_that_is_not_this_apps_export():
    # Only this app's own export quotes formula cells, so only there is the quote escaping.
    guide = deck("deck.csv", "front,back\n'=1+1,'@two\n")

    assert [(c.prompt, c.answer) for c in guide.cards()] == [("'=1+1", "'@two")]
