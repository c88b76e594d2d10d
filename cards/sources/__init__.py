"""Readers that turn a document into a parsed topic, one module per input format.

Every reader is pure Python (no Django) and returns the same ParsedGuide, so everything after
it (fixture, validation, import) is shared by every format. ``parse_document`` picks the reader.
"""

import re

from cards.sources.markdown import parse_markdown_guide
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
    "KINDS",
    "VERDICTS",
    "GuideError",
    "ParsedCard",
    "ParsedDomain",
    "ParsedGuide",
    "ParsedSection",
    "parse_document",
    "parse_guide",
    "parse_markdown_guide",
]

_MARKDOWN_DOMAIN_PROBE_RE = re.compile(r"^# Domain \d+:", re.MULTILINE)


def parse_document(text: str) -> ParsedGuide:
    """Parse either shape: Markdown when a line is a ``# Domain N: ...`` heading."""
    if _MARKDOWN_DOMAIN_PROBE_RE.search(text):
        return parse_markdown_guide(text)
    return parse_guide(text)
