"""The statistics page's largest repeated markup, written in Python once per page.

A year of heatmap cells and the table of answered days are some 700 elements. Built by the
template engine (a variable lookup per attribute, a loop per cell) they cost more than every
query of the page together, and even format_html_join (nine escapes a cell) took a third of
the page. Every value here is a number or a date label this code wrote, so a plain format
string is enough; the labels are escaped all the same, in case a locale ever writes "<".
"""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from scheduler.charts import Heatmap

register = template.Library()


@register.simple_tag
def heatmap_cells(heatmap: Heatmap) -> SafeString:
    """One <rect> per day: its level's class, place, date and count, with a readable title."""
    size = int(heatmap.cell)
    return mark_safe(  # numbers and escaped labels only
        "".join(
            f'<rect class="heat-{int(c.level)}" x="{int(c.x)}" y="{int(c.y)}" width="{size}"'
            f' height="{size}" rx="2" data-day="{escape(c.iso)}" data-count="{int(c.count)}">'
            f"<title>{escape(c.label)}: {int(c.count)}</title></rect>"
            for c in heatmap.cells
        )
    )


@register.simple_tag
def heatmap_rows(heatmap: Heatmap) -> SafeString:
    """The table's rows: each study day with answers and how many."""
    return mark_safe(  # numbers and escaped labels only
        "".join(
            f'<tr><th scope="row">{escape(c.label)}</th><td class="num">{int(c.count)}</td></tr>'
            for c in heatmap.answered_cells
        )
    )
