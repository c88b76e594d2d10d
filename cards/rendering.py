"""Card text → safe HTML: the one way card text reaches a page.

Stored card text is plain text or the Markdown subset fixtures/README.md documents: code spans,
bold, italics, links, line breaks and the topic's own images (``![alt](card-image:NAME)``),
nothing else. It is rendered inline only (a line starting
with "#" or "-" stays text), with raw HTML off, and the result goes through nh3's allow-list so
that only those few tags, and only http(s)/mailto links, can ever come out. Pure Python.
"""

from collections.abc import Callable
from html import escape

import nh3
from markdown_it import MarkdownIt

from cards.sources.images import IMAGE_NAME_RE

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "breaks": True})
_TAGS = {"code", "strong", "em", "a", "br", "img"}
_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
_URL_SCHEMES = {"http", "https", "mailto"}
_IMAGE_SCHEME = "card-image:"


def _image(self, tokens, index, options, env) -> str:
    """Only the topic's own stored images become an <img>; any other image shows its alt text
    (no picture from elsewhere: it could track who studies what)."""
    token = tokens[index]
    alt = escape(self.renderInlineAsText(token.children or [], options, env))
    source = token.attrGet("src") or ""
    name = source.removeprefix(_IMAGE_SCHEME)
    if not source.startswith(_IMAGE_SCHEME) or not IMAGE_NAME_RE.match(name):
        return alt
    return f'<img src="{escape(env["image_url"](name))}" alt="{alt}">'


_MARKDOWN.add_render_rule("image", _image)


def render_card_text(text: str, *, image_url: Callable[[str], str] = lambda name: name) -> str:
    """HTML for a card's prompt, answer, explanation or table cell.

    ``image_url`` gives the address of a stored image by its name (the web page passes the
    card-image view's URL; an Anki export, the file name in the package).
    """
    if not text:
        return ""
    html = _MARKDOWN.renderInline(text, {"image_url": image_url})
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    ).strip()
