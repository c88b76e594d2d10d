"""What every reader in cards.sources produces: a parsed topic of domains, sections and cards.

Pure Python, no Django. The fixture builder (cards.fixture) turns a ParsedGuide into the
versioned JSON fixture whatever format the document came in.
"""

from dataclasses import dataclass

VERDICTS = ("TRUE", "FALSE", "PARTIALLY TRUE", "CONTEXT-DEPENDENT")
KINDS = ("trap", "table", "scenario")


class GuideError(ValueError):
    """The document cannot be read as a guide; says on which line and what is wrong."""

    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


EXCERPT_LENGTH = 80


def excerpt(text: str) -> str:
    """The text quoted for an error message, cut short: the line number says where the rest is,
    and a message that repeats a 60 kB line helps no one."""
    if len(text) > EXCERPT_LENGTH:
        text = text[: EXCERPT_LENGTH - 1] + "…"
    return repr(text)


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
