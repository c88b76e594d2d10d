"""Readers that turn a document into a parsed topic, one module per input format.

Every reader is pure Python (no Django) and returns the same ParsedGuide, so everything after
it (fixture, validation, import) is shared by every format. ``read_document`` takes a file's
name and bytes and picks the reader by extension and content; ``parse_document`` does the same
for text already known to be a guide (the seed's shape or Markdown).
"""

import re
from dataclasses import replace
from pathlib import PurePath

from cards.sources.anki import read_anki_package
from cards.sources.anki_package import AnkiPackageError
from cards.sources.csv import looks_like_anki_text, looks_like_quizlet, parse_csv
from cards.sources.markdown import parse_markdown, parse_markdown_guide
from cards.sources.parsed import (
    KINDS,
    VERDICTS,
    GuideError,
    ParsedCard,
    ParsedDomain,
    ParsedGuide,
    ParsedSection,
)
from cards.sources.seed_text import parse_guide

__all__ = [
    "DOCUMENT_EXTENSIONS",
    "KINDS",
    "SHAPES",
    "VERDICTS",
    "GuideError",
    "ParsedCard",
    "ParsedDomain",
    "ParsedGuide",
    "ParsedSection",
    "decode",
    "parse_document",
    "parse_guide",
    "parse_markdown",
    "parse_markdown_guide",
    "read_document",
]

_SEED_DOMAIN_PROBE_RE = re.compile(r"^Domain \d+ Overview$", re.MULTILINE)
_MARKDOWN_DOMAIN_PROBE_RE = re.compile(r"^# Domain \d+:", re.MULTILINE)

DOCUMENT_EXTENSIONS = (".md", ".markdown", ".txt", ".csv", ".tsv", ".apkg")
SHAPES = (
    "Markdown notes (.md, .txt: headings, tables, 'Term: definition' bullets, Q:/A:, "
    "'\"cue\" → answer', 'Common traps:'), a CSV/TSV deck (.csv, .tsv: Anki's 'Notes in Plain "
    "Text' export, Quizlet's term<TAB>definition export, or front,back[,section][,tags] with a "
    "header row), an Anki package (.apkg), the seed's text dump (.txt), or a topic fixture "
    "(.json); see fixtures/README.md"
)


def decode(data: bytes) -> str:
    """UTF-8 text, with or without a byte-order mark; anything else is a GuideError."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise GuideError(None, "the file is UTF-16 text: save it as UTF-8 and upload it again")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GuideError(
            None,
            f"not UTF-8 text (byte {error.start} is {data[error.start : error.start + 1]!r}): "
            "save it as UTF-8 (in Excel: 'CSV UTF-8') and upload it again",
        ) from None


def read_document(name: str, data: bytes | str) -> ParsedGuide:
    """The parsed topic of any document spacecards reads, chosen by extension and content."""
    if PurePath(name).suffix.lower() == ".apkg":
        return _anki_package(data if isinstance(data, bytes) else data.encode())
    text = decode(data) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    suffix = PurePath(name).suffix.lower()
    if suffix in (".csv", ".tsv"):
        return parse_csv(text, name=name)
    if suffix in (".md", ".markdown"):
        return parse_markdown(text, name=name)
    if suffix == ".txt":
        if _SEED_DOMAIN_PROBE_RE.search(text) and not _MARKDOWN_DOMAIN_PROBE_RE.search(text):
            return parse_guide(text)
        if looks_like_anki_text(text) or looks_like_quizlet(text):
            return parse_csv(text, name=name)
        return parse_markdown(text, name=name)
    kind = f"a {suffix} file" if suffix else "a file without an extension"
    raise GuideError(None, f"cannot read {kind}: spacecards reads {SHAPES}")


def parse_document(text: str) -> ParsedGuide:
    """A guide's text: the seed's shape when it has "Domain N Overview" pages, else Markdown."""
    if _MARKDOWN_DOMAIN_PROBE_RE.search(text) or not _SEED_DOMAIN_PROBE_RE.search(text):
        return parse_markdown_guide(text)
    return parse_guide(text)


def _anki_package(data: bytes) -> ParsedGuide:
    try:
        package = read_anki_package(data)
    except AnkiPackageError as error:
        raise GuideError(None, str(error)) from None
    # A deck carries no exam weights: its decks count as the notes made them (weighted=False).
    return replace(
        package.guide,
        weighted=False,
        warnings=package.warnings,
        title=package.title,
        images=tuple(sorted(package.images.items())),
    )
