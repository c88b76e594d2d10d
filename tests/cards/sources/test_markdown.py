"""Hand-written Markdown guides."""

import pytest

from cards.sources import (
    GuideError,
    parse_document,
    parse_guide,
    parse_markdown_guide,
)
from cards.sources.guide_parts import MAX_TABLE_COLUMNS
from cards.sources.parsed import CONTEXT_MAX_LENGTH
from tests.cards.sources.samples import DOMAIN_TOP, seed_guide

# --- Hand-written Markdown guides -----------------------------------------------------------

MARKDOWN_GUIDE = """\
Notes before the first domain are prose.

# Domain 1: Develop Code for Applications (32%)

## Messaging

SQS is pulled, SNS is pushed. Prose like this is ignored.

| | SQS | SNS |
|---|---|---|
| Model | Pull | Push |
| Ordering | FIFO queues only | |

Common traps:

- "SQS pushes messages to consumers" — FALSE; consumers poll the queue.
- "SNS keeps messages until a subscriber is back" — FALSE without a queue subscribed.
  SNS is fire-and-forget.

"Decouple producer from consumer" → SQS. "One event, many consumers" → SNS fanout.

```text
# a comment in code, not a heading
"not a cue" → in code
```

## Lambda

- A bullet with no card shape is prose, and the plan says so.

# Domain 2: Security (26%)

## Encryption

| Method | Key Management |
|---|---|
| SSE-C | Customer provides key |
"""


def test_markdown_guide_gives_domains_sections_and_cards():
    guide = parse_markdown_guide(MARKDOWN_GUIDE)

    assert [(d.number, d.title, d.weight) for d in guide.domains] == [
        (1, "Develop Code for Applications", 32),
        (2, "Security", 26),
    ]
    assert [[(s.position, s.title) for s in d.sections] for d in guide.domains] == [
        [(1, "Messaging"), (2, "Lambda")],
        [(1, "Encryption")],
    ]
    cards = guide.cards()
    assert [(c.kind, c.prompt, c.answer) for c in cards] == [
        ("table", "Model — SQS?", "Pull"),
        ("table", "Model — SNS?", "Push"),
        ("table", "Ordering — SQS?", "FIFO queues only"),
        ("trap", "SQS pushes messages to consumers", "FALSE"),
        ("trap", "SNS keeps messages until a subscriber is back", "FALSE"),
        ("scenario", "Decouple producer from consumer", "SQS"),
        ("scenario", "One event, many consumers", "SNS fanout"),
        ("table", "Method: SSE-C — Key Management?", "Customer provides key"),
    ]
    assert [c.position for c in cards] == list(range(8))
    assert guide.domains[0].sections[1].cards == ()


def test_markdown_cards_carry_table_rows_explanations_and_sources():
    cards = parse_markdown_guide(MARKDOWN_GUIDE).cards()

    assert cards[0].table_header == ("", "SQS", "SNS")
    assert cards[0].table_row == ("Model", "Pull", "Push")
    assert cards[0].sibling == cards[1].sibling != cards[2].sibling
    assert cards[0].source == "| Model | Pull | Push |"
    assert cards[3].explanation == "consumers poll the queue."
    assert cards[4].explanation == ("FALSE without a queue subscribed. SNS is fire-and-forget.")
    assert cards[5].source == (
        '"Decouple producer from consumer" → SQS. "One event, many consumers" → SNS fanout.'
    )


def test_markdown_and_seed_shapes_give_the_same_keys_for_the_same_cards():
    seed_shaped = seed_guide(
        '"Decouple producer from consumer" → SQS.\n'
        "Common traps:\n"
        '- "SQS pushes messages to consumers" — FALSE; consumers poll the queue.\n'
    )
    markdown = parse_markdown_guide(MARKDOWN_GUIDE)

    markdown_keys = {c.prompt: c.key for c in markdown.cards()}
    for card in seed_shaped.cards():
        assert markdown_keys[card.prompt] == card.key


def test_parse_document_picks_markdown_when_there_is_a_domain_heading():
    assert parse_document(MARKDOWN_GUIDE) == parse_markdown_guide(MARKDOWN_GUIDE)
    assert parse_document(DOMAIN_TOP) == parse_guide(DOMAIN_TOP)


