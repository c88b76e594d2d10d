"""The study-guide parser: a guide document in, domains, sections and cards out.

Pure Python (standard library only, no Django) so it can be tested without a database and so
the fixture builder can run it anywhere. Two document shapes are understood:

- ``parse_guide``: the seed's shape, a plain-text dump of a web page with its quirks (section
  titles glued to the weight line, table rows that lost their leading pipe, lines broken where
  inline code was stripped, several list items glued onto one line);
- ``parse_markdown_guide``: a hand-written Markdown guide (``# Domain N: Title (NN%)``,
  ``## Section``, pipe tables, ``Common traps:`` lists, ``"cue" → answer`` lines).

``parse_document`` picks the right one. Both are deterministic: the same text always gives an
equal ``ParsedGuide`` with the same card keys.
"""

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

VERDICTS = ("TRUE", "FALSE", "PARTIALLY TRUE", "CONTEXT-DEPENDENT")
KINDS = ("trap", "table", "scenario")


class GuideError(ValueError):
    """The document cannot be read as a guide; says on which line and what is wrong."""

    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True)
class ParsedCard:
    key: str
    kind: str
    prompt: str
    answer: str
    explanation: str
    verdict: str
    source: str
    sibling: str
    position: int
    table_header: tuple[str, ...] = ()
    table_row: tuple[str, ...] = ()
    hidden_column: int | None = None


@dataclass(frozen=True)
class ParsedSection:
    position: int
    title: str
    cards: tuple[ParsedCard, ...]


@dataclass(frozen=True)
class ParsedDomain:
    number: int
    title: str
    weight: int
    sections: tuple[ParsedSection, ...]


@dataclass(frozen=True)
class ParsedGuide:
    domains: tuple[ParsedDomain, ...]

    def cards(self) -> list[ParsedCard]:
        return [
            card for domain in self.domains for section in domain.sections for card in section.cards
        ]


def parse_document(text: str) -> ParsedGuide:
    """Parse either shape: Markdown when a line is a ``# Domain N: ...`` heading."""
    if _MARKDOWN_DOMAIN_PROBE_RE.search(text):
        return parse_markdown_guide(text)
    return parse_guide(text)


# --------------------------------------------------------------------------------------------
# Collecting the guide: keys, siblings and positions are given in document order as cards arrive


def _identity_hash(text: str) -> str:
    # Whitespace and case do not change a card's identity, so re-wrapping a line keeps its key.
    normalised = " ".join(text.split()).casefold()
    return hashlib.sha1(normalised.encode(), usedforsecurity=False).hexdigest()[:10]


@dataclass
class _SectionDraft:
    title: str
    cards: list[ParsedCard] = field(default_factory=list)


@dataclass
class _DomainDraft:
    number: int
    title: str
    weight: int
    sections: list[_SectionDraft] = field(default_factory=list)


