"""Domains and sections from a Markdown document's headings, whatever their levels.

``# Domain N: Title (NN%)`` headings give numbered, weighted domains as before. Otherwise the
shallowest heading level that repeats gives the domains and the next level the sections; deeper
headings are context on the cards under them. Domains and sections are opened when their first
card arrives, so prose-only headings leave no empty outline behind; cards before any heading go
into a domain and section named after the file.
"""

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass

from cards.sources.builder import GuideBuilder, context_line
from cards.sources.guide_parts import TRAPS_MARKER_RE, read_domain_number
from cards.sources.markdown_blocks import Block
from cards.sources.note_shapes import ends_with_question_mark
from cards.sources.parsed import ParsedGuide

# The title starts and ends on a non-space: a lazy `.+?` followed by `\s*` would rescan a run
# of spaces from each of its positions (cubic after `:\s*`) before failing.
DOMAIN_HEADING_RE = re.compile(
    r"^Domain\s+(?P<number>\d+)\s*:\s*(?P<title>\S(?:.*?\S)?)\s*\(\s*(?P<weight>\d{1,3})\s*%\s*\)$"
)


def is_outline_heading(heading: Block) -> bool:
    """Question headings ("What is X?") and "Common traps" headings make cards, not outline."""
    return not ends_with_question_mark(heading.plain) and not TRAPS_MARKER_RE.match(heading.plain)


@dataclass(frozen=True)
class OutlinePlan:
    weighted: bool
    domain_level: int | None
    section_level: int | None
    title: str


def plan_outline(headings: list[Block]) -> OutlinePlan:
    outline = [h for h in headings if h.plain and is_outline_heading(h)]
    weighted = [heading for heading in outline if DOMAIN_HEADING_RE.match(heading.plain)]
    if weighted:
        domain_level: int | None = weighted[0].level
    else:
        counts = Counter(heading.level for heading in outline)
        repeating = [level for level, count in counts.items() if count >= 2]
        domain_level = min(repeating) if repeating else min(counts, default=None)
    if domain_level is None:
        return OutlinePlan(False, None, None, "")
    deeper = [heading.level for heading in outline if heading.level > domain_level]
    above = [heading for heading in outline if heading.level < domain_level]
    title = above[0].plain if len(above) == 1 and not weighted else ""
    return OutlinePlan(bool(weighted), domain_level, min(deeper, default=None), title)


@dataclass
class _Pending:
    title: str
    line: int
    number: int | None = None
    weight: int | None = None


class Outline:
    """Follows the headings and opens a domain and section in the builder before each card."""

    def __init__(self, builder: GuideBuilder, plan: OutlinePlan, *, file_title: str):
        self.builder, self.plan, self.file_title = builder, plan, file_title
        self._domain: _Pending | None = None
        self._section: str | None = None
        self._domain_open = self._section_open = False
        self._contexts: dict[int, str] = {}
        self._numbers: list[int] = []

    def heading(self, block: Block) -> None:
        plan, level = self.plan, block.level
        if plan.domain_level is None:
            return
        if level <= plan.domain_level:
            match = DOMAIN_HEADING_RE.match(block.plain) if plan.weighted else None
            self._domain = None
            if level == plan.domain_level:
                self._domain = _Pending(block.plain, block.line)
                if match:
                    self._domain = _Pending(
                        match["title"],
                        block.line,
                        read_domain_number(match["number"], block.line),
                        int(match["weight"]),
                    )
            self._section, self._domain_open, self._section_open = None, False, False
            self._contexts.clear()
            if match:  # weighted domains exist even without cards: their weight counts
                self._open_domain()
        elif level == plan.section_level:
            self._section, self._section_open = block.plain, False
            self._contexts.clear()
            if self.plan.weighted and self._domain_open:  # a guide's outline stays whole
                self.builder.start_section(block.line, block.plain)
                self._section_open = True
        else:
            self._contexts = {lvl: text for lvl, text in self._contexts.items() if lvl < level}
            self._contexts[level] = block.plain
        self.builder.context = context_line([self._contexts[lvl] for lvl in sorted(self._contexts)])

    def before_card(self, line: int) -> None:
        if self._domain is None:
            self._domain = _Pending(self.file_title, line)
        if not self._domain_open:
            self._open_domain()
        if not self._section_open:
            self.builder.start_section(line, self._section or self._domain.title)
            self._section_open = True

    def _open_domain(self) -> None:
        domain = self._domain
        assert domain is not None
        number = domain.number
        if number is None or number in self._numbers:
            number = max(self._numbers, default=0) + 1
        if self.plan.weighted and domain.weight is None:
            self.builder.warn(
                domain.line,
                f"{domain.title!r} has no '(NN%)' weight like the other domains: it counts 0%",
            )
        self._numbers.append(number)
        self.builder.start_domain(number, domain.title, domain.weight or 0)
        self._domain_open, self._section_open = True, False

    def finish(self, guide: ParsedGuide) -> ParsedGuide:
        """Unweighted documents: the domains share 100% equally (the first get the remainder)."""
        if self.plan.weighted:
            return dataclasses.replace(guide, title=self.plan.title)
        count = len(guide.domains)
        base, extra = divmod(100, count)
        domains = tuple(
            dataclasses.replace(domain, weight=base + (1 if index < extra else 0))
            for index, domain in enumerate(guide.domains)
        )
        return dataclasses.replace(guide, domains=domains, weighted=False, title=self.plan.title)
