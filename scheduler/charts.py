"""Geometry for the statistics page's SVG charts: numbers in, shapes out.

Pure: standard library only. Templates draw the shapes inside an <svg viewBox> that scales to
the page width, so coordinates here are in viewBox units, not pixels.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

# --- Bars ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    # Where the value and the label are written: centred under and above the bar.
    centre: float
    show_label: bool
    # How the label hangs from `centre`: "middle", or "end" near the right edge, so a label
    # never runs out of the chart.
    anchor: str = "middle"
    # Every other written label: dropped where the chart is narrow (stats.css), where the
    # labels at their readable size would run into each other.
    minor: bool = False

    @property
    def label_x(self) -> float:
        return round(self.x + self.width, 2) if self.anchor == "end" else self.centre


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    # The plot area: bars stand on `base`, the tallest reaches `top`.
    left: int
    right: int
    top: int
    base: int
    max_value: int

    @property
    def is_empty(self) -> bool:
        return self.max_value == 0


def nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, ... that is at least `value` (0 stays 0)."""
    if value <= 0:
        return 0
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


# Charts are drawn 400 units wide: on a phone that is close to their size on screen, so they
# keep their height there; on a desktop the page caps how wide they grow (stats.css).
CHART_WIDTH = 400


def bar_chart(
    items: Sequence[tuple[str, int]],
    *,
    width: int = CHART_WIDTH,
    height: int = 180,
    label_every: int = 1,
) -> BarChart:
    """Vertical bars, one per (label, value), on a scale from 0 to a round maximum.

    `label_every` writes every n-th label (the first always), so 30 days stay readable.
    """
    left, right, top, base = 44, width - 8, 16, height - 26
    max_value = max((value for _, value in items), default=0)
    scale_max = nice_ceiling(max_value)
    slot = (right - left) / max(1, len(items))
    bar_width = slot * 0.7
    bars = []
    for index, (label, value) in enumerate(items):
        bar_height = (base - top) * value / scale_max if scale_max else 0
        x = left + index * slot + (slot - bar_width) / 2
        bars.append(
            Bar(
                label=label,
                value=value,
                x=round(x, 2),
                y=round(base - bar_height, 2),
                width=round(bar_width, 2),
                height=round(bar_height, 2),
                centre=round(x + bar_width / 2, 2),
                show_label=index % label_every == 0,
                anchor="end" if len(items) > 10 and index >= len(items) * 0.85 else "middle",
                minor=label_every > 1 and index % (2 * label_every) == label_every,
            )
        )
    # 0, the top and, when it is a whole number, the middle: 0–5–10, 0–1–2, 0–5.
    tick_values = sorted({0, scale_max} | ({scale_max // 2} if scale_max % 2 == 0 else set()))
    ticks = [
        Tick(v, round(base - (base - top) * v / scale_max, 2) if scale_max else base)
        for v in tick_values
    ]
    return BarChart(width, height, bars, ticks, left, right, top, base, max_value)


# --- Heatmap -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    day: date
    count: int
    level: int  # 0 (none) .. 4 (most)
    x: int
    y: int
    # Formatted once per cell, here, for its title and for the table of answered days, rather
    # than by two template filters per cell (a year of cells made those filters most of the
    # statistics page's time).
    label: str

    @property
    def iso(self) -> str:
        return self.day.isoformat()


# English names, as the date filter writes them: looked up rather than strftime'd, which took
# a millisecond a year of cells (and would follow the process's locale).
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_label(day: date) -> str:
    """'Mon 3 Nov 2026', as the date filter's "D j M Y" writes it in English."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def short_day_label(day: date) -> str:
    """'Mon 3 Nov', as the date filter's "D j M" writes it in English (the 30-day tables)."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]}"


@dataclass(frozen=True)
class MonthLabel:
    text: str
    x: int


@dataclass(frozen=True)
class Heatmap:
    width: int
    height: int
    cell: int
    cells: list[Cell]
    months: list[MonthLabel]
    weekday_labels: list[tuple[str, int]]
    max_count: int

    @property
    def answered_cells(self) -> list[Cell]:
        """The days with answers, for the heatmap's table."""
        return [cell for cell in self.cells if cell.count]


def level(count: int, max_count: int) -> int:
    """0 for no answers, else 1..4 by the share of the busiest day (quarters, rounded up)."""
    if count <= 0 or max_count <= 0:
        return 0
    return min(4, -(-4 * count // max_count))


def heatmap(days: Sequence[tuple[date, int]], *, cell: int = 11, gap: int = 2) -> Heatmap:
    """A calendar of weeks: one column per week (Monday first), one row per weekday."""
    left, top = 28, 16
    step = cell + gap
    if not days:
        return Heatmap(left, top, cell, [], [], [], 0)
    first = days[0][0]
    monday = first - timedelta(days=first.weekday())
    max_count = max(count for _, count in days)
    cells = []
    months = []
    for day, count in days:
        column = (day - monday).days // 7
        x = left + column * step
        y = top + day.weekday() * step
        cells.append(Cell(day, count, level(count, max_count), x, y, day_label(day)))
        if day.day == 1:
            months.append(MonthLabel(MONTH_NAMES[day.month - 1], x))
    # The partial first month is named too when there is room before the next name.
    if not months or months[0].x - left >= 3 * step:
        months.insert(0, MonthLabel(MONTH_NAMES[first.month - 1], left))
    columns = (days[-1][0] - monday).days // 7 + 1
    weekday_labels = [
        (name, top + row * step + cell - 2) for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri"))
    ]
    return Heatmap(
        width=left + columns * step,
        height=top + 7 * step,
        cell=cell,
        cells=cells,
        months=months,
        weekday_labels=weekday_labels,
        max_count=max_count,
    )


# --- Line ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    label: str
    value: float
    x: float
    y: float


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    points: list[Point]
    ticks: list[Tick]
    left: int
    right: int
    top: int
    base: int

    @property
    def polyline(self) -> str:
        return " ".join(f"{point.x},{point.y}" for point in self.points)

    @property
    def ends(self) -> list[tuple[Point, str]]:
        """The first and last points, where the line is labelled, with each label's anchor."""
        if not self.points:
            return []
        first, last = self.points[0], self.points[-1]
        return [(first, "start")] + ([(last, "end")] if len(self.points) > 1 else [])


def percent_line(
    items: Sequence[tuple[str, float]], *, width: int = CHART_WIDTH, height: int = 160
) -> LineChart:
    """A line on a fixed 0–100 scale, one point per (label, percent), evenly spaced."""
    left, right, top, base = 56, width - 12, 16, height - 26
    span = max(1, len(items) - 1)
    points = [
        Point(
            label,
            value,
            round(left + (right - left) * index / span, 2),
            round(base - (base - top) * min(max(value, 0), 100) / 100, 2),
        )
        for index, (label, value) in enumerate(items)
    ]
    ticks = [Tick(v, round(base - (base - top) * v / 100, 2)) for v in (0, 25, 50, 75, 100)]
    return LineChart(width, height, points, ticks, left, right, top, base)