class _GuideBuilder:
    def __init__(self) -> None:
        self._domains: list[_DomainDraft] = []
        self._key_uses: Counter[str] = Counter()
        self._sibling_uses: Counter[str] = Counter()
        self._position = 0

    def start_domain(self, number: int, title: str, weight: int) -> None:
        self._domains.append(_DomainDraft(number, title, weight))

    def start_section(self, line: int, title: str) -> None:
        if not self._domains:
            raise GuideError(line, f"section {title!r} comes before any domain")
        self._domains[-1].sections.append(_SectionDraft(title))

    def add_trap(
        self, line: int, *, statement: str, verdict: str, explanation: str, source: str
    ) -> None:
        self._add(
            line,
            kind="trap",
            identity=statement,
            prompt=statement,
            answer=verdict,
            explanation=explanation,
            verdict=verdict,
            source=source,
        )

    def add_scenario(self, line: int, *, cue: str, answer: str, source: str) -> None:
        self._add(line, kind="scenario", identity=cue, prompt=cue, answer=answer, source=source)

    def add_table_row(
        self, line: int, *, header: tuple[str, ...], row: tuple[str, ...], source: str
    ) -> None:
        """One card per non-empty cell outside the first column; the row's cards are siblings."""
        self._require_section(line)
        sibling = _unique(
            "row-" + _identity_hash("|".join(header) + "|" + row[0]), self._sibling_uses
        )
        for column in range(1, len(row)):
            if not row[column]:
                continue
            self._add(
                line,
                kind="table",
                identity="|".join(header) + "|" + row[0] + "|" + header[column],
                prompt=_table_prompt(header, row, column),
                answer=row[column],
                source=source,
                sibling=sibling,
                table_header=header,
                table_row=row,
                hidden_column=column,
            )

    def build(self, *, no_domain_message: str) -> ParsedGuide:
        if not self._domains:
            raise GuideError(1, no_domain_message)
        return ParsedGuide(
            domains=tuple(
                ParsedDomain(
                    number=domain.number,
                    title=domain.title,
                    weight=domain.weight,
                    sections=tuple(
                        ParsedSection(position, section.title, tuple(section.cards))
                        for position, section in enumerate(domain.sections, start=1)
                    ),
                )
                for domain in self._domains
            )
        )

    def _require_section(self, line: int) -> _SectionDraft:
        if not self._domains or not self._domains[-1].sections:
            raise GuideError(line, "card comes before any section")
        return self._domains[-1].sections[-1]

    def _add(self, line: int, *, kind: str, identity: str, **fields: object) -> None:
        section = self._require_section(line)
        fields.setdefault("explanation", "")
        fields.setdefault("verdict", "")
        fields.setdefault("sibling", "")
        key = _unique(f"{kind}-{_identity_hash(identity)}", self._key_uses)
        section.cards.append(ParsedCard(key=key, kind=kind, position=self._position, **fields))
        self._position += 1


def _unique(base: str, uses: Counter[str]) -> str:
    # The same identity twice in one document: later ones get -2, -3, ... in document order.
    uses[base] += 1
    return base if uses[base] == 1 else f"{base}-{uses[base]}"


def _table_prompt(header: tuple[str, ...], row: tuple[str, ...], column: int) -> str:
    """A one-line question, e.g. "Feature: Cost — HTTP API?" (or "Sort Key — GSI?")."""
    subject = f"{header[0]}: {row[0]}" if header[0] else row[0]
    column_name = header[column] or f"column {column + 1}"
    return f"{subject} — {column_name}?"


# --------------------------------------------------------------------------------------------
# Pieces both shapes share: trap items, verdicts, scenario cues, table cells

_OPEN_QUOTE = '"“'
_CLOSE_QUOTE = '"”'

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
    rf"^[{_OPEN_QUOTE}](?P<statement>.+?)[{_CLOSE_QUOTE}]\s*(?:—|–|--|-)\s*(?P<rest>.*)$"
)
# An item whose closing quote slipped to the end, taking the verdict or explanation with it:
# "!ImportValue creates a hard dependency — if the exporting stack tries ... first."
_WHOLLY_QUOTED_ITEM_RE = re.compile(rf"^[{_OPEN_QUOTE}](?P<body>.+)[{_CLOSE_QUOTE}]$")
_DASH_RE = re.compile(r"\s+(?:—|–|--)\s+")

_CUE_RE = re.compile(
    rf"[{_OPEN_QUOTE}](?P<cue>[^{_OPEN_QUOTE}{_CLOSE_QUOTE}\n]+)[{_CLOSE_QUOTE}]\s*→"
)
_ABBREVIATIONS_ENDING_IN_PERIOD = ("e.g.", "i.e.", "etc.", "vs.", "approx.")

