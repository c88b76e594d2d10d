"""Cards from list items in Markdown notes: terms, arrows, Q/A and questions with sub-items.

A mixin of the Markdown reader's walker: it needs ``builder`` and ``outline`` from it. Items
nested under a plain, short item are named with it ("S3 › Durability"); a run of items none of
which makes a card is one warning with its lines.
"""

import re

from cards.sources.builder import GuideBuilder
from cards.sources.guide_parts import Line, add_scenarios
from cards.sources.markdown_blocks import Block
from cards.sources.markdown_outline import Outline
from cards.sources.note_shapes import (
    arrow_card,
    ends_with_question_mark,
    question_answer_pairs,
    question_text,
    term_card,
)
from cards.sources.parsed import GuideError

_MARKER_RE = re.compile(r"^(?:[-*+]|\d{1,9}[.)])\s+")
_LABEL_MAX_WORDS = 8


class ListCards:
    builder: GuideBuilder
    outline: Outline
    blocks: list[Block]
    _lead_in: str

    def _following(self, index: int, kinds: tuple[str, ...]) -> int:
        end = index + 1
        while end < len(self.blocks) and self.blocks[end].kind in kinds:
            end += 1
        return end

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
        extra = answer_lines(children, base_level=item.level + 1)
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


def answer_lines(blocks: list[Block], *, base_level: int) -> str:
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
