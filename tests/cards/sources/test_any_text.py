"""Any text parses to a guide or fails with GuideError, never another exception."""

from hypothesis import given
from hypothesis import strategies as st

from cards.documents import fixture_from_document
from cards.sources import (
    GuideError,
    parse_document,
    parse_guide,
    parse_markdown_guide,
    read_document,
)

# --- Any text -------------------------------------------------------------------------------

# Lines that look like pieces of a guide, broken or whole, mixed with arbitrary text.
GUIDE_LIKE_LINES = st.one_of(
    st.sampled_from(
        [
            "Domain 1 Overview",
            "Develop things. More.",
            "⚡ 32% of scored content — Tag lineTitle Here",
            "⚡ 32% of scored content",
            "Short Title",
            "A description.",
            "- a skill",
            "-",
            "| A | B |",
            "|---|---|",
            "| x | 1 |",
            "x | 1 |",
            "| | |",
            "||",
            "Common traps:",
            '- "s" — FALSE; e',
            '- "s — x"',
            '- "s"',
            '"c" → a',
            '"c" →',
            "# Domain 1: T (3%)",
            "## S",
            "#",
            "```",
            "  continued",
            "",
            "(",
            "→",
            '"',
        ]
    ),
    st.text(max_size=12),
)


@given(st.lists(GUIDE_LIKE_LINES, max_size=14).map("\n".join))
def test_any_text_gives_a_guide_or_a_guide_error(text):
    for parse in (parse_guide, parse_markdown_guide, parse_document):
        try:
            guide = parse(text)
        except GuideError:
            continue
        cards = guide.cards()
        assert parse(text) == guide
        assert len({c.key for c in cards}) == len(cards)
        assert [c.position for c in cards] == list(range(len(cards)))


# --- Any notes file or deck -----------------------------------------------------------------

NOTE_LIKE_LINES = st.one_of(
    st.sampled_from(
        [
            "# Title",
            "## Part",
            "#### Deep",
            "- Term: definition",
            "- **Bold** — def",
            "  - child",
            "• Retention: 4 days",
            "Q: what?",
            "A: that",
            "Is it?",
            "- X → Y",
            "| a | b | c |",
            "|---|---|---|",
            "| | x | |",
            "| 1 | y | z |",
            "**Lead**: text",
            "#separator:tab",
            "#columns:Front\tBack",
            "#deck column:3",
            "front,back,section",
            "# ",
            "# Domain 1: T (30%)",
            'x,"y',
            "a\tb",
            "",
        ]
    ),
    st.text(max_size=12),
)


@given(
    st.lists(NOTE_LIKE_LINES, max_size=14).map("\n".join),
    st.sampled_from(["notes.md", "notes.txt", "deck.csv", "deck.tsv"]),
)
def test_any_notes_file_or_deck_gives_a_guide_or_a_guide_error(text, name):
    try:
        guide = read_document(name, text.encode())
    except GuideError:
        return
    cards = guide.cards()
    assert cards
    assert len({c.key for c in cards}) == len(cards)
    assert [c.position for c in cards] == list(range(len(cards)))
    assert all(card.prompt.strip() and card.answer.strip() for card in cards)
    # What a reader gives always makes a fixture that passes the fixture's own checks.
    assert fixture_from_document(name, text.encode()).fixture.cards
