"""Pieces the guide shapes share: trap items and their verdicts, scenario cues, pipe tables."""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cards.sources.builder import GuideBuilder
from cards.sources.parsed import VERDICTS, GuideError, excerpt

TRAPS_MARKER_RE = re.compile(r"^\**Common traps:?\**$", re.IGNORECASE)
TRAP_BULLET = ('- "', "- “")

OPEN_QUOTE = '"“'
CLOSE_QUOTE = '"”'

# First rule that matches the start of the verdict text wins, so the specific come first.
_VERDICT_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), verdict)
    for pattern, verdict in (
        (r"PARTIALLY TRUE\b", "PARTIALLY TRUE"),
        (r"PARTIALLY\b", "PARTIALLY TRUE"),
        (r"CONTEXT[- ]DEPENDENT\b", "CONTEXT-DEPENDENT"),
        # "TRUE only if your partition key ..." holds only under a condition.
        (r"TRUE only (?:if|when)\b", "PARTIALLY TRUE"),
        # "technically possible but ...", "conceptually similar but ...": true in one sense only.
        (r"[a-z]+ly [a-z-]+ but\b", "PARTIALLY TRUE"),
        # "FALSE without ...", "FALSE when ...", "FALSE (post-2020)" are still false.
        (r"FALSE\b", "FALSE"),
        # "TRUE via Resource Import, but ...", "TRUE — this is actually ..." are still true.
        (r"TRUE\b", "TRUE"),
    )
)
_BARE_VERDICT_WORDS = frozenset({*VERDICTS, "PARTIALLY", "CONTEXT DEPENDENT"})
# After a bare verdict word, the separator before the explanation.
_PLAIN_VERDICT_END_RE = re.compile(r"\s*(?:[;:.—–]|--|$)\s*")

_TRAP_ITEM_RE = re.compile(
    rf"^[{OPEN_QUOTE}](?P<statement>.+?)[{CLOSE_QUOTE}]\s*(?:—|–|--|-)\s*(?P<rest>.*)$"
)
# An item whose closing quote slipped to the end, taking the verdict or explanation with it:
# "!ImportValue creates a hard dependency — if the exporting stack tries ... first."
_WHOLLY_QUOTED_ITEM_RE = re.compile(rf"^[{OPEN_QUOTE}](?P<body>.+)[{CLOSE_QUOTE}]$")
# (?<!\s): a match starts only where a run of spaces does. Tried from every space of a long run,
# each attempt would scan the rest of the run again: quadratic in the run's length.
_DASH_RE = re.compile(r"(?<!\s)\s+(?:—|–|--)\s+")

_CUE_RE = re.compile(rf"[{OPEN_QUOTE}](?P<cue>[^{OPEN_QUOTE}{CLOSE_QUOTE}\n]+)[{CLOSE_QUOTE}]\s*→")
_ABBREVIATIONS_ENDING_IN_PERIOD = ("e.g.", "i.e.", "etc.", "vs.", "approx.")

# `*+`: a row splits into cells one way only, so keeping a way back into every cell (the
# engine's memory grows with each, and a 100,000-cell row slowed it fivefold) buys nothing.
_SEPARATOR_ROW_RE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*+\|?$")
# Every card of a row carries the whole row, so a row of k cells costs k times its length: a
# bound keeps that linear. Real study tables have a handful of columns.
MAX_TABLE_COLUMNS = 20
# A domain number is a small count; Python refuses to convert 4,300+ digits (and takes
# quadratic time to get there).
_MAX_NUMBER_DIGITS = 9


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _read_verdict(text: str) -> tuple[str, str] | None:
    """(normalised verdict, explanation) from the text after a trap's statement, or None.

    A bare verdict ("FALSE; why") keeps only the text after its separator as the explanation;
    a qualified one ("TRUE only if ...", "FALSE without ...") keeps the whole original wording,
    since the qualification is part of the answer.
    """
    for pattern, verdict in _VERDICT_RULES:
        match = pattern.match(text)
        if not match:
            continue
        bare = _PLAIN_VERDICT_END_RE.match(text, match.end())
        if bare and match.group().upper() in _BARE_VERDICT_WORDS:
            return verdict, text[bare.end() :].strip()
        return verdict, text.strip()
    return None


def _parse_trap_item(item: str, line: int) -> tuple[str, str, str]:
    """(statement, verdict, explanation) from '"statement" — VERDICT; explanation'."""
    item = _collapse(item)
    match = _TRAP_ITEM_RE.match(item)
    if match:
        statement, rest = match["statement"], match["rest"]
        read = _read_verdict(rest)
        if read is None:
            raise GuideError(line, f"trap item has no recognisable verdict: {excerpt(item)}")
        return statement, *read
    wholly_quoted = _WHOLLY_QUOTED_ITEM_RE.match(item)
    if wholly_quoted and _DASH_RE.search(wholly_quoted["body"]):
        statement, rest = _DASH_RE.split(wholly_quoted["body"], maxsplit=1)
        # A verdict inside the quotes counts; with none, the item states a fact that the text
        # after the dash explains, so the statement is true.
        verdict, explanation = _read_verdict(rest) or ("TRUE", rest.strip())
        return statement, verdict, explanation
    raise GuideError(line, f"trap item has no recognisable verdict: {excerpt(item)}")