_SEPARATOR_ROW_RE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")


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
            raise GuideError(line, f"trap item has no recognisable verdict: {item[:80]!r}")
        return statement, *read
    wholly_quoted = _WHOLLY_QUOTED_ITEM_RE.match(item)
    if wholly_quoted and _DASH_RE.search(wholly_quoted["body"]):
        statement, rest = _DASH_RE.split(wholly_quoted["body"], maxsplit=1)
        # A verdict inside the quotes counts; with none, the item states a fact that the text
        # after the dash explains, so the statement is true.
        verdict, explanation = _read_verdict(rest) or ("TRUE", rest.strip())
        return statement, verdict, explanation
    raise GuideError(line, f"trap item has no recognisable verdict: {item[:80]!r}")


def _strip_sentence_end(text: str) -> str:
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
        answer = _strip_sentence_end(_collapse(text[match.end() : end]))
        if not answer:
            raise GuideError(line, f"scenario cue {cue!r} has no answer after its arrow")
        pairs.append((cue, answer))
    return pairs


def _split_cells(line: str) -> tuple[str, ...]:
    """Cells of a table row, with or without its outer pipes; "\\|" is a literal pipe."""
    text = line.strip()
    text = text.removeprefix("|")
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return tuple(_collapse(cell.replace("\\|", "|")) for cell in re.split(r"(?<!\\)\|", text))


def _is_separator_row(text: str) -> bool:
    return bool(_SEPARATOR_ROW_RE.match(text.strip()))


@dataclass(frozen=True)
class _Line:
    number: int  # the physical line it starts on, 1-based
    text: str  # stripped; for the seed, with broken continuation lines joined back on
    indented: bool = False  # Markdown: an indented line continues the list item above it


@dataclass(frozen=True)
class _Table:
    header: tuple[str, ...]
    rows: tuple[_Line, ...]


def _read_table(
    lines: Sequence[_Line],
    start: int,
    *,
    is_row: Callable[[str], bool],
    repair_header: Callable[[tuple[str, ...]], tuple[str, ...]] = lambda header: header,
) -> tuple[_Table, int]:
    """The table whose header is lines[start] (a separator follows it); returns the next index.

    The body ends at the first line that is not a row, or at a row followed by a separator:
    that row is the header of the next table, printed right after this one.
    """
    header_line, separator_line = lines[start], lines[start + 1]
    header = repair_header(_split_cells(header_line.text))
    if len(_split_cells(separator_line.text)) != len(header):
        raise GuideError(
            separator_line.number,
            f"table separator has {len(_split_cells(separator_line.text))} cells, "
            f"its header has {len(header)}",
        )
    index = start + 2
    rows: list[_Line] = []
    while (
        index < len(lines)
        and is_row(lines[index].text)
        and not _is_separator_row(lines[index].text)
        and not (index + 1 < len(lines) and _is_separator_row(lines[index + 1].text))
    ):
        cells = _split_cells(lines[index].text)
        if len(cells) != len(header):
            raise GuideError(
                lines[index].number,
                f"table row has {len(cells)} cells, its header has {len(header)}",
            )
        rows.append(lines[index])
        index += 1
    if not rows:
        raise GuideError(header_line.number, "table has a header but no rows")
    return _Table(header, tuple(rows)), index


def _add_table(builder: _GuideBuilder, table: _Table) -> None:
    for row in table.rows:
        builder.add_table_row(
            row.number, header=table.header, row=_split_cells(row.text), source=row.text
        )


def _add_scenarios(builder: _GuideBuilder, line: _Line) -> None:
    for cue, answer in _scenario_cues(line.text, line.number):
        builder.add_scenario(line.number, cue=cue, answer=answer, source=line.text)


def _add_trap(builder: _GuideBuilder, item: str, line: int) -> None:
    statement, verdict, explanation = _parse_trap_item(item, line)
    builder.add_trap(
        line, statement=statement, verdict=verdict, explanation=explanation, source=item
    )


# --------------------------------------------------------------------------------------------
# The seed's shape: a text dump of the study-guide web page

