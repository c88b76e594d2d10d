"""Markdown → a flat list of blocks (headings, paragraphs, list items, tables) with line numbers.

markdown-it-py (CommonMark + GFM tables) does the parsing; this module only walks its token
stream. Inline content becomes card text in the stored subset (fixtures/README.md): code spans,
bold, italics, links and line breaks written as Markdown, everything else as plain text with
HTML entities decoded and HTML tags dropped (``<br>`` is a line break).
"""

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

# html=True only so that inline tags arrive as tokens we can drop (and <br> as a line break);
# nothing here is ever rendered as HTML.
_PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")
_BR_RE = re.compile(r"^<br\s*/?>$", re.IGNORECASE)
# Characters that would read as formatting when the stored text is rendered; "_" only at a
# word's edge (snake_case stays as written).
_ESCAPE_RE = re.compile(r"([\\`*\[\]])|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_LIST_MARKER_RE = re.compile(r"^(?:[-*+]|\d{1,9}[.)])\s+")


@dataclass
class Block:
    kind: str  # "heading", "paragraph", "item", "table", "html"
    line: int  # 1-based line it starts on
    # Inline text in the stored subset, one entry per source line (soft and hard breaks split).
    segments: list[str] = field(default_factory=list)
    # The raw source lines, stripped and joined with spaces: the card's verbatim excerpt.
    source: str = ""
    plain: str = ""  # headings: the title without formatting marks
    level: int = 0  # headings: 1–6; items: nesting depth, 0 at the top
    list_id: int = 0  # items of one list share it
    header: tuple[str, ...] = ()
    rows: list[tuple[int, tuple[str, ...], str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(segment for segment in self.segments if segment).strip()


def read_blocks(text: str) -> list[Block]:
    lines = text.split("\n")
    tokens = _PARSER.parse(text)
    blocks: list[Block] = []
    list_ids: list[int] = []
    next_list_id = 0
    items: list[Block] = []  # open list items, innermost last
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            next_list_id += 1
            list_ids.append(next_list_id)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            list_ids.pop()
        elif kind == "list_item_open":
            item = Block("item", _first_line(token), level=len(list_ids) - 1, list_id=list_ids[-1])
            blocks.append(item)
            items.append(item)
        elif kind == "list_item_close":
            items.pop()
        elif kind == "heading_open":
            inline = tokens[index + 1]
            blocks.append(
                Block(
                    "heading",
                    _first_line(token),
                    segments=[" ".join(inline_segments(inline))],
                    source=_source(lines, token),
                    plain=_collapse(_plain(inline)),
                    level=int(token.tag[1]),
                )
            )
            index += 2
        elif kind == "paragraph_open":
            inline = tokens[index + 1]
            segments = inline_segments(inline)
            if items and not items[-1].segments and token.level == items[-1].level * 2 + 2:
                # An item's first paragraph is the item's own text.
                items[-1].segments, items[-1].source = segments, _source(lines, token)
            elif items and token.level == items[-1].level * 2 + 2:
                items[-1].segments += segments  # a later paragraph of the same item
            else:
                blocks.append(
                    Block("paragraph", _first_line(token), segments, _source(lines, token))
                )
            index += 2
        elif kind == "table_open":
            index = _read_table(tokens, index, lines, blocks)
        elif kind == "html_block":
            blocks.append(Block("html", _first_line(token), source=token.content.strip()))
        index += 1
    return blocks


def _read_table(tokens: list[Token], index: int, lines: list[str], blocks: list[Block]) -> int:
    table = Block("table", _first_line(tokens[index]))
    row: list[str] = []
    row_line = table.line
    while tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "tr_open":
            row, row_line = [], _first_line(token)
        elif token.type == "inline":
            row.append("\n".join(inline_segments(token, breaks_split=False)))
        elif token.type == "tr_close":
            if not table.header:
                table.header = tuple(row)
            else:
                table.rows.append((row_line, tuple(row), lines[row_line - 1].strip()))
        index += 1
    blocks.append(table)
    return index


def inline_segments(inline: Token, *, breaks_split: bool = True) -> list[str]:
    """The inline content as stored card text, split where the source breaks its lines.

    With ``breaks_split`` off (table cells), a ``<br>`` or hard break is a newline in the text.
    """
    segments = [""]
    links: list[str] = []
    for child in inline.children or ():
        kind = child.type
        if kind == "text":
            segments[-1] += _ESCAPE_RE.sub(r"\\\g<0>", child.content)
        elif kind == "code_inline":
            segments[-1] += code_span(child.content)
        elif kind in ("strong_open", "strong_close"):
            segments[-1] += "**"
        elif kind in ("em_open", "em_close"):
            segments[-1] += "*"
        elif kind == "link_open":
            links.append(str(child.attrs.get("href", "")))
            segments[-1] += "["
        elif kind == "link_close":
            href = links.pop()
            segments[-1] += f"](<{href}>)" if re.search(r"[\s()]", href) else f"]({href})"
        elif kind == "image":
            segments[-1] += _ESCAPE_RE.sub(r"\\\g<0>", child.content)
        elif kind in ("softbreak", "hardbreak") or (
            kind == "html_inline" and _BR_RE.match(child.content)
        ):
            if breaks_split:
                segments.append("")
            else:
                segments[-1] += " " if kind == "softbreak" else "\n"
        # Any other inline HTML tag is dropped; the text between tags stays.
    return [_collapse(segment) for segment in segments]


def code_span(content: str) -> str:
    runs = [len(run) for run in re.findall(r"`+", content)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if content.startswith("`") or content.endswith("`") else ""
    return f"{fence}{pad}{content}{pad}{fence}"


def strip_list_marker(text: str) -> str:
    return _LIST_MARKER_RE.sub("", text, count=1)


def _plain(inline: Token) -> str:
    return "".join(
        child.content if child.type in ("text", "code_inline", "image") else " "
        for child in inline.children or ()
        if child.type in ("text", "code_inline", "image", "softbreak", "hardbreak")
    )


def _collapse(text: str) -> str:
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()


def _first_line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


def _source(lines: list[str], token: Token) -> str:
    if not token.map:
        return ""
    start, end = token.map
    return " ".join(line.strip() for line in lines[start:end] if line.strip())
