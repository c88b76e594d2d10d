"""Anki's field HTML → card text, and cloze deletions → card faces.

Anki fields are HTML written by any editor (or any script). They first go through nh3, the
maintained sanitiser, keeping what reads — bold, italics, code, pre, lists, tables, line breaks,
the package's images — so scripts, event handlers, styles, ``javascript:`` links and SVG never
get through. Card text is never raw HTML (the design's rule), so the safe HTML then becomes the
card-text Markdown subset with markdownify: **bold**, *italics*, `code`, one line per line break,
list item and table row. Images are not part of card text yet: they are collected, not shown.
"""

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser

import nh3
from markdownify import MarkdownConverter

from cards.sources.images import IMAGE_NAME_RE, image_markdown

ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "sub", "sup", "code", "pre", "kbd", "br", "p", "div",
    "span", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "img", "hr",
    "blockquote",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"img": {"src", "alt"}, "td": {"colspan", "rowspan"}, "th": {"colspan"}}
# Their content goes too, not only the tag.
DROPPED_WITH_CONTENT = {"script", "style", "svg", "math", "template", "iframe", "object"}

# Anki reads a cloze number as a 16-bit integer, so a longer run of digits is not a cloze to it
# either (and thousands of digits would be too long for int()).
CLOZE_RE = re.compile(r"\{\{c(\d{1,5})::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
SOUND_RE = re.compile(r"\[sound:[^\]]*\]")
BREAK_RE = re.compile(r"<\s*(br|/p|/div|/li|/tr)\b[^>]*>", re.IGNORECASE)
# markdownify recurses about twice per nested tag and Python stops at 1000 frames: a field
# nested deeper than this is refused before it is converted. Real notes nest a dozen or so.
MAX_NESTING = 100
# nh3's cost grows with the square of the depth, so the field as written is checked first,
# loosely (an unclosed <p> counts as nested), with room for untidy HTML.
MAX_RAW_NESTING = 1000
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")


class FieldTooDeep(ValueError):
    """A field's tags nest deeper than card text can be made from."""


def sanitise(field_html: str, image_name: Callable[[str], str | None]) -> str:
    """Safe HTML; an <img> keeps its source only when ``image_name`` maps it to a stored image."""

    # nh3 prints and ignores an exception raised in its filter: it is carried out instead.
    failures: list[Exception] = []

    def keep_attribute(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            try:
                return image_name(html.unescape(value))
            except Exception as error:
                failures.append(error)
                return None
        return value

    cleaned = nh3.clean(
        SOUND_RE.sub("", field_html),
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=keep_attribute,
        url_schemes=set(),
        link_rel=None,
    )
    if failures:
        raise failures[0]
    # An image whose source was refused has nothing left to show.
    return re.sub(r"<img(?![^>]*\bsrc=)[^>]*>", "", cleaned).strip()


class _CardTextConverter(MarkdownConverter):
    """Markdown that reads well even where only the inline subset is rendered."""

    def convert_img(self, el, text, parent_tags) -> str:
        # sanitise() kept the source only of an image the package holds, renamed to its stored
        # name; any other <img> lost its source and shows nothing.
        name = el.get("src", "")
        return image_markdown(name, el.get("alt", "")) if IMAGE_NAME_RE.match(name) else ""

    def convert_pre(self, el, text, parent_tags) -> str:
        lines = [line for line in el.get_text().splitlines() if line.strip()]
        fence = "``" if any("`" in line for line in lines) else "`"
        return "\n\n" + "\n".join(f"{fence} {line} {fence}" for line in lines) + "\n\n"


_CONVERTER = _CardTextConverter(bullets="•", heading_style="atx", newline_style="spaces")
_TAG_LIKE_RE = re.compile(r"<(?=[A-Za-z/!?])")
_TABLE_RULE_RE = re.compile(r"^\|( *-+ *\|)+ *\n?", re.MULTILINE)


def card_text(field_html: str, image_name: Callable[[str], str | None]) -> str:
    """The card-text Markdown of a field (sanitised first; images by their stored names)."""
    cleaned = sanitise(field_html, image_name)
    if _nesting(cleaned) > MAX_NESTING:
        raise FieldTooDeep(f"tags nested more than {MAX_NESTING} deep")
    markdown = _CONVERTER.convert(cleaned)
    markdown = re.sub(r"[ \t]+\n", "\n", _TABLE_RULE_RE.sub("", markdown))
    # Text that looked like a tag (an entity-encoded "<script>") stays text even where card
    # text were ever rendered with HTML on: a backslash-escaped "<" is a plain "<" in Markdown.
    markdown = _TAG_LIKE_RE.sub(r"\\<", markdown)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip()


def check_nesting(field_html: str) -> None:
    """FieldTooDeep when a field as written nests more than MAX_RAW_NESTING tags deep."""
    depth = 0
    for closing, tag in _TAG_RE.findall(field_html):
        if tag.lower() not in VOID_TAGS:
            depth = max(depth - 1, 0) if closing else depth + 1
            if depth > MAX_RAW_NESTING:
                raise FieldTooDeep(f"tags nested more than {MAX_RAW_NESTING} deep")


class _DepthCounter(HTMLParser):
    # nh3's output is well-formed, so every tag but a void one is closed in order.
    def __init__(self) -> None:
        super().__init__()
        self.depth = self.deepest = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag not in VOID_TAGS:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag) -> None:
        if tag not in VOID_TAGS:
            self.depth -= 1


def _nesting(cleaned_html: str) -> int:
    counter = _DepthCounter()
    counter.feed(cleaned_html)
    counter.close()
    return counter.deepest


def plain_text(field_html: str) -> str:
    """The words of a field: tags gone, entities decoded, whitespace collapsed."""
    spaced = BREAK_RE.sub(" ", SOUND_RE.sub("", field_html))
    text = nh3.clean(spaced, tags=set(), clean_content_tags=DROPPED_WITH_CONTENT)
    return " ".join(html.unescape(text).split())


def has_sound(field_html: str) -> bool:
    return bool(SOUND_RE.search(field_html))


def cloze_numbers(text: str) -> list[int]:
    return sorted({int(match.group(1)) for match in CLOZE_RE.finditer(text)})


def cloze_front(text: str, number: int) -> str:
    """Cloze ``number`` hidden (as [hint] or [...]); every other cloze shows its text."""

    def replace(match: re.Match) -> str:
        if int(match.group(1)) != number:
            return match.group(2)
        return f"[{match.group(3)}]" if match.group(3) else "[...]"

    return CLOZE_RE.sub(replace, text)


def cloze_back(text: str, number: int) -> str:
    """The whole text, with cloze ``number`` in bold."""

    def replace(match: re.Match) -> str:
        return f"<b>{match.group(2)}</b>" if int(match.group(1)) == number else match.group(2)

    return CLOZE_RE.sub(replace, text)


def template_fields(template: str, field_names: tuple[str, ...]) -> list[str]:
    """The note fields a template shows, in order: {{Front}}, {{text:Back}}, {{cloze:Text}}."""
    shown = []
    for reference in re.findall(r"\{\{([^#/^}][^}]*)\}\}", template):
        name = reference.split(":")[-1].strip()
        if name in field_names and name not in shown:
            shown.append(name)
    return shown
