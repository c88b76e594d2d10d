"""The shapes a checked topic fixture is read into, and what every fixture module shares."""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

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
    # Quality flags (cards.sources.quality): ({"name": ..., "why": ...}, ...); not content an
    # editor changes, so not fingerprinted.
    flags: tuple[dict, ...] = ()
    # Headings below the section (Markdown notes); placement like the section, not content.
    context: str = ""
    # Like the placement, not content an editor changes: absent in fixtures that have none.
    tags: tuple[str, ...] = ()

    def content(self) -> dict[str, Any]:
        return {field: getattr(self, field) for field in CONTENT_FIELDS}


@dataclass(frozen=True)
class ExamSpec:
    """The exam's format (fixture `topic.exam`); a topic without one gets these defaults."""

    questions: int = 20
    minutes: int = 30
    score_min: int = 0
    score_max: int = 100
    pass_mark: int = 70
    multiple_response: bool = False

    def as_topic_fields(self) -> dict[str, Any]:
        return {f"exam_{name}": value for name, value in self.__dict__.items()}


@dataclass(frozen=True)
class TopicFixture:
    slug: str
    title: str
    source: str
    domains: tuple[DomainSpec, ...]
    cards: tuple[CardSpec, ...]
    weighted: bool = True
    # The images its cards show (cards.fixture_images): (name, bytes) pairs.
    images: tuple[tuple[str, bytes], ...] = ()
    exam: ExamSpec = ExamSpec()


def content_hash(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
