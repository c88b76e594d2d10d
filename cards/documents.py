"""Any document spacecards reads → a checked topic fixture, the same way for every entry point.

`build_topic`, `import_topic` and the admin's import page call `fixture_from_document`: the
reader is chosen by cards.sources.read_document, the fixture built by cards.fixture and checked
by load_fixture exactly like a fixture file, so every format meets the same validation, plan,
editing rules and retire-not-delete.
"""

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from cards.fixture import FixtureError, TopicFixture, build_fixture, dump_fixture, load_fixture
from cards.sources import GuideError, read_document


@dataclass(frozen=True)
class BuiltDocument:
    data: dict[str, Any]  # the fixture, as written to JSON
    text: str  # its JSON text (byte-identical for the same document)
    fixture: TopicFixture
    warnings: tuple[str, ...]


def is_fixture(name: str) -> bool:
    return PurePath(name).suffix.lower() == ".json"


def fixture_from_document(
    name: str, data: bytes, *, slug: str = "", title: str = "", exam: dict | None = None
) -> BuiltDocument:
    """Build a topic from a notes file or deck; FixtureError (named like a fixture's) if not.

    A slug or title not given comes from the document: its own title heading, else its file
    name, so re-uploading the same file updates the same topic.
    """
    try:
        guide = read_document(name, data)
    except GuideError as error:
        if error.line is None:
            raise DocumentError(name, error.message) from None
        raise FixtureError(name, f"line {error.line}", error.message) from None
    stem = PurePath(name).stem
    title = title or guide.title or stem.replace("-", " ").replace("_", " ").strip() or stem
    slug = slug or _slugify(stem) or _slugify(title) or "topic"
    built = build_fixture(guide, slug=slug, title=title, source=PurePath(name).name, exam=exam)
    text = dump_fixture(built)
    return BuiltDocument(built, text, load_fixture(text, name), guide.warnings)


class DocumentError(FixtureError):
    """A problem with the whole document (no cards in it, a shape spacecards does not read)."""

    def __init__(self, name: str, problem: str):
        ValueError.__init__(self, f"{name}: {problem}")
        self.name, self.where, self.problem = name, "", problem


def _slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:50]
