"""The heatmap's markup, written by format strings, is what the template used to write."""

from datetime import date, timedelta

from django.template import Context, Template

from scheduler import charts
from scheduler.templatetags.stats_charts import heatmap_cells, heatmap_rows

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
