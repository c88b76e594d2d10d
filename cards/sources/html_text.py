"""HTML fields (Anki exports them) → card text in the stored Markdown subset.

Bold, italics, code and links keep their meaning as Markdown; <br>, <div> and <p> are line
breaks; entities are decoded; every other tag is dropped with its text kept, and the contents
of <script> and <style> are dropped entirely. The result is text, never HTML.
"""

import re
from html.parser import HTMLParser

from cards.sources.markdown_blocks import code_span

_MARKS = {"b": "**", "strong": "**", "i": "*", "em": "*"}
_BREAKS = {"br", "div", "p", "li", "tr"}
_DROPPED = {"script", "style"}
_ESCAPE_RE = re.compile(r"([\\`*\[\]])")


class _ToMarkdown(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self.code: list[str] | None = None
        self.dropping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED:
            self.dropping += 1
        elif tag in _MARKS:
            self.parts.append(_MARKS[tag])
        elif tag == "code":
            self.code = []
        elif tag == "a":
            self.links.append(dict(attrs).get("href") or "")
            self.parts.append("[")
        elif tag in _BREAKS and self.parts:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self.dropping = max(0, self.dropping - 1)
        elif tag in _MARKS:
            self.parts.append(_MARKS[tag])
        elif tag == "code" and self.code is not None:
            self.parts.append(code_span("".join(self.code)))
            self.code = None
        elif tag == "a" and self.links:
            href = self.links.pop()
            self.parts.append(f"]({href})" if href.startswith(("http://", "https://")) else "]")

    def handle_data(self, data: str) -> None:
        if self.dropping:
            return
        if self.code is not None:
            self.code.append(data)
        else:
            self.parts.append(_ESCAPE_RE.sub(r"\\\1", data))


def html_to_text(html: str) -> str:
    parser = _ToMarkdown()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return re.sub(r"\n{2,}", "\n", "\n".join(lines)).strip()
