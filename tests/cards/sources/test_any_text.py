"""Any text parses to a guide or fails with GuideError, never another exception."""

from hypothesis import given
from hypothesis import strategies as st

from cards.sources import (
    GuideError,
    parse_document,
    parse_guide,
    parse_markdown_guide,
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
