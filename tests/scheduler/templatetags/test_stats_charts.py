"""The charts' markup, written by format strings, is what the template used to write."""

from datetime import date, timedelta

import pytest
from django.template import Context, Template
from django.utils.safestring import mark_safe

from scheduler import charts
from scheduler.templatetags.stats_charts import bar_chart, day_rows, heatmap_cells, heatmap_rows

# The markup as the template wrote it cell by cell before (autoescaped, one loop per cell).
CELLS = Template(
    '{% for cell in heatmap.cells %}<rect class="heat-{{ cell.level }}" x="{{ cell.x }}"'
    ' y="{{ cell.y }}" width="{{ heatmap.cell }}" height="{{ heatmap.cell }}" rx="2"'
    ' data-day="{{ cell.iso }}" data-count="{{ cell.count }}"><title>{{ cell.label }}:'
    " {{ cell.count }}</title></rect>{% endfor %}"
)
ROWS = Template(
    '{% for cell in heatmap.answered_cells %}<tr><th scope="row">{{ cell.label }}</th>'
    '<td class="num">{{ cell.count }}</td></tr>{% endfor %}'
)


def test_a_year_of_cells_and_rows_read_as_the_template_wrote_them():
    first = date(2025, 11, 27)
    heatmap = charts.heatmap([(first + timedelta(days=n), n % 7 * (n % 3)) for n in range(365)])
    context = Context({"heatmap": heatmap})

    assert heatmap_cells(heatmap) == CELLS.render(context)
    assert heatmap_rows(heatmap) == ROWS.render(context)
    assert heatmap_cells(heatmap).count("<rect") == 365


FIRST = date(2026, 11, 2)

# A bar chart as the template's partial wrote it, bar by bar.
BAR_CHART = Template(
    '<figure class="chart"><svg class="chart-svg" viewBox="0 0 {{ chart.width }}'
    ' {{ chart.height }}" width="100%" role="img" aria-labelledby="{{ chart_id }}-title'
    ' {{ chart_id }}-desc" data-testid="{{ chart_id }}-chart"><title id="{{ chart_id }}-title">'
    '{{ title }}</title><desc id="{{ chart_id }}-desc">{{ desc }}{% if chart.is_empty %} Nothing'
    " to show yet.{% endif %}</desc>{% for tick in chart.ticks %}"
    '<line class="grid" x1="{{ chart.left }}" x2="{{ chart.right }}" y1="{{ tick.y }}"'
    ' y2="{{ tick.y }}"/><text class="axis" x="{{ chart.left|add:\'-6\' }}" y="{{ tick.y }}"'
    ' text-anchor="end" dominant-baseline="middle">{{ tick.value }}</text>{% endfor %}'
    '{% for bar in chart.bars %}<rect class="bar" x="{{ bar.x }}" y="{{ bar.y }}"'
    ' width="{{ bar.width }}" height="{{ bar.height }}" data-label="{{ bar.label }}"'
    ' data-value="{{ bar.value }}"><title>{{ bar.label }}: {{ bar.value }}</title></rect>'
    '{% if bar.show_label %}<line class="grid" x1="{{ bar.centre }}" x2="{{ bar.centre }}"'
    ' y1="{{ chart.base }}" y2="{{ chart.base|add:\'4\' }}"/>'
    '<text class="axis{% if bar.minor %} minor{% endif %}" x="{{ bar.label_x }}"'
    ' y="{{ chart.base|add:\'18\' }}" text-anchor="{{ bar.anchor }}">{{ bar.label }}</text>'
    "{% endif %}{% endfor %}</svg></figure>"
)
DAY_ROWS = Template(
    '{% for label, count in days %}<tr><th scope="row">{{ label }}</th><td class="num">'
    "{{ count }}{{ suffix }}</td></tr>{% endfor %}"
)


@pytest.mark.parametrize(
    "items",
    [
        [(charts.short_day_label(FIRST + timedelta(days=n)), n * n % 17) for n in range(30)],
        [("Again", 3), ("Hard", 0), ("Good", 12), ("Easy <5>", 1)],
        [("Again", 0), ("Good", 0)],
    ],
)
def test_a_bar_chart_reads_as_the_template_wrote_it(items):
    chart = charts.bar_chart(items, label_every=7)
    context = Context(
        {"chart": chart, "chart_id": "forecast", "title": "Due & more", "desc": "Overdue <today>."}
    )

    assert bar_chart(chart, "forecast", "Due & more", "Overdue <today>.") == BAR_CHART.render(
        context
    )


def test_day_rows_read_as_the_template_wrote_them():
    days = [(charts.short_day_label(FIRST + timedelta(days=n)), n * 3) for n in range(30)]
    suffix = mark_safe("&thinsp;%")

    assert day_rows(days, suffix) == DAY_ROWS.render(Context({"days": days, "suffix": suffix}))
    assert day_rows(days).count("<tr>") == 30
