from datetime import date, timedelta

import pytest
from django.utils.dateformat import format as date_format

from scheduler import charts


@pytest.mark.parametrize(
    ("value", "ceiling"), [(0, 0), (1, 1), (2, 2), (3, 5), (7, 10), (11, 20), (51, 100), (101, 200)]
)
def test_nice_ceiling(value, ceiling):
    assert charts.nice_ceiling(value) == ceiling


def test_bars_stand_on_the_base_and_scale_to_a_round_maximum():
    chart = charts.bar_chart([("a", 0), ("b", 5), ("c", 10)], width=300, height=120)

    assert [bar.value for bar in chart.bars] == [0, 5, 10]
    assert all(bar.y + bar.height == pytest.approx(chart.base) for bar in chart.bars)
    assert chart.bars[0].height == 0
    assert chart.bars[2].y == chart.top  # 10 is the top of a 0–10 scale
    assert chart.bars[1].height == pytest.approx(chart.bars[2].height / 2)
    assert [tick.value for tick in chart.ticks] == [0, 5, 10]
    xs = [bar.x for bar in chart.bars]
    assert xs == sorted(xs) and xs[0] >= chart.left and xs[-1] + chart.bars[-1].width <= chart.right


def test_an_empty_bar_chart_has_flat_bars_and_one_tick():
    chart = charts.bar_chart([("a", 0), ("b", 0)])

    assert chart.is_empty
    assert [bar.height for bar in chart.bars] == [0, 0]
    assert [tick.value for tick in chart.ticks] == [0]


def test_labels_every_nth_bar():
    chart = charts.bar_chart([(str(n), n) for n in range(30)], label_every=7)

    assert [bar.label for bar in chart.bars if bar.show_label] == ["0", "7", "14", "21", "28"]


def test_every_other_written_label_is_minor_for_narrow_charts():
    chart = charts.bar_chart([(str(n), n) for n in range(30)], label_every=7)

    assert [bar.label for bar in chart.bars if bar.minor] == ["7", "21"]
    assert not any(bar.minor for bar in charts.bar_chart([("a", 1), ("b", 2)]).bars)


@pytest.mark.parametrize(
    ("count", "expected"), [(0, 0), (1, 1), (25, 1), (26, 2), (50, 2), (51, 3), (75, 3), (100, 4)]
)
def test_heat_levels_are_quarters_of_the_busiest_day(count, expected):
    assert charts.level(count, 100) == expected


def test_heatmap_puts_each_day_in_its_week_column_and_weekday_row():
    first = date(2026, 11, 1)  # a Sunday
    days = [(first + timedelta(days=n), n % 3) for n in range(15)]

    heatmap = charts.heatmap(days, cell=10, gap=2)

    sunday, monday = heatmap.cells[0], heatmap.cells[1]
    assert sunday.day.weekday() == 6 and monday.day.weekday() == 0
    assert monday.x == sunday.x + 12  # the next week's column
    assert sunday.y - monday.y == 6 * 12
    assert heatmap.max_count == 2
    assert [cell.level for cell in heatmap.cells[:3]] == [0, 2, 4]
    assert heatmap.width == 28 + 3 * 12  # three week columns
    assert [label.text for label in heatmap.months] == ["Nov"]


def test_a_year_of_days_fits_53_or_54_columns_with_twelve_month_names():
    today = date(2026, 11, 26)
    days = [(today - timedelta(days=364 - n), 1) for n in range(365)]

    heatmap = charts.heatmap(days)

    assert len(heatmap.cells) == 365
    columns = {cell.x for cell in heatmap.cells}
    assert len(columns) in (53, 54)
    assert len(heatmap.months) in (12, 13)
    assert all(
        b.x - a.x >= 2 * 13 for a, b in zip(heatmap.months, heatmap.months[1:], strict=False)
    )


def test_percent_line_spans_the_plot_on_a_fixed_scale():
    chart = charts.percent_line([("a", 0), ("b", 50), ("c", 100)], width=200, height=100)

    assert [p.x for p in chart.points] == [chart.left, (chart.left + chart.right) / 2, chart.right]
    assert [p.y for p in chart.points] == [chart.base, (chart.base + chart.top) / 2, chart.top]
    assert chart.polyline.count(",") == 3


def test_a_line_is_labelled_at_its_ends_once_each():
    line = charts.percent_line([("a", 0), ("b", 50), ("c", 100)])
    single = charts.percent_line([("a", 40)])

    assert [(point.label, anchor) for point, anchor in line.ends] == [("a", "start"), ("c", "end")]
    assert [(point.label, anchor) for point, anchor in single.ends] == [("a", "start")]
    assert charts.percent_line([]).ends == []


def test_heatmap_labels_read_as_the_date_filter_writes_them():
    days = [(date(2026, 1, 1) + timedelta(days=n), n % 3) for n in range(365)]

    chart = charts.heatmap(days)

    assert [cell.label for cell in chart.cells] == [date_format(day, "D j M Y") for day, _ in days]
    assert [cell.iso for cell in chart.cells] == [date_format(day, "Y-m-d") for day, _ in days]
    assert [cell.day for cell in chart.answered_cells] == [day for day, count in days if count]


def test_short_day_labels_read_as_the_date_filter_writes_them():
    days = [date(2026, 11, 2) + timedelta(days=n) for n in range(40)]

    assert [charts.short_day_label(day) for day in days] == [
        date_format(day, "D j M") for day in days
    ]
