"""Day-by-day counts over a period: records synced, visits and sign-ups made, money collected.

Records count on the Vietnam day the server received them; visits and sign-ups on the day of
the time on the record. A commune's figures are those about its villages; an agent's, their own.
"""

from __future__ import annotations

import json
from datetime import date

from sqlite_utils import Database

from . import rows
from .supervision import utc_bounds

# Grouping keys, chosen by name from this table, never from input.
_KEYS = {"all": "'all'", "agent": "t.user_id", "commune": "v.commune_code"}


def daily_counts(db: Database, first: date, last: date, agent_ids: list[int], *,
                 by: str = "all", commune: str | None = None,
                 agent: int | None = None) -> dict[object, dict[str, dict]]:
    """{key: {"YYYY-MM-DD": {"records", "visits", "enrolments", "amount"}}} for the period,
    keyed by agent id, commune code, or "all"."""
    key = _KEYS[by]
    filters = "t.user_id IN (SELECT value FROM json_each(:agents))"
    if commune is not None:
        filters += " AND v.commune_code = :commune"
    if agent is not None:
        filters += " AND t.user_id = :agent"
    start, _ = utc_bounds(first)
    _, end = utc_bounds(last)
    params = {"agents": json.dumps(agent_ids), "commune": commune, "agent": agent, "start": start,
              "end": end, "first": first.isoformat(), "last": last.isoformat()}
    counts: dict[object, dict[str, dict]] = {}

    def add(found: list[dict], name: str) -> None:
        for r in found:
            if r["key"] is None:
                continue
            day = counts.setdefault(r["key"], {}).setdefault(r["day"], _zero())
            day[name] = r["n"]
            if name == "enrolments":
                day["amount"] = r["amount"]

    add(rows(db, f"""
        SELECT {key} AS key, date(t.received_at, '+7 hours') AS day, count(*) AS n
        FROM records t LEFT JOIN villages v ON v.id = t.village_id
        WHERE {filters} AND t.received_at >= :start AND t.received_at < :end
        GROUP BY 1, 2""", params), "records")
    add(rows(db, f"""
        SELECT {key} AS key, t.visited_on AS day, count(*) AS n
        FROM visits t JOIN villages v ON v.id = t.village_id
        WHERE {filters} AND t.visited_on BETWEEN :first AND :last AND t.superseded_by IS NULL
        GROUP BY 1, 2""", params), "visits")
    add(rows(db, f"""
        SELECT {key} AS key, t.enrolled_on AS day, count(*) AS n, sum(t.amount) AS amount
        FROM enrolments t JOIN villages v ON v.id = t.village_id
        WHERE {filters} AND t.enrolled_on BETWEEN :first AND :last AND t.superseded_by IS NULL
        GROUP BY 1, 2""", params), "enrolments")
    return counts


def _zero() -> dict:
    return {"records": 0, "visits": 0, "enrolments": 0, "amount": 0}

