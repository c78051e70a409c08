"""Read model: the people who ever paid into a scheme, and their current sign-ups.

``agent_app.retention`` turns these rows into paid-until, card expiry, due lists and renewal
outcomes. Corrected sign-ups (``superseded_by``) are left out; a merged duplicate is left out and
its sign-ups, moved by the merge, come with the person it was merged into.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from . import rows

PERSON_COLUMNS = """
    r.id, r.household_id, r.village_id, r.full_name, r.phone, r.birth_date, r.birth_year,
    r.relation_to_head, r.support_group, r.bhxh_status, r.bhyt_status, r.bhyt_expiry,
    r.list_status, c.province_code AS province, v.name AS village_name"""

# The household form's order: head first, then birth year, then name (ladder places follow it).
HOUSEHOLD_ORDER = ("r.household_id, coalesce(r.relation_to_head, '') != 'Chủ hộ', r.birth_year,"
                   " r.sort_key")

SIGNUP_COLUMNS = """
    e.record_id, e.resident_id, e.scheme, e.months, e.income, e.support_group, e.position,
    e.start_month, e.receipt_date, e.enrolled_on, e.enrolled_at, e.user_id"""


def participants(db: Database, village_ids: Iterable[int]) -> tuple[list[dict], dict]:
    """People of these villages whom the list shows in a scheme, or who signed up with us, in
    household order; and their current sign-ups by person."""
    ids = tuple(sorted(village_ids))
    if not ids:
        return [], {}
    marks = ",".join("?" * len(ids))
    people = rows(db, f"""
        SELECT {PERSON_COLUMNS}
        FROM residents r JOIN villages v ON v.id = r.village_id
        JOIN communes c ON c.code = v.commune_code
        WHERE r.village_id IN ({marks}) AND r.merged_into IS NULL
          AND (r.bhxh_status != 'none' OR r.bhyt_status != 'none' OR r.bhyt_expiry IS NOT NULL
               OR EXISTS (SELECT 1 FROM enrolments e WHERE e.resident_id = r.id
                          AND e.superseded_by IS NULL))
        ORDER BY {HOUSEHOLD_ORDER}""", ids)
    found = rows(db, f"""
        SELECT {SIGNUP_COLUMNS}
        FROM enrolments e JOIN residents r ON r.id = e.resident_id
        WHERE r.village_id IN ({marks}) AND e.superseded_by IS NULL
        ORDER BY e.enrolled_at""", ids)
    signups: dict[str, list[dict]] = {}
    for signup in found:
        signups.setdefault(signup["resident_id"], []).append(signup)
    return people, signups


def listed_counts(db: Database, commune_code: str) -> dict[int, int]:
    """People still on each village's list (to win, or won): the overview's whole."""
    return {r["village_id"]: r["n"] for r in rows(db, """
        SELECT r.village_id, count(*) AS n FROM residents r
        JOIN villages v ON v.id = r.village_id
        WHERE v.commune_code = ? AND r.merged_into IS NULL
          AND r.list_status IN ('on_list', 'enrolled')
        GROUP BY r.village_id""", (commune_code,))}


def agents(db: Database, user_ids: Iterable[int]) -> dict[int, dict]:
    """Display name and phone of the agents named in sign-ups."""
    ids = tuple(sorted({i for i in user_ids if i is not None}))
    if not ids:
        return {}
    return {r["id"]: r for r in rows(
        db, f"SELECT id, display_name, phone FROM users WHERE id IN ({','.join('?' * len(ids))})",
        ids)}
