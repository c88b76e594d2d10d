"""Collecting a parsed topic as a reader meets its parts in document order.

Keys, siblings and positions are given here, the same way for every source format, so the same
text always gives the same card keys.
"""

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from cards.sources.parsed import (
    CONTEXT_MAX_LENGTH,
    GuideError,
    ParsedCard,
    ParsedDomain,
    ParsedGuide,
    ParsedSection,
    excerpt,
)


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


class GuideBuilder:
    def __init__(self) -> None:
        self._domains: list[_DomainDraft] = []
        self._key_uses: Counter[str] = Counter()
        self._sibling_uses: Counter[str] = Counter()
        self._position = 0
        self.warnings: list[str] = []
        # Headings below the section level, shown with the cards under them.
        self.context = ""

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(f"line {line}: {message}")

    @property
    def card_count(self) -> int:
        return self._position

    @property
    def has_section(self) -> bool:
        return bool(self._domains and self._domains[-1].sections)

    def start_domain(self, number: int, title: str, weight: int) -> None:
        self._domains.append(_DomainDraft(number, title, weight))

    def start_section(self, line: int, title: str) -> None:
        if not self._domains:
            raise GuideError(line, f"section {excerpt(title)} comes before any domain")
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

    def add_term(self, line: int, *, term: str, definition: str, source: str) -> None:
        self._add(line, kind="term", identity=term, prompt=term, answer=definition, source=source)

    def add_question(self, line: int, *, question: str, answer: str, source: str) -> None:
        self._add(
            line, kind="question", identity=question, prompt=question, answer=answer, source=source
        )

    def add_table_row(
        self,
        line: int,
        *,
        header: tuple[str, ...],
        row: tuple[str, ...],
        source: str,
        subject: str = "",
    ) -> None:
        """One card per non-empty cell outside the first column; the row's cards are siblings.

        `subject` says what the table is about, as the guide introduces it (may be empty).
        """
        self._require_section(line)
        row_identity = "|".join(header) + "|" + row[0]
        sibling = _unique("row-" + _identity_hash(row_identity), self._sibling_uses)
        for column in range(1, len(row)):
            if not row[column]:
                continue
            self._add(
                line,
                kind="table",
                identity=row_identity + "|" + header[column],
                prompt=_table_prompt(header, row, column),
                answer=row[column],
                source=source,
                sibling=sibling,
                table_header=header,
                table_row=row,
                hidden_column=column,
                table_subject=subject,
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
        fields.setdefault("context", self.context)
        key = _unique(f"{kind}-{_identity_hash(identity)}", self._key_uses)
        section.cards.append(ParsedCard(key=key, kind=kind, position=self._position, **fields))
        self._position += 1


def context_line(headings: Sequence[str]) -> str:
    """The headings above a card, outermost first, as one line that fits its column.

    A deep chain of long headings is legitimate notes, so it is shortened rather than refused:
    the headings nearest the card say most about it, so the outer ones give way first ("…").
    """
    line = " › ".join(headings)
    if len(line) <= CONTEXT_MAX_LENGTH:
        return line
    for start in range(1, len(headings)):
        line = " › ".join(("…", *headings[start:]))
        if len(line) <= CONTEXT_MAX_LENGTH:
            return line
    nearest = headings[-1]
    return (
        nearest if len(nearest) <= CONTEXT_MAX_LENGTH else nearest[: CONTEXT_MAX_LENGTH - 1] + "…"
    )


def _unique(base: str, uses: Counter[str]) -> str:
    # The same identity twice in one document: later ones get -2, -3, ... in document order.
    uses[base] += 1
    return base if uses[base] == 1 else f"{base}-{uses[base]}"


def _table_prompt(header: tuple[str, ...], row: tuple[str, ...], column: int) -> str:
    """A one-line question, e.g. "Feature: Cost — HTTP API?" (or "Sort Key — GSI?")."""
    subject = f"{header[0]}: {row[0]}" if header[0] else row[0]
    column_name = header[column] or f"column {column + 1}"
    return f"{subject} — {column_name}?"
