"""Topic fixtures: the versioned JSON a topic is imported from (fixtures/README.md).

Pure Python, no Django: build a fixture from a parsed guide, write it byte-for-byte the same
every time, and read one back with every field checked, so the importer only ever sees a
fixture that is whole.
"""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from cards.sources import KINDS, VERDICTS, ParsedGuide

FORMAT = "spacecards-topic"
FORMAT_VERSION = 1

# The fields of a card an editor may change; a fixture's version of them is fingerprinted so a
# re-import can tell "the fixture changed" from "an editor changed the card".
CONTENT_FIELDS = ("kind", "prompt", "answer", "explanation", "verdict", "source", "table")


class FixtureError(ValueError):
    """A fixture that cannot be imported: names the file, where in it, and what is wrong."""

    def __init__(self, name: str, where: str, problem: str):
        self.name, self.where, self.problem = name, where, problem
        super().__init__(f"{name}: {where}: {problem}")


@dataclass(frozen=True)
class SectionSpec:
    position: int
    title: str


@dataclass(frozen=True)
class DomainSpec:
    number: int
    title: str
    weight: int
    sections: tuple[SectionSpec, ...]


@dataclass(frozen=True)
class CardSpec:
    key: str
    kind: str
    domain: int
    section: int
    position: int
    prompt: str
    answer: str
    explanation: str
    verdict: str
    source: str
    sibling: str
    table: dict
    # Like the placement, not content an editor changes: absent in fixtures that have none.
    tags: tuple[str, ...] = ()

    def content(self) -> dict[str, Any]:
        return {field: getattr(self, field) for field in CONTENT_FIELDS}


@dataclass(frozen=True)
class TopicFixture:
    slug: str
    title: str
    source: str
    domains: tuple[DomainSpec, ...]
    cards: tuple[CardSpec, ...]


def content_hash(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def build_fixture(guide: ParsedGuide, *, slug: str, title: str, source: str) -> dict[str, Any]:
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
                        **({"tags": list(card.tags)} if card.tags else {}),
                    }
                )
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "topic": {"slug": slug, "title": title, "source": source},
        "domains": domains,
        "cards": cards,
    }


