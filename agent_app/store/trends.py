"""Day-by-day counts over a period: records synced, visits and sign-ups made, money collected.

Records count on the Vietnam day the server received them; visits and sign-ups on the day of
the time on the record. A commune's figures are those about its villages; an agent's, their own.
One grouped query per table gives (agent, commune, day) cells; every view of the period (all,
per commune, per agent, one commune or agent) is summed from those cells in Python.
"""

from __future__ import annotations

import json
from datetime import date

from sqlite_utils import Database

from . import integers, rows
from .supervision import utc_bounds

MEASURES = ("records", "visits", "enrolments", "amount")


def daily_cells(db: Database, first: date, last: date, agent_ids: list[int]) -> list[dict]:
    """[{user_id, commune_code, day, records, visits, enrolments, amount}] for the period."""
    start, _ = utc_bounds(first)
    _, end = utc_bounds(last)
    params = {"agents": json.dumps(agent_ids), "start": start, "end": end,
              "first": first.isoformat(), "last": last.isoformat()}
    cells: dict[tuple, dict] = {}

    def add(found: list[dict], *names: str) -> None:
        for r in found:
            cell = cells.setdefault((r["user_id"], r["commune_code"], r["day"]), {
                "user_id": r["user_id"], "commune_code": r["commune_code"], "day": r["day"],
                **dict.fromkeys(MEASURES, 0)})
            for name in names:
                cell[name] += r[name] or 0

    add(rows(db, f"""
        SELECT t.user_id, v.commune_code, date(t.received_at, '+7 hours') AS day,
               count(*) AS records
        FROM records t LEFT JOIN villages v ON v.id = t.village_id
        WHERE t.user_id IN {integers(':agents')}
          AND t.received_at >= :start AND t.received_at < :end
        GROUP BY 1, 2, 3""", params), "records")
    add(rows(db, f"""
        SELECT t.user_id, v.commune_code, t.visited_on AS day, count(*) AS visits
        FROM visits t JOIN villages v ON v.id = t.village_id
        WHERE t.user_id IN {integers(':agents')}
          AND t.visited_on BETWEEN :first AND :last AND t.superseded_by IS NULL
        GROUP BY 1, 2, 3""", params), "visits")
    add(rows(db, f"""
        SELECT t.user_id, v.commune_code, t.enrolled_on AS day, count(*) AS enrolments,
               sum(t.amount) AS amount
        FROM enrolments t JOIN villages v ON v.id = t.village_id
        WHERE t.user_id IN {integers(':agents')}
          AND t.enrolled_on BETWEEN :first AND :last AND t.superseded_by IS NULL
        GROUP BY 1, 2, 3""", params), "enrolments", "amount")
    return list(cells.values())


def per_day(cells: list[dict], key: str | None = None, *, commune: str | None = None,
            agent: int | None = None) -> dict[object, dict[str, dict]]:
    """{key value: {"YYYY-MM-DD": measures}} summed over the cells that match the filters;
    ``key`` is "user_id", "commune_code", or None for one total keyed "all"."""
    found: dict[object, dict[str, dict]] = {}
    for cell in cells:
        if (commune is not None and cell["commune_code"] != commune) or \
                (agent is not None and cell["user_id"] != agent):
            continue
        group = cell[key] if key else "all"
        if group is None:
            continue
        day = found.setdefault(group, {}).setdefault(cell["day"], dict.fromkeys(MEASURES, 0))
        for name in MEASURES:
            day[name] += cell[name]
    return found
