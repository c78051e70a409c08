"""Sign-ups of a period as the declaration software needs them (docs/declarations.md)."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from . import rows


def period_signups(db: Database, commune_code: str, start: date, end: date,
                   village_id: int | None = None) -> list[dict]:
    """Current (not superseded) sign-ups made in the period, each with its person, household,
    village, commune (and its declaration constants), province and collector."""
    village_filter = "AND e.village_id = :village" if village_id is not None else ""
    return rows(db, f"""
        SELECT e.*, r.full_name, r.bhxh_code, r.birth_date, r.birth_year, r.gender, r.ethnicity,
               r.cccd, r.phone, r.nationality, r.birth_place, r.support_group AS resident_group,
               r.bhyt_expiry, h.household_code, h.head_name, h.address,
               v.name AS village_name, c.code AS commune_code, c.name AS commune_name,
               c.kcb_province, c.kcb_hospital, c.province_code, p.name AS province_name,
               u.display_name AS agent_name, u.collector_code AS agent_code
        FROM enrolments e JOIN residents r ON r.id = e.resident_id
        JOIN villages v ON v.id = e.village_id JOIN communes c ON c.code = v.commune_code
        JOIN provinces p ON p.code = c.province_code
        LEFT JOIN households h ON h.id = r.household_id
        JOIN users u ON u.id = e.user_id
        WHERE v.commune_code = :commune AND e.superseded_by IS NULL
          AND e.enrolled_on BETWEEN :start AND :end {village_filter}
        ORDER BY e.scheme, v.name, h.household_code, e.position, e.enrolled_on, r.sort_key""",
                 {"commune": commune_code, "start": start.isoformat(), "end": end.isoformat(),
                  "village": village_id})


def bhyt_signups(db: Database, resident_ids: list[str]) -> list[dict]:
    """Every current BHYT sign-up of these people: the chains their cards follow."""
    found = []
    for start in range(0, len(resident_ids), 500):
        chunk = resident_ids[start:start + 500]
        found += rows(db, f"""
            SELECT record_id, resident_id, scheme, months, receipt_date, enrolled_on,
                   enrolled_at, user_id
            FROM enrolments WHERE superseded_by IS NULL AND scheme IN ('bhyt_hgd', 'bhyt_cn')
              AND resident_id IN ({",".join("?" * len(chunk))})""", tuple(chunk))
    return found


def commune_collectors(db: Database, commune_code: str) -> list[dict]:
    """The collectors who work the commune's villages, with their codes."""
    return rows(db, """
        SELECT DISTINCT u.id, u.display_name, u.username, u.collector_code
        FROM users u JOIN agent_villages av ON av.user_id = u.id
        JOIN villages v ON v.id = av.village_id
        WHERE v.commune_code = ? AND u.role = 'agent' ORDER BY u.display_name""",
                (commune_code,))
