"""CSV and TSV decks → a parsed topic of term cards (front → back).

Three shapes, told apart by their first lines:
- Anki's "Notes in Plain Text" export: header lines ``#separator:tab``, ``#html:true``,
  ``#columns:Front	Back	Tags``, ``#deck column:3`` … then one note per row;
- Quizlet's export: ``term<TAB>definition`` per line, no header (a line without a tab goes on
  the definition above it);
- a plain ``front,back[,section][,tags]`` file whose first row names the columns.
Sections come from the section column or the Anki deck (``Parent::Child``); without one, one
section named after the file. Tags are read and not used yet.
"""

import csv
import html
import io
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from cards.sources.builder import GuideBuilder
from cards.sources.html_text import html_to_text
from cards.sources.parsed import GuideError, ParsedGuide

_ANKI_HEADER_RE = re.compile(r"^#(?P<name>[a-z ]+):(?P<value>.*)$", re.IGNORECASE)
_ANKI_SEPARATORS = {
    "tab": "\t",
    "comma": ",",
    "semicolon": ";",
    "space": " ",
    "pipe": "|",
    "colon": ":",
}
HEADER_HELP = "a header row naming its columns: front,back[,section][,tags]"

# This app's own CSV export (cards.exports.csv): a plain deck whose header is exactly these.
EXPORT_COLUMNS = ("front", "back", "domain", "section", "kind", "key")
# A spreadsheet runs a cell starting with one of these as a formula (OWASP: CSV injection), so
# the export writes such a cell after a quote, which makes it text. A cell already starting with
# a quote gets one more, and a newline (what a carriage return reads back as) counts too, so
# that re-importing the export takes exactly one quote off and gives back the text it had.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "'")


