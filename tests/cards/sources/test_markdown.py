"""Hand-written Markdown guides."""

import pytest

from cards.sources import (
    GuideError,
    parse_document,
    parse_guide,
    parse_markdown_guide,
)
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

- A bullet is prose, and so is an unquoted arrow: timeout → 15 min max.

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
    ("document", "line", "problem"),
    [
        pytest.param(TOP + "# Study notes\n", 3, "is not '# Domain N: Title", id="bad-h1"),
        pytest.param("# Domain 1: Develop\n", 1, "is not '# Domain N: Title", id="no-weight"),
        pytest.param("# Domain 1: (32%)\n", 1, "is not '# Domain N: Title", id="no-title"),
        pytest.param(
            "# Domain " + "9" * 5000 + ": Develop (32%)\n",
            1,
            "domain number '99999",
            id="number-too-large",
        ),
        pytest.param(TOP + "### Details\n", 3, "is neither", id="h3"),
        pytest.param("# Domain 1: Develop (32%)\n##\n", 2, "is neither", id="empty-h2"),
        pytest.param("## Messaging\n", 1, "comes before any domain", id="section-first"),
        pytest.param(
            '# Domain 1: Develop (32%)\n"Decouple" → SQS\n',
            2,
            "card comes before any section",
            id="card-before-section",
        ),
        pytest.param(
            TOP + "| A | B |\n|---|---|\n| x | 1 |\n| y | 2 | 3 |\n",
            6,
            "table row has 3 cells, its header has 2",
            id="row-cells",
        ),
        pytest.param(TOP + "| A | B |\n| x | 1 |\n", 3, "|---|", id="no-separator"),
        pytest.param(
            TOP + 'Common traps:\n- "Caching is free" — FALSE; no.\n- "Maybe so" — who knows\n',
            5,
            "trap item has no recognisable verdict",
            id="no-verdict",
        ),
        pytest.param(
            TOP + "Common traps:\nNothing here.\n",
            3,
            "not followed by any trap item",
            id="empty-traps",
        ),
        pytest.param(
            "Just notes.\n", 1, "no '# Domain N: Title (NN%)' heading found", id="no-domain"
        ),
    ],
)
def test_markdown_error_names_the_line_and_the_problem(document, line, problem):
    with pytest.raises(GuideError) as error:
        parse_markdown_guide(document)

    assert error.value.line == line
    assert problem in error.value.message
