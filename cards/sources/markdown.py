"""Markdown notes and guides → a parsed topic, read with markdown-it-py (CommonMark + GFM tables).

The outline comes from the headings (cards.sources.markdown_outline); cards come from tables,
"Common traps:" lists, ``"cue" → answer`` and ``X → Y`` bullets, term bullets
("Term: definition", "**Term** — definition", "Term - definition"), ``Q:``/``A:`` pairs and
questions ending in "?" followed by their answer. What looks meant as a card but is not read is
a warning with its line; a document that gives no card at all is refused.
"""

import dataclasses
import re
from pathlib import PurePath

from cards.sources.builder import GuideBuilder
from cards.sources.guide_parts import TRAPS_MARKER_RE, Line, add_scenarios, add_trap
from cards.sources.markdown_blocks import Block, read_blocks
from cards.sources.markdown_outline import Outline, is_outline_heading, plan_outline
from cards.sources.markdown_tables import add_table
from cards.sources.note_shapes import (
    answer_text,
    arrow_card,
    bold_lead_card,
    ends_with_question_mark,
    question_answer_pairs,
    question_text,
    term_card,
)
from cards.sources.parsed import GuideError, ParsedGuide

NO_CARDS = (
    "no cards found: spacecards makes cards from tables, 'Term: definition' bullets, "
    "Q:/A: pairs, questions ending in '?' with their answer, '\"cue\" → answer' lines and "
    "'Common traps:' lists (see fixtures/README.md)"
)
_MARKER_RE = re.compile(r"^(?:[-*+]|\d{1,9}[.)])\s+")
_LABEL_MAX_WORDS = 8
_LEAD_IN_WORDS = 4
_BULLET_CHARACTERS = "•●▪◦‣"