def quote_formula(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def unquote_formula(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_STARTS) else cell


@dataclass
class _Deck:
    file_title: str
    builder: GuideBuilder = field(default_factory=GuideBuilder)
    # (domain, section) → rows (line, front, back, source), in order of first appearance.
    groups: dict[tuple[str, str], list[tuple[int, str, str, str]]] = field(default_factory=dict)

    def add(self, line: int, front: str, back: str, *, place: str, source: str) -> None:
        if not front:
            raise GuideError(line, "empty front: every card needs a question side")
        if not back:
            self.builder.warn(line, f"card {front[:40]!r} has an empty back: skipped")
            return
        parts = [part.strip() for part in place.split("::") if part.strip()]
        domain = parts[0] if len(parts) > 1 else self.file_title
        section = " › ".join(parts[1:]) if len(parts) > 1 else (parts[0] if parts else domain)
        self.groups.setdefault((domain, section), []).append((line, front, back, source))

    def build(self) -> ParsedGuide:
        if not self.groups:
            raise GuideError(None, "no cards found: the file has no rows with a front and a back")
        domains = list(dict.fromkeys(domain for domain, _ in self.groups))
        builder = self.builder
        for number, domain in enumerate(domains, start=1):
            base, extra = divmod(100, len(domains))
            builder.start_domain(number, domain, base + (1 if number <= extra else 0))
            for (group_domain, section), rows in self.groups.items():
                if group_domain != domain:
                    continue
                builder.start_section(rows[0][0], section)
                for line, front, back, source in rows:
                    builder.add_term(line, term=front, definition=back, source=source)
        guide = builder.build(no_domain_message="no cards found")
        return ParsedGuide(guide.domains, weighted=False, warnings=tuple(builder.warnings))


def looks_like_anki_text(text: str) -> bool:
    return bool(_ANKI_HEADER_RE.match(text.removeprefix("\ufeff").split("\n", 1)[0].strip()))


def looks_like_quizlet(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    return bool(lines) and sum("\t" in line for line in lines) >= max(1, len(lines) * 3 // 4)


def parse_csv(text: str, *, name: str) -> ParsedGuide:
    """Read a deck file already decoded from UTF-8 (the caller checks the encoding)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    _refuse_nul(text)
    deck = _Deck(PurePath(name).stem or name)
    tab_file = PurePath(name).suffix.lower() in (".tsv", ".txt")
    if looks_like_anki_text(text):
        _read_anki(text, deck)
    elif _first_row_is_header(text, "\t" if tab_file else _sniff(text)):
        _read_plain(text, deck, "\t" if tab_file else _sniff(text))
    elif tab_file or looks_like_quizlet(text):
        _read_quizlet(text, deck)
    else:
        raise GuideError(1, f"a CSV deck needs {HEADER_HELP} (first row: {_first_line(text)!r})")
    return deck.build()


def _refuse_nul(text: str) -> None:
    """A deck's cells become card text, which cannot hold a NUL character (PostgreSQL's text
    cannot): refused here, naming the file's line, rather than later as some card's field.
    Markdown notes need no such check: CommonMark reads a NUL as U+FFFD."""
    at = text.find("\x00")
    if at >= 0:
        line = text.count("\n", 0, at) + 1
        column = at - text.rfind("\n", 0, at)
        raise GuideError(
            line, f"a NUL character (\\u0000) at column {column}: a deck's text cannot hold one"
        )


def _sniff(text: str) -> str:
    first = _first_line(text)
    for delimiter in (",", "\t", ";"):
        if delimiter in first:
            return delimiter
    return ","


def _first_line(text: str) -> str:
    return text.split("\n", 1)[0][:80]


def _rows(text: str, delimiter: str, first_line: int) -> list[tuple[int, list[str]]]:
    """Rows with the line each starts on (a quoted field may span lines)."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows, start = [], first_line
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((start, row))
            start = first_line + reader.line_num
    except csv.Error as error:
        raise GuideError(start, f"not readable as CSV ({error})") from None
    return rows


def _first_row_is_header(text: str, delimiter: str) -> bool:
    rows = _rows(_first_line(text) + "\n", delimiter, 1)
    names = [cell.strip().casefold() for cell in rows[0][1]] if rows else []
    return "front" in names and "back" in names


def _plain_text(value: str) -> str:
    """A field as written (it may use the Markdown subset), entities decoded, lines kept."""
    lines = (" ".join(line.split()) for line in html.unescape(value).split("\n"))
    return "\n".join(line for line in lines if line)


def _check_width(line: int, row: list[str], width: int, what: str) -> None:
    if len(row) != width:
        raise GuideError(line, f"row has {len(row)} fields, {what} has {width}")


def _read_plain(text: str, deck: _Deck, delimiter: str) -> None:
    (_, header), *rows = _rows(text, delimiter, 1)
    names = [cell.strip().casefold() for cell in header]
    front, back = names.index("front"), names.index("back")
    section = names.index("section") if "section" in names else None
    # Only in the app's own export is a leading quote its escaping; elsewhere it is the text.
    own_export = tuple(names) == EXPORT_COLUMNS
    for line, row in rows:
        _check_width(line, row, len(names), "the header")
        if own_export:
            row = [unquote_formula(cell) for cell in row]
        deck.add(
            line,
            _plain_text(row[front]),
            _plain_text(row[back]),
            place=row[section].strip() if section is not None else "",
            source=delimiter.join(row),
        )


def _read_quizlet(text: str, deck: _Deck) -> None:
    pending: list = []
    for number, raw in enumerate(text.split("\n"), start=1):
        if "\t" in raw:
            if pending:
                deck.add(*pending[:3], place="", source=pending[3])
            term, definition = raw.split("\t", 1)
            pending = [number, _plain_text(term), _plain_text(definition), raw]
        elif raw.strip() and pending:  # Quizlet writes a definition's line breaks as they are
            pending[2] += "\n" + _plain_text(raw)
            pending[3] += "\n" + raw
        elif raw.strip():
            raise GuideError(number, "Quizlet line has no tab between term and definition")
    if pending:
        deck.add(*pending[:3], place="", source=pending[3])


def _read_anki(text: str, deck: _Deck) -> None:
    lines = text.split("\n")
    headers: dict[str, str] = {}
    count = 0
    while count < len(lines) and (match := _ANKI_HEADER_RE.match(lines[count].strip())):
        headers[match["name"].strip().casefold()] = match["value"].strip()
        count += 1
    separator = headers.get("separator", "tab")
    delimiter = _ANKI_SEPARATORS.get(separator.casefold(), separator)
    if len(delimiter) != 1:
        raise GuideError(1, f"#separator:{separator} is not one character or a separator name")
    as_html = headers.get("html", "false").casefold() == "true"
    meta = {
        int(headers[key]) - 1
        for key in ("deck column", "tags column", "notetype column", "guid column")
        if headers.get(key, "").isdigit()
    }
    deck_number = headers.get("deck column", "")
    deck_column = int(deck_number) - 1 if deck_number.isdigit() else None
    columns = headers["columns"].split(delimiter) if "columns" in headers else []
    rows = _rows("\n".join(lines[count:]), delimiter, count + 1)
    width = len(columns) if columns else (len(rows[0][1]) if rows else 0)
    fields = [i for i in range(width) if i not in meta]
    named = {name.strip().casefold(): i for i, name in enumerate(columns)}
    front = named.get("front", fields[0] if fields else 0)
    back = named.get("back", fields[1] if len(fields) > 1 else None)
    if back is None:
        raise GuideError(count + 1, "an Anki note needs two fields, a front and a back")
    if deck_column is not None and not 0 <= deck_column < width:
        raise GuideError(
            count, f"#deck column:{deck_number} names no column: the notes have {width} fields"
        )
    read = html_to_text if as_html else _plain_text
    for line, row in rows:
        _check_width(line, row, width, "#columns" if columns else "the first row")
        deck.add(
            line,
            read(row[front]),
            read(row[back]),
            place=row[deck_column] if deck_column is not None else "",
            source=delimiter.join(row),
        )
