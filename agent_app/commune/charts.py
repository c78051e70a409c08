"""Geometry for the overview's SVG charts, computed here so the templates only draw.

Coordinates are in viewBox units; the SVG scales to the width of the screen (CSS), so the same
chart reads on a 360 px phone and on a desktop. Colours come from CSS classes.
"""

from __future__ import annotations

from ..formatting import percent

WIDTH = 320
BAR_HEIGHT = 12
BAR_GAP = 3
NAME_HEIGHT = 17
BLOCK_GAP = 10
SERIES = (("visited_pct", "bar-visited"), ("bhxh_tn_plan", "bar-bhxh"),
          ("bhyt_hgd_plan", "bar-bhyt"))


def village_bars(villages: list[dict]) -> dict:
    """Per village: visited %, BHXH and BHYT percent of plan, as bars over a 0–100% scale."""
    blocks, y = [], 0
    bar_space = WIDTH - 52
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
    return {"width": WIDTH, "height": max(y, 1), "bar_height": BAR_HEIGHT,
            "full": bar_space, "blocks": blocks}


def daily_columns(per_day: list[dict]) -> dict:
    """Sign-ups per day, BHXH stacked under BHYT, with the highest day marked on the axis."""
    height, bottom, top = 160, 136, 14
    highest = max((d["bhxh"] + d["bhyt"] for d in per_day), default=0)
    scale = (bottom - top) / highest if highest else 0
    step = WIDTH / max(len(per_day), 1)
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
    return {"width": WIDTH, "height": height, "bottom": bottom, "top": top, "highest": highest,
            "columns": columns, "total": sum(d["bhxh"] + d["bhyt"] for d in per_day)}
