"""What every reader in cards.sources produces: a parsed topic of domains, sections and cards.

Pure Python, no Django. The fixture builder (cards.fixture) turns a ParsedGuide into the
versioned JSON fixture whatever format the document came in.
"""

from dataclasses import dataclass

VERDICTS = ("TRUE", "FALSE", "PARTIALLY TRUE", "CONTEXT-DEPENDENT")
KINDS = ("trap", "table", "scenario", "term", "question")


class GuideError(ValueError):
    """The document cannot be read as a guide; says on which line and what is wrong.

    ``line`` is None when the problem is the whole document (no cards in it, an unknown shape).
    """

    def __init__(self, line: int | None, message: str):
        super().__init__(message if line is None else f"line {line}: {message}")
        self.line = line
        self.message = message


EXCERPT_LENGTH = 80

# A card's context line is stored in a column this long (cards.models.Card.context uses it).
CONTEXT_MAX_LENGTH = 300


def excerpt(text: str) -> str:
    """The text quoted for an error message, cut short: the line number says where the rest is,
    and a message that repeats a 60 kB line helps no one."""
    if len(text) > EXCERPT_LENGTH:
        text = text[: EXCERPT_LENGTH - 1] + "…"
    return repr(text)


@dataclass(frozen=True)
class QualityFlag:
    """Why a card is weak (cards.sources.quality names them), in words an editor can act on."""

    name: str
    why: str


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
    # What a table is about, from the sentence that introduces it in the guide ("" if none).
    table_subject: str = ""
    quality_flags: tuple[QualityFlag, ...] = ()
    # Headings deeper than the card's section, e.g. "Lambda › Layers": shown in its place line.
    context: str = ""
    # Kept from sources that tag their cards (Anki notes).
    tags: tuple[str, ...] = ()


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
    # False when the document gave no exam weights: the domains then share 100% equally.
    weighted: bool = True
    # What the reader skipped and why, each "line N: ..." (shown in the import's plan).
    warnings: tuple[str, ...] = ()
    # The document's own title (a single top heading), when it has one.
    title: str = ""
    # The images its cards show, by stored name (cards.sources.images): (name, bytes) pairs.
    images: tuple[tuple[str, bytes], ...] = ()

    def cards(self) -> list[ParsedCard]:
        return [
            card for domain in self.domains for section in domain.sections for card in section.cards
        ]
