"""Card text → safe HTML: the one way card text reaches a page.

Stored card text is plain text or the Markdown subset fixtures/README.md documents: code spans,
bold, italics, links and line breaks, nothing else. It is rendered inline only (a line starting
with "#" or "-" stays text), with raw HTML off, and the result goes through nh3's allow-list so
that only those few tags, and only http(s)/mailto links, can ever come out. Pure Python.
"""

import nh3
from markdown_it import MarkdownIt

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "breaks": True}).disable("image")
_TAGS = {"code", "strong", "em", "a", "br"}
_ATTRIBUTES = {"a": {"href"}}
_URL_SCHEMES = {"http", "https", "mailto"}


def render_card_text(text: str) -> str:
    """HTML for a card's prompt, answer, explanation or table cell."""
    if not text:
        return ""
    html = _MARKDOWN.renderInline(text)
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    ).strip()
