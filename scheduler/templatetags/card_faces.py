"""Template helpers for a card's faces (templates/scheduler/review.html)."""

from dataclasses import dataclass

from django import template

register = template.Library()


@dataclass(frozen=True)
class TableCell:
    heading: str
    value: str
    hidden: bool


@register.filter
def row_cells(table: dict) -> list[TableCell]:
    """A table card's row as (heading, value, hidden) cells, the row's subject first."""
    header, row, hidden = table.get("header", []), table.get("row", []), table.get("hidden")
    return [
        TableCell(heading=heading, value=value, hidden=index == hidden)
        for index, (heading, value) in enumerate(zip(header, row, strict=False))
    ]
