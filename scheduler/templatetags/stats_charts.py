"""The statistics page's repeated markup, written in Python once per page.

A year of heatmap cells and the table of answered days are some 700 elements, the bar charts
and the 30-day tables a few hundred more. Built by the template engine (a variable lookup
and a localized number per attribute, a loop per cell) they cost more than every query of
the page together, and even format_html_join (nine escapes a cell) took a third of the page.
Every value here is a number or a label this code wrote, so a plain format string is
enough; the day labels come from fixed English names (scheduler.charts.day_label), other
labels are escaped. A cell's day label is written once, by scheduler.charts.heatmap.
"""

from html import escape

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from scheduler.charts import BarChart, Heatmap

register = template.Library()


@register.simple_tag
def heatmap_cells(heatmap: Heatmap) -> SafeString:
    """One <rect> per day: its level's class, place, date and count, with a readable title."""
    size = int(heatmap.cell)
    return mark_safe(  # numbers, and labels from fixed English names and numbers
        "".join(
            f'<rect class="heat-{int(c.level)}" x="{int(c.x)}" y="{int(c.y)}" width="{size}"'
            f' height="{size}" rx="2" data-day="{c.day.isoformat()}" data-count="{int(c.count)}">'
            f"<title>{c.label}: {int(c.count)}</title></rect>"
            for c in heatmap.cells
        )
    )


@register.simple_tag
def heatmap_rows(heatmap: Heatmap) -> SafeString:
    """The table's rows: each study day with answers and how many."""
    return mark_safe(  # numbers and escaped labels only
        "".join(
            f'<tr><th scope="row">{c.label}</th><td class="num">{int(c.count)}</td></tr>'
            for c in heatmap.answered_cells
        )
    )


def _n(value: float) -> str:
    """A coordinate as the template wrote it: 12.5, 0 (an int stays an int)."""
    return str(value) if type(value) in (int, float) else escape(str(value))


@register.simple_tag
def bar_chart(chart: BarChart, chart_id: str, title: str, desc: str) -> SafeString:
    """A bar chart's figure: its scale's ticks, then each bar with its label under it."""
    ident = escape(chart_id)
    empty = " Nothing to show yet." if chart.is_empty else ""
    parts = [
        f'<figure class="chart"><svg class="chart-svg" viewBox="0 0 {int(chart.width)}'
        f' {int(chart.height)}" width="100%" role="img" aria-labelledby="{ident}-title'
        f' {ident}-desc" data-testid="{ident}-chart"><title id="{ident}-title">{escape(title)}'
        f'</title><desc id="{ident}-desc">{escape(desc)}{empty}</desc>'
    ]
    left, right = int(chart.left), int(chart.right)
    for tick in chart.ticks:
        y = _n(tick.y)
        parts.append(
            f'<line class="grid" x1="{left}" x2="{right}" y1="{y}" y2="{y}"/><text class="axis"'
            f' x="{left - 6}" y="{y}" text-anchor="end" dominant-baseline="middle">'
            f"{int(tick.value)}</text>"
        )
    label_y = int(chart.base) + 18
    for bar in chart.bars:
        label, value = escape(bar.label), int(bar.value)
        parts.append(
            f'<rect class="bar" x="{_n(bar.x)}" y="{_n(bar.y)}" width="{_n(bar.width)}"'
            f' height="{_n(bar.height)}" data-label="{label}" data-value="{value}"><title>'
            f"{label}: {value}</title></rect>"
        )
        if bar.show_label:
            # A tick from the axis to the label: which bar a week's date is under.
            parts.append(
                f'<line class="grid" x1="{_n(bar.centre)}" x2="{_n(bar.centre)}"'
                f' y1="{int(chart.base)}" y2="{int(chart.base) + 4}"/>'
            )
            parts.append(
                f'<text class="axis{" minor" if bar.minor else ""}" x="{_n(bar.label_x)}"'
                f' y="{label_y}"'
                f' text-anchor="{escape(bar.anchor)}">{label}</text>'
            )
    parts.append("</svg></figure>")
    return mark_safe("".join(parts))  # numbers and escaped text only


@register.simple_tag
def day_rows(days, suffix: str = "") -> SafeString:
    """A 30-day table's rows: each item's label and count (`suffix` after it, e.g. " %")."""
    after = conditional_escape(suffix)
    return mark_safe(  # numbers and escaped labels only
        "".join(
            f'<tr><th scope="row">{escape(label)}</th><td class="num">{int(count)}{after}</td></tr>'
            for label, count in days
        )
    )
