"""Hand-written Markdown guides: ``# Domain N: Title (NN%)``, ``## Section``, pipe tables,
``Common traps:`` lists and ``"cue" → answer`` lines."""

import re
from collections.abc import Sequence

from cards.sources.builder import GuideBuilder
from cards.sources.guide_parts import (
    TRAP_BULLET,
    TRAPS_MARKER_RE,
    Line,
    add_scenarios,
    add_table,
    add_trap,
    is_separator_row,
    read_domain_number,
    read_table,
)
from cards.sources.parsed import GuideError, ParsedGuide, excerpt

# Text and title start and end on a non-space: a lazy `.*?` followed by `\s*` would rescan a run
# of spaces from each of its positions (quadratic, cubic after `:\s*`) before failing.
_MARKDOWN_HEADING_RE = re.compile(r"^(?P<level>#{1,6})(?:\s+(?P<text>\S(?:.*\S)?))?\s*$")
_MARKDOWN_DOMAIN_RE = re.compile(
    r"^Domain\s+(?P<number>\d+)\s*:\s*(?P<title>\S(?:.*?\S)?)\s*\(\s*(?P<weight>\d{1,3})\s*%\s*\)$"
)
_FENCE = ("```", "~~~")


def parse_markdown_guide(text: str) -> ParsedGuide:
    """Parse a hand-written Markdown guide.

    ``# Domain N: Title (NN%)`` starts a domain, ``## Title`` a section; pipe tables, a
    ``Common traps:`` line followed by ``- "statement" — VERDICT; explanation`` items, and
    ``"cue" → answer`` pairs become cards. Other paragraphs, bullets and fenced code are prose.
    """
    lines = _markdown_lines(text.removeprefix("\ufeff"))
    builder = GuideBuilder()
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.text:
            index += 1
        elif heading := _MARKDOWN_HEADING_RE.match(line.text):
            _read_markdown_heading(line, heading, builder)
            index += 1
        elif line.text.startswith("|"):
            if index + 1 >= len(lines) or not is_separator_row(lines[index + 1].text):
                raise GuideError(line.number, "table header is not followed by a |---| line")
            table, index = read_table(lines, index, is_row=lambda row: row.startswith("|"))
            add_table(builder, table)
        elif TRAPS_MARKER_RE.match(line.text):
            index = _read_markdown_traps(lines, index, builder)
        else:
            add_scenarios(builder, line)
            index += 1
    return builder.build(no_domain_message="no '# Domain N: Title (NN%)' heading found")


def _markdown_lines(text: str) -> list[Line]:
    """Stripped lines, with fenced code blanked out (a '#' in code is not a heading)."""
    lines = []
    in_fence = False
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith(_FENCE):
            in_fence = not in_fence
            stripped = ""
        elif in_fence:
            stripped = ""
        lines.append(Line(number, stripped, indented=raw[:1] in (" ", "\t")))
    return lines


def _read_markdown_heading(line: Line, heading: re.Match[str], builder: GuideBuilder) -> None:
    level, title = len(heading["level"]), heading["text"] or ""
    if level == 1:
        domain = _MARKDOWN_DOMAIN_RE.match(title)
        if domain is None:
            raise GuideError(
                line.number, f"heading {excerpt(line.text)} is not '# Domain N: Title (NN%)'"
            )
        number = read_domain_number(domain["number"], line.number)
        builder.start_domain(number, domain["title"], int(domain["weight"]))
    elif level == 2 and title:
        builder.start_section(line.number, title)
    else:
        raise GuideError(
            line.number,
            f"heading {excerpt(line.text)} is neither '# Domain N: Title (NN%)' "
            "nor '## Section title'",
        )


def _read_markdown_traps(lines: Sequence[Line], index: int, builder: GuideBuilder) -> int:
    """The '- "statement" — VERDICT; explanation' items after 'Common traps:'.

    Blank lines may sit between items; an indented line continues the item above it.
    """
    marker = lines[index]
    # Each item's lines, joined once at the end: re-joining per line is quadratic.
    items: list[tuple[int, list[str]]] = []
    index += 1
    while index < len(lines):
        text = lines[index].text
        if text.startswith(TRAP_BULLET):
            items.append((lines[index].number, [text[2:]]))
        elif lines[index].indented and items and not text.startswith("- "):
            items[-1][1].append(text)
        elif text:
            break
        index += 1
    if not items:
        raise GuideError(marker.number, "'Common traps:' is not followed by any trap item")
    for number, item_lines in items:
        add_trap(builder, " ".join(item_lines), number)
    return index