def dump_fixture(data: dict[str, Any]) -> str:
    """Deterministic text: the same fixture always gives the same bytes (diffable in git)."""
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def load_fixture(text: str | bytes, name: str) -> TopicFixture:
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            raise FixtureError(name, f"byte {error.start}", "not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise FixtureError(name, where, f"not valid JSON ({error.msg})") from None
    return _Reader(name).topic(data)


class _Reader:
    """Checks a decoded fixture field by field; `where` is a path such as cards[12].verdict."""

    def __init__(self, name: str):
        self.name = name

    def fail(self, where: str, problem: str) -> FixtureError:
        return FixtureError(self.name, where, problem)

    def field(self, obj: dict, key: str, kind: type, where: str) -> Any:
        path = f"{where}.{key}" if where else key
        if key not in obj:
            raise self.fail(path, "missing")
        value = obj[key]
        # bool is an int in Python; a fixture saying `true` for a number is still wrong.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            expected = {str: "a string", int: "a whole number", list: "a list", dict: "an object"}
            raise self.fail(path, f"must be {expected[kind]}, not {json.dumps(value)[:40]}")
        return value

    def text(self, obj: dict, key: str, where: str, *, required: bool = True) -> str:
        value = self.field(obj, key, str, where)
        if required and not value.strip():
            raise self.fail(f"{where}.{key}" if where else key, "must not be empty")
        return value

    def topic(self, data: Any) -> TopicFixture:
        if not isinstance(data, dict):
            raise self.fail("top level", "must be an object with format, version, topic, ...")
        if data.get("format") != FORMAT:
            raise self.fail("format", f"must be {FORMAT!r}, not {data.get('format')!r}")
        version = self.field(data, "version", int, "")
        if version != FORMAT_VERSION:
            raise self.fail(
                "version", f"unknown format version {version} (this is {FORMAT_VERSION})"
            )
        topic = self.field(data, "topic", dict, "")
        slug = self.text(topic, "slug", "topic")
        if not slug.replace("-", "").replace("_", "").isalnum() or not slug.isascii():
            raise self.fail("topic.slug", f"{slug!r} must be letters, digits, - and _ only")
        domains = tuple(
            self.domain(item, f"domains[{i}]")
            for i, item in enumerate(self.field(data, "domains", list, ""))
        )
        if not domains:
            raise self.fail("domains", "a topic needs at least one domain")
        self.unique([d.number for d in domains], "domains[{}].number", "domain number")
        sections = {(d.number, s.position) for d in domains for s in d.sections}
        cards = tuple(
            self.card(item, f"cards[{i}]", sections)
            for i, item in enumerate(self.field(data, "cards", list, ""))
        )
        self.unique([c.key for c in cards], "cards[{}].key", "key")
        return TopicFixture(
            slug=slug,
            title=self.text(topic, "title", "topic"),
            source=self.text(topic, "source", "topic", required=False),
            domains=domains,
            cards=cards,
        )

    def unique(self, values: list, where: str, what: str) -> None:
        seen: dict[Any, int] = {}
        for index, value in enumerate(values):
            if value in seen:
                raise self.fail(
                    where.format(index),
                    f"duplicate {what} {value!r} (first at {where.format(seen[value])})",
                )
            seen[value] = index

    def domain(self, item: Any, where: str) -> DomainSpec:
        if not isinstance(item, dict):
            raise self.fail(where, "must be an object")
        weight = self.field(item, "weight", int, where)
        if not 0 <= weight <= 100:
            raise self.fail(f"{where}.weight", f"must be a percentage 0–100, not {weight}")
        sections = tuple(
            self.section(section, f"{where}.sections[{i}]")
            for i, section in enumerate(self.field(item, "sections", list, where))
        )
        self.unique([s.position for s in sections], where + ".sections[{}].position", "position")
        return DomainSpec(
            number=self.field(item, "number", int, where),
            title=self.text(item, "title", where),
            weight=weight,
            sections=sections,
        )

    def section(self, item: Any, where: str) -> SectionSpec:
        if not isinstance(item, dict):
            raise self.fail(where, "must be an object")
        return SectionSpec(
            position=self.field(item, "position", int, where), title=self.text(item, "title", where)
        )

    def card(self, item: Any, where: str, sections: set[tuple[int, int]]) -> CardSpec:
        if not isinstance(item, dict):
            raise self.fail(where, "must be an object")
        kind = self.text(item, "kind", where)
        if kind not in KINDS:
            raise self.fail(f"{where}.kind", f"unknown kind {kind!r} (expected one of {KINDS})")
        verdict = self.text(item, "verdict", where, required=False)
        if kind == "trap" and verdict not in VERDICTS:
            raise self.fail(
                f"{where}.verdict", f"unknown verdict {verdict!r} (expected one of {VERDICTS})"
            )
        if kind != "trap" and verdict:
            raise self.fail(f"{where}.verdict", f"only trap cards have a verdict, not {kind}")
        domain = self.field(item, "domain", int, where)
        section = self.field(item, "section", int, where)
        if (domain, section) not in sections:
            raise self.fail(
                f"{where}.section", f"no section {section} in domain {domain} in this fixture"
            )
        position = self.field(item, "position", int, where)
        if position < 0:
            raise self.fail(f"{where}.position", "must not be negative")
        table = self.field(item, "table", dict, where)
        if kind == "table":
            self.check_table(table, f"{where}.table")
        return CardSpec(
            key=self.text(item, "key", where),
            kind=kind,
            domain=domain,
            section=section,
            position=position,
            prompt=self.text(item, "prompt", where),
            answer=self.text(item, "answer", where),
            explanation=self.text(item, "explanation", where, required=False),
            verdict=verdict,
            source=self.text(item, "source", where, required=False),
            sibling=self.text(item, "sibling", where, required=False),
            table=table,
            tags=self.tags(item, where),
        )

    def tags(self, item: dict, where: str) -> tuple[str, ...]:
        tags = item.get("tags", [])
        if not isinstance(tags, list) or not all(
            isinstance(tag, str) and tag and not any(c.isspace() for c in tag) for tag in tags
        ):
            raise self.fail(f"{where}.tags", "must be a list of tags without spaces")
        return tuple(tags)

    def check_table(self, table: dict, where: str) -> None:
        header = self.field(table, "header", list, where)
        row = self.field(table, "row", list, where)
        hidden = self.field(table, "hidden", int, where)
        if not all(isinstance(cell, str) for cell in header + row):
            raise self.fail(where, "header and row cells must be strings")
        if len(header) != len(row):
            raise self.fail(where, f"header has {len(header)} cells but row has {len(row)}")
        if not 0 < hidden < len(row):
            raise self.fail(f"{where}.hidden", f"must name a body column 1–{len(row) - 1}")
