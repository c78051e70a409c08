"""Read model: the people who ever paid into a scheme, and their current sign-ups.

``agent_app.domain.retention`` turns these rows into paid-until, card expiry, due lists and renewal
outcomes. Corrected sign-ups (``superseded_by``) are left out; a merged duplicate is left out and
its sign-ups, moved by the merge, come with the person it was merged into.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from . import rows
from .records import MEMBER_ORDER

PERSON_COLUMNS = """
    r.id, r.household_id, r.village_id, r.full_name, r.phone, r.birth_date, r.birth_year,
    r.gender, r.cccd, r.bhxh_code, r.relation_to_head, r.support_group, r.bhxh_status,
    r.bhyt_status, r.bhyt_expiry, r.list_status, c.province_code AS province,
    v.name AS village_name, h.head_name, h.address"""


SIGNUP_COLUMNS = """
    e.record_id, e.resident_id, e.scheme, e.months, e.income, e.support_group, e.position,
    e.start_month, e.receipt_date, e.enrolled_on, e.enrolled_at, e.user_id"""


def participants(db: Database, village_ids: Iterable[int],
                 household_id: str | None = None) -> tuple[list[dict], dict]:
    """People of these villages (of one household, if given) whom the list shows in a scheme,
    or who signed up with us, in household order; and their current sign-ups by person."""
    ids = tuple(sorted(village_ids))
    if not ids:
        return [], {}
    marks = ",".join("?" * len(ids))
    household = " AND r.household_id = ?" if household_id else ""
    params = (*ids, household_id) if household_id else ids
    people = rows(db, f"""
        SELECT {PERSON_COLUMNS}
        FROM residents r JOIN villages v ON v.id = r.village_id
        JOIN communes c ON c.code = v.commune_code
        LEFT JOIN households h ON h.id = r.household_id
        WHERE r.village_id IN ({marks}) AND r.merged_into IS NULL{household}
          AND (r.bhxh_status != 'none' OR r.bhyt_status != 'none' OR r.bhyt_expiry IS NOT NULL
               OR EXISTS (SELECT 1 FROM enrolments e WHERE e.resident_id = r.id
                          AND e.superseded_by IS NULL))
        ORDER BY r.household_id, {MEMBER_ORDER}""", params)
    found = rows(db, f"""
        SELECT {SIGNUP_COLUMNS}
        FROM enrolments e JOIN residents r ON r.id = e.resident_id
        WHERE r.village_id IN ({marks}) AND e.superseded_by IS NULL{household}
        ORDER BY e.enrolled_at""", params)
    signups: dict[str, list[dict]] = {}
    for signup in found:
        signups.setdefault(signup["resident_id"], []).append(signup)
    return people, signups


def agents(db: Database, user_ids: Iterable[int]) -> dict[int, dict]:
    """Display name and phone of the agents named in sign-ups (the retention figures and the
    renewal list say whose people they are)."""
    ids = tuple(sorted({i for i in user_ids if i is not None}))
    if not ids:
        return {}
    return {r["id"]: r for r in rows(
        db, f"SELECT id, display_name, phone FROM users WHERE id IN ({','.join('?' * len(ids))})",
        ids)}
