"""Markdown notes and guides → a parsed topic, read with markdown-it-py (CommonMark + GFM tables).

The outline comes from the headings (cards.sources.markdown_outline); cards come from tables,
"Common traps:" lists, ``"cue" → answer`` and ``X → Y`` bullets, term bullets
("Term: definition", "**Term** — definition", "Term - definition"), ``Q:``/``A:`` pairs and
questions ending in "?" followed by their answer. What looks meant as a card but is not read is
a warning with its line; a document that gives no card at all is refused.
"""

import dataclasses
from pathlib import PurePath

from cards.sources.builder import GuideBuilder
from cards.sources.guide_parts import TRAPS_MARKER_RE, Line, add_trap
from cards.sources.markdown_blocks import Block, read_blocks
from cards.sources.markdown_lists import ListCards, answer_lines
from cards.sources.markdown_outline import Outline, is_outline_heading, plan_outline
from cards.sources.markdown_tables import add_table
from cards.sources.note_shapes import (
    answer_text,
    bold_lead_card,
    ends_with_question_mark,
    question_answer_pairs,
    question_text,
)
from cards.sources.parsed import GuideError, ParsedGuide

NO_CARDS = (
    "no cards found: spacecards makes cards from tables, 'Term: definition' bullets, "
    "Q:/A: pairs, questions ending in '?' with their answer, '\"cue\" → answer' lines and "
    "'Common traps:' lists (see fixtures/README.md)"
)
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


class _Walker(ListCards):
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
        answer = answer_lines(self.blocks[index + 1 : end], base_level=0)
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