_SEED_DOMAIN_RE = re.compile(r"^Domain (?P<number>\d+) Overview$")
_SEED_WEIGHT_RE = re.compile(r"(?P<weight>\d{1,3})\s*% of scored content(?P<rest>.*)$")
_TRAPS_MARKER_RE = re.compile(r"^\**Common traps:?\**$", re.IGNORECASE)
_TRAP_BULLET = ('- "', "- “")
_GLUED_TRAP_RE = re.compile(r"\s+-\s+(?=[\"“])")
# The page's first task statement follows the weight with a tagline glued on: "— Highest
# weighted domainDevelop Code ..."; the title starts at the lower-to-upper case seam.
_GLUED_WORDS_SEAM_RE = re.compile(r"[a-z](?=[A-Z])")

# Where inline code was stripped, the dump broke the line; these tell that a line goes on.
_DANGLING_ENDINGS = ("—", "–", ":", "(", "[", "{", ",", "→", "=")
_DANGLING_WORDS = frozenset(
    {
        *("a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "via"),
        *("into", "onto", "like", "after", "before", "than", "as", "and", "or", "but", "nor"),
        *("has", "have", "is", "are", "was", "were", "be"),
    }
)
_CODE_CHARACTERS = frozenset("_:(){}[]→=$@,")
_NOT_CONTINUATIONS = ("- ", "|", "#", "//", "⚡", *_OPEN_QUOTE)
_TITLE_MAX_WORDS = 12


def parse_guide(text: str) -> ParsedGuide:
    """Parse the seed's shape: "Domain N Overview" pages with task statements, tables,
    "Common traps:" lists and quoted scenario cues."""
    lines = _join_broken_lines(text.removeprefix("\ufeff").splitlines())
    texts = [line.text for line in lines]
    builder = _GuideBuilder()
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.text:
            index += 1
        elif domain := _SEED_DOMAIN_RE.match(line.text):
            index = _read_seed_domain(lines, index, int(domain["number"]), builder)
        elif _is_section_title(texts, index):
            builder.start_section(line.number, line.text)
            index += 1
        elif _is_seed_table_header(texts, index):
            table, index = _read_table(
                lines, index, is_row=_is_seed_row, repair_header=_unshift_comparison_header
            )
            _add_table(builder, table)
        elif _TRAPS_MARKER_RE.match(line.text):
            index = _read_seed_traps(lines, index, builder)
        else:
            _add_scenarios(builder, line)
            index += 1
    return builder.build(no_domain_message="no 'Domain N Overview' line found: not a guide")


def _join_broken_lines(physical: Sequence[str]) -> list[_Line]:
    """Join lines that continue a list item back onto it (the seed broke lines at inline code).

    Several list items may end up on one line ("... - 3. AWS credentials file — ..."); that is
    how the page glued them, and the trap reader splits trap items apart again.
    """
    stripped = [line.strip() for line in physical]
    joined: list[_Line] = []
    for index, text in enumerate(stripped):
        previous = joined[-1].text if joined else ""
        if previous.startswith("- ") and _continues(previous, text, stripped, index):
            separator = "" if previous.endswith(("(", "[", "{")) else " "
            joined[-1] = _Line(joined[-1].number, previous + separator + text)
        else:
            joined.append(_Line(index + 1, text))
    return joined


def _continues(item: str, text: str, lines: Sequence[str], index: int) -> bool:
    """Whether `text` (lines[index]) carries on the list item `item` rather than starting anew."""
    if (
        not text
        or text.startswith(_NOT_CONTINUATIONS)
        or text.endswith("|")
        or _TRAPS_MARKER_RE.match(text)
        or _SEED_DOMAIN_RE.match(text)
        or _is_section_title(lines, index)
    ):
        return False
    if _ends_dangling(item) or _starts_like_code(text):
        return True
    # "- Decryption: Call" / "Decryptwith the encrypted DEK → ...": neither part is a whole
    # sentence on its own (a new paragraph ends with a full stop).
    return not _ends_sentence(item) and not _ends_sentence(text)


def _ends_dangling(text: str) -> bool:
    last_word = text.split()[-1].casefold()
    return text.endswith(_DANGLING_ENDINGS) or last_word in _DANGLING_WORDS


def _starts_like_code(text: str) -> bool:
    # Prose starts with a capitalised word; code ("maxReceiveCount", "~/.aws/config",
    # "AWS_ACCESS_KEY_ID,...", "429", "{...}") starts with anything else.
    first = text.split()[0].rstrip(".;!?")
    return bool(first) and (
        not first[0].isalpha()
        or first[0].islower()
        or any(character in _CODE_CHARACTERS for character in first.rstrip(",)"))
    )


def _ends_sentence(text: str) -> bool:
    return text.rstrip('"”').endswith((".", "!", "?"))


def _is_section_title(texts: Sequence[str], index: int) -> bool:
    """A task statement: a short title line, a one-line description, then a "- " skills list."""
    if index + 2 >= len(texts):
        return False
    title, description, first_skill = texts[index : index + 3]
    return (
        _looks_like_title(title)
        and bool(description)
        and not description.startswith(_NOT_CONTINUATIONS)
        and not description.endswith("|")
        and first_skill.startswith("- ")
    )


def _looks_like_title(text: str) -> bool:
    return (
        0 < len(text.split()) <= _TITLE_MAX_WORDS
        and text[0].isupper()
        and not text.endswith((".", ":", ";", ",", "!", "?", "|"))
        and not any(character in text for character in '|→="“”')
    )


def _read_seed_domain(
    lines: Sequence[_Line], index: int, number: int, builder: _GuideBuilder
) -> int:
    """'Domain N Overview', its overview paragraph, then the weight line (maybe with the first
    task statement's title glued on). Returns the index after the weight line."""
    header = lines[index]
    if index + 1 >= len(lines) or not lines[index + 1].text:
        raise GuideError(header.number, f"Domain {number} has no overview paragraph after it")
    overview = lines[index + 1]
    weight_line = lines[index + 2] if index + 2 < len(lines) else None
    weight = _SEED_WEIGHT_RE.search(weight_line.text) if weight_line else None
    if weight is None:
        where = weight_line.number if weight_line else overview.number
        raise GuideError(where, f"Domain {number} has no 'NN% of scored content' weight line")
    builder.start_domain(number, _first_sentence(overview.text), int(weight["weight"]))
    glued_title = _glued_section_title(weight["rest"])
    if glued_title:
        builder.start_section(weight_line.number, glued_title)
    return index + 3


def _first_sentence(text: str) -> str:
    sentence = re.match(r"^(.+?[.!?])(?:\s|$)", text)
    return _strip_sentence_end(sentence[1] if sentence else text)


def _glued_section_title(rest: str) -> str:
    rest = rest.strip()
    if rest.startswith(("—", "–", "-")):
        seam = _GLUED_WORDS_SEAM_RE.search(rest)
        rest = rest[seam.end() :] if seam else ""
    return rest.strip()


def _is_seed_table_header(texts: Sequence[str], index: int) -> bool:
    return (
        index + 1 < len(texts)
        and _is_seed_row(texts[index])
        and not _is_separator_row(texts[index])
        and _is_separator_row(texts[index + 1])
    )


def _is_seed_row(text: str) -> bool:
    # Some rows lost their leading pipe ("AssumeRole | Cross-account ... |") but kept the rest.
    return text.startswith("|") or (text.endswith("|") and "|" in text[:-1])


def _unshift_comparison_header(header: tuple[str, ...]) -> tuple[str, ...]:
    # "| Choreography | Orchestration | |": the blank corner cell moved to the end; put it back
    # so the names sit over the columns they head.
    if len(header) > 1 and header[0] and not header[-1]:
        return ("", *header[:-1])
    return header


def _read_seed_traps(lines: Sequence[_Line], index: int, builder: _GuideBuilder) -> int:
    marker = lines[index]
    index += 1
    first_item = index
    while index < len(lines) and lines[index].text.startswith(_TRAP_BULLET):
        line = lines[index]
        # Items the page glued onto one line: '... retried first. - "SNS stores ..." — FALSE; ...'
        for item in _GLUED_TRAP_RE.split(line.text[2:]):
            _add_trap(builder, item, line.number)
        index += 1
    if index == first_item:
        raise GuideError(marker.number, "'Common traps:' is not followed by any trap item")
    return index


# --------------------------------------------------------------------------------------------
# Hand-written Markdown guides

_MARKDOWN_DOMAIN_PROBE_RE = re.compile(r"^# Domain \d+:", re.MULTILINE)
_MARKDOWN_HEADING_RE = re.compile(r"^(?P<level>#{1,6})(?:\s+(?P<text>.*?))?\s*$")
_MARKDOWN_DOMAIN_RE = re.compile(
    r"^Domain\s+(?P<number>\d+)\s*:\s*(?P<title>.+?)\s*\(\s*(?P<weight>\d{1,3})\s*%\s*\)$"
)
_FENCE = ("```", "~~~")


def parse_markdown_guide(text: str) -> ParsedGuide:
    """Parse a hand-written Markdown guide.

    ``# Domain N: Title (NN%)`` starts a domain, ``## Title`` a section; pipe tables, a
    ``Common traps:`` line followed by ``- "statement" — VERDICT; explanation`` items, and
    ``"cue" → answer`` pairs become cards. Other paragraphs, bullets and fenced code are prose.
    """
    lines = _markdown_lines(text.removeprefix("\ufeff"))
    builder = _GuideBuilder()
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.text:
            index += 1
        elif heading := _MARKDOWN_HEADING_RE.match(line.text):
            _read_markdown_heading(line, heading, builder)
            index += 1
        elif line.text.startswith("|"):
            if index + 1 >= len(lines) or not _is_separator_row(lines[index + 1].text):
                raise GuideError(line.number, "table header is not followed by a |---| line")
            table, index = _read_table(lines, index, is_row=lambda row: row.startswith("|"))
            _add_table(builder, table)
        elif _TRAPS_MARKER_RE.match(line.text):
            index = _read_markdown_traps(lines, index, builder)
        else:
            _add_scenarios(builder, line)
            index += 1
    return builder.build(no_domain_message="no '# Domain N: Title (NN%)' heading found")


def _markdown_lines(text: str) -> list[_Line]:
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
        lines.append(_Line(number, stripped, indented=raw[:1] in (" ", "\t")))
    return lines


def _read_markdown_heading(line: _Line, heading: re.Match[str], builder: _GuideBuilder) -> None:
    level, title = len(heading["level"]), heading["text"] or ""
    if level == 1:
        domain = _MARKDOWN_DOMAIN_RE.match(title)
        if domain is None:
            raise GuideError(line.number, f"heading {line.text!r} is not '# Domain N: Title (NN%)'")
        builder.start_domain(int(domain["number"]), domain["title"], int(domain["weight"]))
    elif level == 2 and title:
        builder.start_section(line.number, title)
    else:
        raise GuideError(
            line.number,
            f"heading {line.text!r} is neither '# Domain N: Title (NN%)' nor '## Section title'",
        )


def _read_markdown_traps(lines: Sequence[_Line], index: int, builder: _GuideBuilder) -> int:
    """The '- "statement" — VERDICT; explanation' items after 'Common traps:'.

    Blank lines may sit between items; an indented line continues the item above it.
    """
    marker = lines[index]
    items: list[tuple[int, str]] = []
    index += 1
    while index < len(lines):
        text = lines[index].text
        if text.startswith(_TRAP_BULLET):
            items.append((lines[index].number, text[2:]))
        elif lines[index].indented and items and not text.startswith("- "):
            items[-1] = (items[-1][0], items[-1][1] + " " + text)
        elif text:
            break
        index += 1
    if not items:
        raise GuideError(marker.number, "'Common traps:' is not followed by any trap item")
    for number, item in items:
        _add_trap(builder, item, number)
    return index
