"""Table cards from a Markdown table, as notes write tables.

A row is named by its first column. A numbered first column (1, 2, 3 …) or an empty one names
nothing, so the next column names the row; an empty first cell repeats the label above it (a
row spanning several). A "parallel lists" table, where each column is its own list and a row's
cells are unrelated, is skipped with a warning: pairing its cells would teach wrong facts.
"""

import re

from cards.sources.builder import GuideBuilder
from cards.sources.guide_parts import check_table_width
from cards.sources.markdown_blocks import Block
from cards.sources.markdown_outline import Outline

_NUMBER_RE = re.compile(r"^\d{1,4}[.)]?$")


def add_table(builder: GuideBuilder, outline: Outline, table: Block) -> None:
    # Before any work: each card carries its whole row, so a wide table's cost is quadratic.
    check_table_width(table.line, len(table.header))
    header = list(table.header)
    rows = [(line, list(cells), source) for line, cells, source in table.rows]
    if not rows:
        builder.warn(table.line, "a table with a header and no rows gives no cards")
        return
    firsts = [cells[0] for _, cells, _ in rows]
    if len(header) > 2 and (
        all(_NUMBER_RE.match(first) for first in firsts) or not any([header[0], *firsts])
    ):
        header = header[1:]
        rows = [(line, cells[1:], source) for line, cells, source in rows]
    if len(header) < 2:
        builder.warn(table.line, "a one-column table gives no cards: write it as a list")
        return
    if _is_parallel_lists([cells for _, cells, _ in rows]):
        builder.warn(
            table.line,
            "a table whose columns are separate lists (their lengths differ and no column "
            "names the rows) gives no cards: skipped rather than pair unrelated cells",
        )
        return
    label = ""
    for line, cells, source in rows:
        if not cells[0]:
            if not label:
                builder.warn(line, "a table row with nothing in its first column: skipped")
                continue
            cells[0] = label
        label = cells[0]
        if not any(cells[1:]):
            continue
        outline.before_card(line)
        builder.add_table_row(line, header=tuple(header), row=tuple(cells), source=source)


def _is_parallel_lists(rows: list[list[str]]) -> bool:
    """Every column filled from the top, and the first and another column ending early.

    Only the first column ending early (in a table of three or more columns) reads as a label
    spanning the rows below it; when other columns end early too, or there are only two, each
    column is its own list written side by side.
    """
    if len(rows) < 2:
        return False
    lengths = []
    for column in range(len(rows[0])):
        cells = [row[column] for row in rows]
        filled = len(cells) - next((i for i, cell in enumerate(reversed(cells)) if cell), 0)
        if any(not cell for cell in cells[:filled]):
            return False  # a gap inside a column: rows spanning several, not lists
        lengths.append(filled)
    longest = max(lengths)
    # With two columns there is nothing for a spanning label to name but one cell: lists.
    return lengths[0] < longest and (
        len(lengths) == 2 or sum(length < longest for length in lengths) >= 2
    )
