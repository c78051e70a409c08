"""Server-drawn SVG charts: geometry here, markup in templates, colours in CSS classes
(the CSP allows no inline styles, and no script is needed to read a chart). Coordinates are in
viewBox units; the SVG scales to the width of the screen, so a chart reads on a 360 px phone
and on a desktop. The supervisor's trends use the line charts and sparklines; the commune
overview its village bars and day columns."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from .domain.formatting import number, percent

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


OVERVIEW_WIDTH = 320           # the commune overview's bars and day columns
BAR_HEIGHT = 12
BAR_GAP = 3
NAME_HEIGHT = 17
BLOCK_GAP = 10
SERIES = (("visited_pct", "bar-visited"), ("bhxh_tn_plan", "bar-bhxh"),
          ("bhyt_hgd_plan", "bar-bhyt"))


def village_bars(villages: list[dict]) -> dict:
    """Per village: visited %, BHXH and BHYT percent of plan, as bars over a 0–100% scale."""
    blocks, y = [], 0
    bar_space = OVERVIEW_WIDTH - 52
    for village in villages:
        bars, bar_y = [], y + NAME_HEIGHT
        for key, css in SERIES:
            value = village.get(key)
            shown = min(value or 0.0, 100.0)
            bars.append({"y": bar_y, "width": round(bar_space * shown / 100, 1), "css": css,
                         "label": percent(value, 0) if value is not None else "–",
                         "label_x": bar_space + 4, "text_y": bar_y + BAR_HEIGHT - 2})
            bar_y += BAR_HEIGHT + BAR_GAP
        blocks.append({"name": village["name"], "name_y": y + NAME_HEIGHT - 3, "bars": bars})
        y = bar_y + BLOCK_GAP
    return {"width": OVERVIEW_WIDTH, "height": max(y, 1), "bar_height": BAR_HEIGHT,
            "full": bar_space, "blocks": blocks}


def daily_columns(per_day: list[dict]) -> dict:
    """Sign-ups per day, BHXH stacked under BHYT, with the highest day marked on the axis."""
    height, bottom, top = 160, 136, 14
    highest = max((d["bhxh"] + d["bhyt"] for d in per_day), default=0)
    scale = (bottom - top) / highest if highest else 0
    step = OVERVIEW_WIDTH / max(len(per_day), 1)
    columns = []
    for index, day in enumerate(per_day):
        x = round(index * step, 2)
        width = round(max(step - (1 if step > 3 else 0), 0.5), 2)
        bhxh_h = round(day["bhxh"] * scale, 2)
        bhyt_h = round(day["bhyt"] * scale, 2)
        columns.append({"x": x, "width": width, "day": day["day"],
                        "bhxh": day["bhxh"], "bhyt": day["bhyt"],
                        "bhxh_y": round(bottom - bhxh_h, 2), "bhxh_h": bhxh_h,
                        "bhyt_y": round(bottom - bhxh_h - bhyt_h, 2), "bhyt_h": bhyt_h})
    return {"width": OVERVIEW_WIDTH, "height": height, "bottom": bottom, "top": top,
            "highest": highest, "columns": columns,
            "total": sum(d["bhxh"] + d["bhyt"] for d in per_day)}
