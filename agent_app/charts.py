"""Server-drawn SVG charts: geometry here, markup in templates, colours in CSS classes
(the CSP allows no inline styles, and no script is needed to read a chart)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from .formatting import number

WIDTH, HEIGHT = 360, 220          # drawn for a phone; scales up on a wider screen
LEFT, RIGHT, TOP, BOTTOM = 38, 14, 10, 24


@dataclass
class Series:
    key: str                   # CSS class suffix: chart-line-<key>
    label: str
    values: list[int]
    points: list[tuple[float, float]] = field(default_factory=list)

    @property
    def dots(self) -> list[tuple[float, float, int]]:
        return [(x, y, v) for (x, y), v in zip(self.points, self.values, strict=True)]

    @property
    def polyline(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in self.points)


@dataclass
class LineChart:
    days: list[date]
    series: list[Series]
    y_ticks: list[tuple[float, str]]
    x_ticks: list[tuple[float, str]]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM


def nice_step(value: float) -> int:
    """The smallest of 1, 2, 5 × 10^k at or above ``value`` (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for factor in (1, 2, 5, 10):
        if factor * power >= value:
            return int(factor * power)
    return int(10 * power)


def line_chart(days: list[date], series: list[Series], y_steps: int = 4) -> LineChart:
    """Lines for each series over the days, on one y scale starting at zero."""
    chart = LineChart(days, series, [], [])
    step = nice_step(max((max(s.values, default=0) for s in series), default=0) / y_steps)
    top_value = step * y_steps
    plot_w = chart.right - chart.left
    plot_h = chart.bottom - chart.top
    count = max(len(days) - 1, 1)

    def x_of(index: int) -> float:
        return chart.left + plot_w * index / count

    def y_of(value: float) -> float:
        return chart.bottom - plot_h * value / top_value

    for s in series:
        s.points = [(x_of(i), y_of(v)) for i, v in enumerate(s.values)]
    chart.y_ticks = [(y_of(step * k), number(step * k)) for k in range(y_steps + 1)]
    chart.x_ticks = [(x_of(i), days[i].strftime("%d/%m"))
                     for i in range(len(days) - 1, -1, -7)][::-1]
    return chart


def sparkline(values: list[int], width: int = 120, height: int = 28) -> str:
    """Polyline points for a small trend line, scaled to its own maximum."""
    top = max(values, default=0) or 1
    count = max(len(values) - 1, 1)
    return " ".join(f"{width * i / count:.1f},{height - 2 - (height - 4) * v / top:.1f}"
                    for i, v in enumerate(values))