def test_markdown_parses_the_same_every_time():
    assert parse_markdown_guide(MARKDOWN_GUIDE) == parse_markdown_guide(MARKDOWN_GUIDE)


TOP = "# Domain 1: Develop (32%)\n## Messaging\n"  # lines 1 and 2


@pytest.mark.parametrize(
    ("document", "line", "warning"),
    [
        pytest.param(
            TOP + "| A | B |\n| x | 1 |\n\n- SQS: a queue\n",
            3,
            "no |---| line under it",
            id="no-separator",
        ),
        pytest.param(
            TOP + 'Common traps:\n- "Caching is free" — FALSE; no.\n- "Maybe so" — who knows\n',
            5,
            "trap item has no recognisable verdict",
            id="no-verdict",
        ),
        pytest.param(
            TOP + "Common traps:\nNothing here.\n\n| A | B |\n|---|---|\n| x | 1 |\n",
            3,
            "not followed by a list of traps",
            id="empty-traps",
        ),
        pytest.param(
            TOP + "- just a thought\n- another one\n\n| A | B |\n|---|---|\n| x | 1 |\n",
            3,
            "a list of 2 items matched no card shape",
            id="unmatched-list",
        ),
    ],
)
def test_markdown_skips_what_it_cannot_read_with_a_warning_naming_the_line(document, line, warning):
    guide = parse_markdown_guide(document)

    assert any(w.startswith(f"line {line}: ") and warning in w for w in guide.warnings)


def test_the_legacy_errors_are_now_readable_documents():
    # Once refused: a non-domain h1, an h3, a card before any section.
    guide = parse_markdown_guide(
        TOP + "### Details\n\n- SQS: a queue\n\n# Study notes\n\n- SNS: pub/sub\n"
    )

    assert [(c.prompt, c.context) for c in guide.cards()] == [
        ("SQS", "Details"),
        ("SNS", ""),
    ]
    assert [(d.number, d.title, d.weight) for d in guide.domains] == [
        (1, "Develop", 32),
        (2, "Study notes", 0),
    ]
    assert "has no '(NN%)' weight" in guide.warnings[0]


def _markdown_table_of(columns: int) -> str:
    header = "".join(f"| c{i} " for i in range(columns))
    row = "| Row " + "".join(f"| v{i} " for i in range(1, columns))
    return header + "|\n" + "|---" * columns + "|\n" + row + "|\n"


def test_a_markdown_table_wider_than_a_card_can_show_is_an_error_naming_its_line():
    # Each card of a row carries the whole row: 1,000 columns made a 29 MB fixture.
    columns = MAX_TABLE_COLUMNS + 1
    with pytest.raises(GuideError) as error:
        parse_markdown_guide(TOP + "\nIntro.\n\n" + _markdown_table_of(columns))

    assert error.value.line == 6
    assert error.value.message == (
        f"table has {columns} columns; a table card shows its whole row, "
        f"so at most {MAX_TABLE_COLUMNS} are allowed"
    )


def test_a_markdown_table_as_wide_as_allowed_gives_a_card_per_cell():
    guide = parse_markdown_guide(TOP + "\n" + _markdown_table_of(MAX_TABLE_COLUMNS))

    assert len(guide.cards()) == MAX_TABLE_COLUMNS - 1


def test_a_long_heading_chain_keeps_the_headings_nearest_the_card_within_the_column():
    chain = "".join(
        f"{'#' * level} {letter * 120}\n\n"
        for level, letter in zip(range(3, 7), "ABCD", strict=True)
    )

    (card,) = parse_markdown_guide(TOP + chain + "- SQS: a queue\n").cards()

    assert card.context == f"… › {'C' * 120} › {'D' * 120}"
    assert len(card.context) <= CONTEXT_MAX_LENGTH


def test_a_heading_too_long_for_the_column_is_cut_with_an_ellipsis():
    (card,) = parse_markdown_guide(TOP + "### " + "H" * 400 + "\n\n- SQS: a queue\n").cards()

    assert card.context == "H" * (CONTEXT_MAX_LENGTH - 1) + "…"


def test_a_document_with_no_cards_is_refused():
    with pytest.raises(GuideError) as error:
        parse_markdown_guide("Just notes.\n\n# A heading\n\nMore prose.\n")

    assert error.value.line is None
    assert str(error.value).startswith("no cards found: ")