def parse_markdown(text: str, *, name: str = "notes.md") -> ParsedGuide:
    """Parse Markdown notes; ``name`` (the file's) titles cards that come before any heading."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    blocks = read_blocks(text)
    plan = plan_outline([block for block in blocks if block.kind == "heading"])
    builder = GuideBuilder()
    outline = Outline(builder, plan, file_title=PurePath(name).stem or name)
    _Walker(blocks, builder, outline).run()
    if builder.card_count == 0:
        raise GuideError(None, NO_CARDS)
    guide = outline.finish(builder.build(no_domain_message=NO_CARDS))
    return dataclasses.replace(guide, warnings=tuple(builder.warnings))


def parse_markdown_guide(text: str) -> ParsedGuide:
    """The hand-written guide shape (``# Domain N: Title (NN%)``) is one kind of Markdown."""
    return parse_markdown(text)


class _Walker:
    def __init__(self, blocks: list[Block], builder: GuideBuilder, outline: Outline):
        self.blocks, self.builder, self.outline = blocks, builder, outline
        # A short line such as "SQS" or "EC2:" right above a list names the list's items.
        self._lead_in = ""

    def run(self) -> None:
        index = 0
        while index < len(self.blocks):
            block = self.blocks[index]
            if block.kind == "heading" and not block.plain:
                index += 1  # an empty "#" heading names nothing
            elif block.kind == "heading" and TRAPS_MARKER_RE.match(block.plain):
                index = self._traps(index)
            elif block.kind == "heading" and not is_outline_heading(block):
                index = self._question_heading(index)
            elif block.kind == "heading":
                self.outline.heading(block)
                index += 1
            elif block.kind == "table":
                add_table(self.builder, self.outline, block)
                index += 1
            elif block.kind == "paragraph":
                index = self._paragraph(index)
            elif block.kind == "item":
                index = self._list(index)
            else:
                if "<table" in block.source.lower():
                    self.builder.warn(block.line, "an HTML table gives no cards: use a pipe table")
                index += 1

    def _following(self, index: int, kinds: tuple[str, ...]) -> int:
        end = index + 1
        while end < len(self.blocks) and self.blocks[end].kind in kinds:
            end += 1
        return end

    def _question_heading(self, index: int) -> int:
        heading = self.blocks[index]
        # The answer is the paragraph or the list right under the question.
        end = index + 1
        if end < len(self.blocks) and self.blocks[end].kind == "paragraph":
            end += 1
        elif end < len(self.blocks) and self.blocks[end].kind == "item":
            list_id = self.blocks[end].list_id
            while (
                end < len(self.blocks)
                and self.blocks[end].kind == "item"
                and (self.blocks[end].level > 0 or self.blocks[end].list_id == list_id)
            ):
                end += 1
        answer = _answer_lines(self.blocks[index + 1 : end], base_level=0)
        if not answer:
            self.builder.warn(heading.line, "a question heading with no answer below it")
            return index + 1
        self.outline.before_card(heading.line)
        self.builder.add_question(
            heading.line,
            question=heading.text,
            answer=answer,
            source="\n".join(block.source for block in self.blocks[index:end]),
        )
        return end

    def _traps(self, index: int) -> int:
        marker = self.blocks[index]
        end = self._following(index, ("item",))
        items = [item for item in self.blocks[index + 1 : end] if item.level == 0]
        if not items:
            self.builder.warn(marker.line, "'Common traps:' is not followed by a list of traps")
        for item in items:
            self.outline.before_card(item.line)
            try:
                add_trap(self.builder, item.text, item.line)
            except GuideError as error:
                self.builder.warn(item.line, f"{error.message}: skipped")
        return end

    def _paragraph(self, index: int) -> int:
        block = self.blocks[index]
        following = self.blocks[index + 1] if index + 1 < len(self.blocks) else None
        if TRAPS_MARKER_RE.match(block.segments[0]):
            return self._traps(index)
        segments = block.segments
        if (
            following
            and following.kind == "paragraph"
            and question_text(segments[-1])
            and answer_text(following.segments[0]) is not None
        ):
            segments = segments + following.segments  # "Q: ..." and "A: ..." paragraphs
            index += 1
        pairs = question_answer_pairs(segments)
        if pairs:
            self.outline.before_card(block.line)
            for question, answer in pairs:
                self.builder.add_question(
                    block.line, question=question, answer=answer, source="\n".join(segments)
                )
            return index + 1
        if segments[0].startswith("|") and segments[0].count("|") >= 2:
            self.builder.warn(
                block.line, "looks like a table, but its header has no |---| line under it"
            )
            return index + 1
        if (
            ends_with_question_mark(block.text)
            and following
            and following.kind == "paragraph"
            and not ends_with_question_mark(following.text)
        ):
            self.outline.before_card(block.line)
            self.builder.add_question(
                block.line,
                question=block.text,
                answer=following.text,
                source=block.source + "\n" + following.source,
            )
            return index + 2
        lead_in = segments[0].rstrip(":") if len(segments[0].split()) <= _LEAD_IN_WORDS else ""
        bullets = [
            Block("item", block.line + offset, [segment[1:].strip()], segment)
            for offset, segment in enumerate(segments)
            if segment[:1] in _BULLET_CHARACTERS
        ]
        if bullets:  # "SQS\n• Retention: 4 days\n• …": bullets typed as characters
            self._items(bullets, lead_in)
        elif "→" not in block.text and (bold_lead := bold_lead_card(block.text)):
            self.outline.before_card(block.line)
            term, definition = bold_lead
            self.builder.add_term(block.line, term=term, definition=definition, source=block.text)
        else:
            for offset, segment in enumerate(segments):
                self._scenarios(Line(block.line + offset, segment))
        self._lead_in = lead_in if following and following.kind == "item" else ""
        return index + 1

    def _scenarios(self, line: Line) -> int:
        before = self.builder.card_count
        if "→" not in line.text:
            return 0
        self.outline.before_card(line.number)
        try:
            add_scenarios(self.builder, line)
        except GuideError as error:
            self.builder.warn(line.number, f"{error.message}: skipped")
        return self.builder.card_count - before

    def _list(self, index: int) -> int:
        end = self._following(index, ("item",))
        self._items(self.blocks[index:end], self._lead_in)
        self._lead_in = ""
        return end

    def _items(self, items: list[Block], lead_in: str) -> None:
        """Cards from a run of list items; a short line just above them names them (lead_in)."""
        labels: dict[int, str] = {-1: lead_in} if lead_in else {}
        unmatched: list[int] = []
        made = self.builder.card_count
        position = 0
        while position < len(items):
            item = items[position]
            children = 0
            while (
                position + 1 + children < len(items)
                and items[position + 1 + children].level > item.level
            ):
                children += 1
            labels = {level: text for level, text in labels.items() if level < item.level}
            label = " › ".join(labels[level] for level in sorted(labels))
            used = self._item(item, items[position + 1 : position + 1 + children], label)
            if used is None:
                if children and len(item.text.split()) <= _LABEL_MAX_WORDS:
                    labels[item.level] = item.text.rstrip(":")  # a heading-like parent item
                elif item.text:
                    unmatched.append(item.line)
                position += 1
            else:
                position += 1 + used
        if unmatched:
            lines = ", ".join(str(line) for line in unmatched[:8])
            more = "…" if len(unmatched) > 8 else ""
            what = (
                f"a list of {len(items)} items"
                if self.builder.card_count == made
                else f"{len(unmatched)} list item{'s' if len(unmatched) > 1 else ''}"
            )
            self.builder.warn(
                unmatched[0],
                f"{what} matched no card shape (Term: definition, Q:/A:, "
                f"'\"cue\" → answer', 'X → Y'): lines {lines}{more}",
            )

    def _item(self, item: Block, children: list[Block], label: str) -> int | None:
        """Cards from one list item; how many of its child items it used, or None for none."""
        text, line = item.text, item.line
        source = _marker(item.source) + text
        pairs = question_answer_pairs(item.segments)
        if pairs:
            self.outline.before_card(line)
            for question, answer in pairs:
                self.builder.add_question(line, question=question, answer=answer, source=source)
            return 0
        if self._scenarios(Line(line, source)):
            return 0
        extra = _answer_lines(children, base_level=item.level + 1)
        if ends_with_question_mark(text) and (extra or len(item.segments) > 1):
            question = question_text(text) or text
            answer = extra or " ".join(item.segments[1:])
            self.outline.before_card(line)
            self.builder.add_question(line, question=question, answer=answer, source=source)
            return len(children)
        arrow = arrow_card(text)
        if arrow:
            self.outline.before_card(line)
            cue = f"{label} › {arrow[0]}" if label else arrow[0]
            answer = "\n".join(filter(None, (arrow[1], extra)))
            self.builder.add_scenario(line, cue=cue, answer=answer, source=source)
            return len(children)
        term = term_card(text)
        if term and (term[1] or extra):
            self.outline.before_card(line)
            prompt = f"{label} › {term[0]}" if label else term[0]
            definition = "\n".join(filter(None, (term[1], extra)))
            self.builder.add_term(line, term=prompt, definition=definition, source=source)
            return len(children)
        return None


def _answer_lines(blocks: list[Block], *, base_level: int) -> str:
    lines = []
    for block in blocks:
        if block.kind == "item":
            lines.append("  " * (block.level - base_level) + "- " + block.text)
        elif block.text:
            lines.append(block.text)
    return "\n".join(lines)


def _marker(source: str) -> str:
    match = _MARKER_RE.match(source)
    return match.group() if match else ""
