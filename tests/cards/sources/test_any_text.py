"""Any text parses to a guide or fails with GuideError, never another exception."""

from hypothesis import example, given, settings
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

# The characters the patterns key on, and long runs of them: a line that makes a pattern
# backtrack shows up as a slow example (hypothesis' deadline) or as another exception.
ADVERSARIAL_CHARACTERS = ' \t-—–"“”|#→:;.()[]{}%*`~\\⚡0123456789aZ'
ADVERSARIAL_LINES = st.one_of(
    st.text(alphabet=ADVERSARIAL_CHARACTERS, max_size=200),
    st.builds(
        lambda start, run, times, end: start + run * times + end,
        st.sampled_from(
            ["", "Domain ", "# Domain ", "# Domain 1:", "## S", '- "s" — FALSE; e', '"c"', "|"]
        ),
        st.sampled_from([" ", "-", " -", '"', "“", "”", "|", "#", "# ", "9", "(", "a(", "| a "]),
        st.one_of(st.integers(min_value=0, max_value=50), st.integers(4_000, 6_000)),
        st.sampled_from(["", " Overview", ": T (3%)", "x", "|", '" →', ' - "s" — TRUE']),
    ),
)


def _parses_to_a_guide_or_fails_with_a_guide_error(text):
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


@given(st.lists(GUIDE_LIKE_LINES, max_size=14).map("\n".join))
def test_any_text_gives_a_guide_or_a_guide_error(text):
    _parses_to_a_guide_or_fails_with_a_guide_error(text)


@settings(deadline=1_000)  # a linear parse of these takes a few ms; a backtracking one, seconds
@given(st.lists(st.one_of(GUIDE_LIKE_LINES, ADVERSARIAL_LINES), max_size=14).map("\n".join))
@example("Domain " + "9" * 5_000 + " Overview\nDevelop.\n⚡ 32% of scored content")  # ValueError
@example("# Domain " + "9" * 5_000 + ": Develop (32%)")  # ValueError
@example("# Domain 1:" + " " * 2_000 + "Develop")  # seconds of backtracking
def test_text_of_long_runs_of_special_characters_gives_a_guide_or_a_guide_error(text):
    _parses_to_a_guide_or_fails_with_a_guide_error(text)
