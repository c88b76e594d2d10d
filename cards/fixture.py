"""Topic fixtures: the versioned JSON a topic is imported from (fixtures/README.md).

Build a fixture from a parsed guide, write it byte-for-byte the same every time, and read one
back with every field checked, so the importer only ever sees a fixture the database will store
as it is, on SQLite and on PostgreSQL alike. This is the one place a fixture is validated:
`load_fixture` for JSON text, `validate_fixture` for one a reader built in memory. The limits
are the models' own (a column's max_length, an integer field's range), read from their field
definitions; nothing here touches the database.
"""

import json
from typing import Any

from cards.fixture_images import write_images
from cards.fixture_reader import FixtureReader
from cards.fixture_text import JSONTextError, decode_json
from cards.fixture_types import (
    CONTENT_FIELDS,
    FORMAT,
    FORMAT_VERSION,
    CardSpec,
    DomainSpec,
    FixtureError,
    SectionSpec,
    TopicFixture,
    content_hash,
)
from cards.sources import ParsedGuide
from cards.sources.review import review_guide

__all__ = [
    "CONTENT_FIELDS",
    "FORMAT",
    "FORMAT_VERSION",
    "CardSpec",
    "DomainSpec",
    "FixtureError",
    "SectionSpec",
    "TopicFixture",
    "build_fixture",
    "content_hash",
    "dump_fixture",
    "load_fixture",
    "validate_fixture",
]


def build_fixture(
    guide: ParsedGuide, *, slug: str, title: str, source: str, exam: dict | None = None
) -> dict[str, Any]:
    """The fixture of a parsed guide; `exam` is the exam's format (fixtures/README.md)."""
    guide = review_guide(guide)  # tidy text, name table subjects, flag weak cards
    domains, cards = [], []
    for domain in guide.domains:
        domains.append(
            {
                "number": domain.number,
                "title": domain.title,
                "weight": domain.weight,
                "sections": [
                    {"position": section.position, "title": section.title}
                    for section in domain.sections
                ],
            }
        )
        for section in domain.sections:
            for card in section.cards:
                table = {}
                if card.hidden_column is not None:
                    table = {
                        "header": list(card.table_header),
                        "row": list(card.table_row),
                        "hidden": card.hidden_column,
                        "subject": card.table_subject,
                    }
                cards.append(
                    {
                        "key": card.key,
                        "kind": card.kind,
                        "domain": domain.number,
                        "section": section.position,
                        "position": card.position,
                        "prompt": card.prompt,
                        "answer": card.answer,
                        "explanation": card.explanation,
                        "verdict": card.verdict,
                        "source": card.source,
                        "sibling": card.sibling,
                        "table": table,
                        "flags": [
                            {"name": flag.name, "why": flag.why} for flag in card.quality_flags
                        ],
                        **({"context": card.context} if card.context else {}),
                        **({"tags": list(card.tags)} if card.tags else {}),
                    }
                )
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "topic": {
            "slug": slug,
            "title": title,
            "source": source,
            # Written only when false, so fixtures of weighted guides stay byte-identical.
            **({} if guide.weighted else {"weighted": False}),
            **({"exam": exam} if exam is not None else {}),
        },
        "domains": domains,
        "cards": cards,
        **write_images(guide.images),
    }


def dump_fixture(data: dict[str, Any]) -> str:
    """Deterministic text: the same fixture always gives the same bytes (diffable in git)."""
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def load_fixture(text: str | bytes, name: str) -> TopicFixture:
    """Read a fixture file's text; FixtureError (file, where, what) for anything wrong in it."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            raise FixtureError(name, f"byte {error.start}", "not UTF-8 text") from None
    try:
        data = decode_json(text)
    except JSONTextError as error:
        raise FixtureError(name, error.where, error.problem) from None
    return validate_fixture(data, name)


def validate_fixture(data: Any, name: str) -> TopicFixture:
    """Check a decoded fixture (from a file, or built in memory by any reader) field by field.

    Every other format reaches the database through here, so what one reader lets through no
    importer has to guard against.
    """
    reader = FixtureReader(name)
    reader.check_values(data, "", depth=0)
    return reader.topic(data)