def strip_sentence_end(text: str) -> str:
    if text.endswith(".") and not text.endswith(("..", *_ABBREVIATIONS_ENDING_IN_PERIOD)):
        return text[:-1].rstrip()
    return text


def _scenario_cues(text: str, line: int) -> list[tuple[str, str]]:
    """(cue, answer) pairs of '"cue" → answer' in a line; unquoted arrows are not cues.

    An answer runs from its arrow up to the next quoted cue (or the end of the line).
    """
    matches = list(_CUE_RE.finditer(text))
    pairs = []
    for number, match in enumerate(matches):
        end = matches[number + 1].start() if number + 1 < len(matches) else len(text)
        cue = _collapse(match["cue"])
        answer = strip_sentence_end(_collapse(text[match.end() : end]))
        if not answer:
            raise GuideError(line, f"scenario cue {excerpt(cue)} has no answer after its arrow")
        pairs.append((cue, answer))
    return pairs


def split_cells(line: str) -> tuple[str, ...]:
    """Cells of a table row, with or without its outer pipes; "\\|" is a literal pipe."""
    text = line.strip()
    text = text.removeprefix("|")
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return tuple(_collapse(cell.replace("\\|", "|")) for cell in re.split(r"(?<!\\)\|", text))


def is_separator_row(text: str) -> bool:
    return bool(_SEPARATOR_ROW_RE.match(text.strip()))


@dataclass(frozen=True)
class Line:
    number: int  # the physical line it starts on, 1-based
    text: str  # stripped; for the seed, with broken continuation lines joined back on
    indented: bool = False  # Markdown: an indented line continues the list item above it


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[Line, ...]


def check_table_width(line: int, columns: int) -> None:
    """Refuses a table too wide for its cards; `line` is its header's."""
    if columns > MAX_TABLE_COLUMNS:
        raise GuideError(
            line,
            f"table has {columns} columns; a table card shows its whole row, "
            f"so at most {MAX_TABLE_COLUMNS} are allowed",
        )


def read_table(
    lines: Sequence[Line],
    start: int,
    *,
    is_row: Callable[[str], bool],
    repair_header: Callable[[tuple[str, ...]], tuple[str, ...]] = lambda header: header,
) -> tuple[Table, int]:
    """The table whose header is lines[start] (a separator follows it); returns the next index.

    The body ends at the first line that is not a row, or at a row followed by a separator:
    that row is the header of the next table, printed right after this one.
    """
    header_line, separator_line = lines[start], lines[start + 1]
    header = repair_header(split_cells(header_line.text))
    check_table_width(header_line.number, len(header))
    if len(split_cells(separator_line.text)) != len(header):
        raise GuideError(
            separator_line.number,
            f"table separator has {len(split_cells(separator_line.text))} cells, "
            f"its header has {len(header)}",
        )
    index = start + 2
    rows: list[Line] = []
    while (
        index < len(lines)
        and is_row(lines[index].text)
        and not is_separator_row(lines[index].text)
        and not (index + 1 < len(lines) and is_separator_row(lines[index + 1].text))
    ):
        cells = split_cells(lines[index].text)
        if len(cells) != len(header):
            raise GuideError(
                lines[index].number,
                f"table row has {len(cells)} cells, its header has {len(header)}",
            )
        rows.append(lines[index])
        index += 1
    if not rows:
        raise GuideError(header_line.number, "table has a header but no rows")
    return Table(header, tuple(rows)), index


def read_domain_number(digits: str, line: int) -> int:
    if len(digits) > _MAX_NUMBER_DIGITS:
        raise GuideError(line, f"domain number {excerpt(digits)} is too large")
    return int(digits)


def add_table(builder: GuideBuilder, table: Table, *, subject: str = "") -> None:
    for row in table.rows:
        builder.add_table_row(
            row.number,
            header=table.header,
            row=split_cells(row.text),
            source=row.text,
            subject=subject,
        )


def add_scenarios(builder: GuideBuilder, line: Line) -> None:
    for cue, answer in _scenario_cues(line.text, line.number):
        builder.add_scenario(line.number, cue=cue, answer=answer, source=line.text)


def add_trap(builder: GuideBuilder, item: str, line: int) -> None:
    statement, verdict, explanation = _parse_trap_item(item, line)
    builder.add_trap(
        line, statement=statement, verdict=verdict, explanation=explanation, source=item
    )
