"""A commune's coverage against its targets, per village, over a period.

The list's counts (listed, visited, …) come from ``store/counts``, as on every page. Sign-ups
leave out corrected projections (``superseded_by``) and merged duplicates.
"""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from . import counts as count_store
from . import records, rows
from .counts import LISTED


def village_counts(db: Database, commune_code: str, start: date, end: date) -> list[dict]:
    """One row per village of the commune: the list's counts as of the period's end (as every
    page counts them, ``store/counts``), people off the list, sign-ups in the period and in the
    year to date, people without BHYT."""
    params = {"commune": commune_code, "start": start.isoformat(), "end": end.isoformat(),
              "year_start": f"{end.year}-01-01"}
    villages = rows(db, f"""
        SELECT v.id, v.name, v.population,
               count(r.id) FILTER (WHERE r.list_status NOT IN {LISTED}) AS removed
        FROM villages v LEFT JOIN residents r ON r.village_id = v.id AND r.merged_into IS NULL
        WHERE v.commune_code = :commune GROUP BY v.id ORDER BY v.name""", params)
    counted = count_store.village_counts(db, [v["id"] for v in villages], end)
    signups = _signups(db, params, ":start")
    year_signups = _signups(db, params, ":year_start")
    uncovered = _by_village(db, f"""
        SELECT r.village_id, count(*) AS n
        FROM residents r JOIN villages v ON v.id = r.village_id
        WHERE v.commune_code = :commune AND r.merged_into IS NULL
          AND r.list_status IN {LISTED} AND r.bhyt_status != 'valid'
          AND NOT EXISTS (SELECT 1 FROM enrolments e WHERE e.resident_id = r.id
                          AND e.scheme = 'bhyt_hgd' AND e.superseded_by IS NULL
                          AND e.enrolled_on <= :end)
        GROUP BY r.village_id""", params)
    for village in villages:
        vid = village["id"]
        village.update({k: counted[vid][k] for k in ("listed", "on_list", "enrolled",
                                                     "visited")})
        village["bhxh"] = signups.get((vid, "bhxh_tn"), 0)
        village["bhyt"] = signups.get((vid, "bhyt_hgd"), 0)
        village["bhxh_year"] = year_signups.get((vid, "bhxh_tn"), 0)
        village["bhyt_year"] = year_signups.get((vid, "bhyt_hgd"), 0)
        village["uncovered"] = uncovered.get(vid, 0)
    return villages


def latest_visits(db: Database, commune_code: str, end: date) -> list[dict]:
    """Each person's latest visit by ``end`` (people still listed): what they said last and
    whether a return was promised. One pass serves the follow-ups and the reasons summary."""
    last = records.latest_visits(
        "r.village_id, r.list_status, vi.follow_up_on, vi.reasons",
        f"""AND v.commune_code = ? AND vi.visited_on <= ?
            AND r.merged_into IS NULL AND r.list_status IN {LISTED}""",
        "JOIN residents r ON r.id = vi.resident_id JOIN villages v ON v.id = r.village_id")
    return rows(db, f"SELECT village_id, list_status, follow_up_on, reasons FROM ({last}) AS last",
                (commune_code, end.isoformat()))


def _by_village(db: Database, sql: str, params: dict) -> dict[int, int]:
    return {r["village_id"]: r["n"] for r in rows(db, sql, params)}


def _signups(db: Database, params: dict, since: str) -> dict[tuple[int, str], int]:
    """People signed up per village and scheme between ``since`` and the period's end."""
    found = rows(db, f"""
        SELECT e.village_id, e.scheme, count(DISTINCT e.resident_id) AS n
        FROM enrolments e JOIN villages v ON v.id = e.village_id
        WHERE v.commune_code = :commune AND e.superseded_by IS NULL
          AND e.enrolled_on BETWEEN {since} AND :end
        GROUP BY e.village_id, e.scheme""", params)
    return {(r["village_id"], r["scheme"]): r["n"] for r in found}


def signups_per_day(db: Database, commune_code: str, start: date,
                    end: date) -> dict[str, dict[str, int]]:
    """{"2026-11-21": {"bhxh_tn": 3, "bhyt_hgd": 5}} for days with sign-ups."""
    found = rows(db, """
        SELECT e.enrolled_on AS day, e.scheme, count(*) AS n
        FROM enrolments e JOIN villages v ON v.id = e.village_id
        WHERE v.commune_code = ? AND e.superseded_by IS NULL
          AND e.enrolled_on BETWEEN ? AND ?
        GROUP BY e.enrolled_on, e.scheme""", (commune_code, start.isoformat(), end.isoformat()))
    days: dict[str, dict[str, int]] = {}
    for r in found:
        days.setdefault(r["day"], {})[r["scheme"]] = r["n"]
    return days


def commune_villages(db: Database, commune_code: str) -> list[dict]:
    return rows(db, "SELECT id, name, population FROM villages WHERE commune_code = ?"
                    " ORDER BY name", (commune_code,))
