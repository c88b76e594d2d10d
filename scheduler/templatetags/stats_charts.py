"""The statistics page's largest repeated markup, written in Python once per page.

A year of heatmap cells and the table of answered days are some 700 elements; built by the
template engine (a variable lookup per attribute, a loop per cell) they cost more than every
query of the page together. format_html_join writes each cell from one format string, with the
same escaping.
"""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from scheduler.charts import Heatmap

register = template.Library()


@register.simple_tag
def heatmap_cells(heatmap: Heatmap) -> SafeString:
    """One <rect> per day: its level's class, place, date and count, with a readable title."""
    return format_html_join(
        "",
        '<rect class="heat-{}" x="{}" y="{}" width="{}" height="{}" rx="2" data-day="{}"'
        ' data-count="{}"><title>{}: {}</title></rect>',
        (
            (c.level, c.x, c.y, heatmap.cell, heatmap.cell, c.iso, c.count, c.label, c.count)
            for c in heatmap.cells
        ),
    )


@register.simple_tag
def heatmap_rows(heatmap: Heatmap) -> SafeString:
    """The table's rows: each study day with answers and how many."""
    return format_html_join(
        "",
        '<tr><th scope="row">{}</th><td class="num">{}</td></tr>',
        ((cell.label, cell.count) for cell in heatmap.answered_cells),
    )
