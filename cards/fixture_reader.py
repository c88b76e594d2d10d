"""Reading a decoded fixture field by field: the one place a fixture is validated.

The limits are the models' own (a column's max_length, an integer field's range), read from
their field definitions, so what passes here the database stores as it is, on SQLite and on
PostgreSQL alike; nothing here touches the database.
"""

from typing import Any

from cards.fixture_exam import read_exam
from cards.fixture_fields import FieldReader, column_of, excerpt
from cards.fixture_images import read_images
from cards.fixture_types import (
    FORMAT,
    FORMAT_VERSION,
    CardSpec,
    DomainSpec,
    SectionSpec,
    TopicFixture,
)
from cards.models import Card, Domain, Section, Topic
from cards.sources import KINDS, VERDICTS
from cards.sources.quality import FLAGS


class FixtureReader(FieldReader):
    """Checks a decoded fixture field by field; `where` is a path such as cards[12].verdict."""

    def topic(self, data: Any) -> TopicFixture:
        if not isinstance(data, dict):
            raise self.fail("top level", "must be an object with format, version, topic, ...")
        if data.get("format") != FORMAT:
            raise self.fail("format", f"must be {FORMAT!r}, not {excerpt(data.get('format'))}")
        version = self.field(data, "version", int, "")
        if version != FORMAT_VERSION:
            raise self.fail(
                "version", f"unknown format version {version} (this is {FORMAT_VERSION})"
            )
        topic = self.field(data, "topic", dict, "")
        slug = self.text(topic, "slug", "topic", column=column_of(Topic, "slug"))
        if not slug.replace("-", "").replace("_", "").isalnum() or not slug.isascii():
            raise self.fail("topic.slug", f"{excerpt(slug)} must be letters, digits, - and _ only")
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
            title=self.text(topic, "title", "topic", column=column_of(Topic, "title")),
            source=self.text(
                topic, "source", "topic", required=False, column=column_of(Topic, "source")
            ),
            domains=domains,
            cards=cards,
            weighted=self.optional(topic, "weighted", bool, "topic", default=True),
            images=read_images(data, self.name),
            exam=read_exam(self, topic),
        )

    def domain(self, item: Any, where: str) -> DomainSpec:
        if not isinstance(item, dict):
            raise self.fail(where, "must be an object")
        # The percentage is the tighter rule (the model's domain_weight_percent constraint).
        weight = self.field(item, "weight", int, where)
        if not 0 <= weight <= 100:
            raise self.fail(f"{where}.weight", f"must be a percentage 0–100, not {weight}")
        sections = tuple(
            self.section(section, f"{where}.sections[{i}]")
            for i, section in enumerate(self.field(item, "sections", list, where))
        )
        self.unique([s.position for s in sections], where + ".sections[{}].position", "position")
        return DomainSpec(
            number=self.number(item, "number", where, column=column_of(Domain, "number")),
            title=self.text(item, "title", where, column=column_of(Domain, "title")),
            weight=weight,
            sections=sections,
        )

    def section(self, item: Any, where: str) -> SectionSpec:
        if not isinstance(item, dict):
            raise self.fail(where, "must be an object")
        return SectionSpec(
            position=self.number(item, "position", where, column=column_of(Section, "position")),
            title=self.text(item, "title", where, column=column_of(Section, "title")),
        )

    def card(self, item: Any, where: str, sections: set[tuple[int, int]]) -> CardSpec:
        if not isinstance(item, dict):
            raise self.fail(where, "must be an object")
        kind = self.text(item, "kind", where)
        if kind not in KINDS:
            raise self.fail(
                f"{where}.kind", f"unknown kind {excerpt(kind)} (expected one of {KINDS})"
            )
        verdict = self.text(item, "verdict", where, required=False)
        if kind == "trap" and verdict not in VERDICTS:
            raise self.fail(
                f"{where}.verdict",
                f"unknown verdict {excerpt(verdict)} (expected one of {VERDICTS})",
            )
        if kind != "trap" and verdict:
            raise self.fail(f"{where}.verdict", f"only trap cards have a verdict, not {kind}")
        domain = self.field(item, "domain", int, where)
        section = self.field(item, "section", int, where)
        if (domain, section) not in sections:
            raise self.fail(
                f"{where}.section", f"no section {section} in domain {domain} in this fixture"
            )
        position = self.number(item, "position", where, column=column_of(Card, "position"))
        table = self.field(item, "table", dict, where)
        if kind == "table":
            self.check_table(table, f"{where}.table")
        elif table:
            # Stored as it is in a JSON column: nothing the reader did not check gets in.
            raise self.fail(f"{where}.table", f"only table cards have a table, not {kind}")
        return CardSpec(
            key=self.text(item, "key", where, column=column_of(Card, "key")),
            kind=kind,
            domain=domain,
            section=section,
            position=position,
            prompt=self.text(item, "prompt", where),
            answer=self.text(item, "answer", where),
            explanation=self.text(item, "explanation", where, required=False),
            verdict=verdict,
            source=self.text(item, "source", where, required=False),
            sibling=self.text(
                item, "sibling", where, required=False, column=column_of(Card, "sibling")
            ),
            table=table,
            flags=self.flags(item, where),
            context=self.optional(
                item, "context", str, where, default="", column=column_of(Card, "context")
            ),
            tags=self.tags(item, where),
        )

    def flags(self, item: dict, where: str) -> tuple[dict, ...]:
        """Optional (older fixtures have none): a list of {"name": known flag, "why": text}."""
        if "flags" not in item:
            return ()
        flags = []
        for index, flag in enumerate(self.field(item, "flags", list, where)):
            path = f"{where}.flags[{index}]"
            if not isinstance(flag, dict):
                raise self.fail(path, "must be an object")
            name = self.text(flag, "name", path)
            if name not in FLAGS:
                raise self.fail(f"{path}.name", f"unknown quality flag {name!r}")
            flags.append({"name": name, "why": self.text(flag, "why", path)})
        return tuple(flags)

    def tags(self, item: dict, where: str) -> tuple[str, ...]:
        tags = item.get("tags", [])
        if not isinstance(tags, list) or not all(
            isinstance(tag, str) and tag and not any(c.isspace() for c in tag) for tag in tags
        ):
            raise self.fail(f"{where}.tags", "must be a list of tags without spaces")
        return tuple(tags)

    def check_table(self, table: dict, where: str) -> None:
        if extra := sorted(set(table) - {"header", "row", "hidden", "subject"}):
            raise self.fail(
                f"{where}.{extra[0]}", "unknown field (a table has header, row, hidden, subject)"
            )
        header = self.field(table, "header", list, where)
        row = self.field(table, "row", list, where)
        hidden = self.field(table, "hidden", int, where)
        if not all(isinstance(cell, str) for cell in header + row):
            raise self.fail(where, "header and row cells must be strings")
        if len(header) != len(row):
            raise self.fail(where, f"header has {len(header)} cells but row has {len(row)}")
        if not 0 < hidden < len(row):
            raise self.fail(f"{where}.hidden", f"must name a body column 1–{len(row) - 1}")
        if not isinstance(table.get("subject", ""), str):
            raise self.fail(f"{where}.subject", "must be a string")
