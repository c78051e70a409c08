"""Village lists as officials review and export them: each person with their last visit."""

from __future__ import annotations

import json

from sqlite_utils import Database

from . import rows
from .records import VILLAGE_ORDER, latest_visits


def _last_visits(village_id: int | None) -> str:
    """Each person's latest visit in the commune (or one village)."""
    return latest_visits(
        "vi.resident_id, vi.outcome, vi.reasons, vi.reason_text, vi.follow_up_on, vi.visited_on,"
        " vi.user_id, vi.visited_at",
        "AND vv.commune_code = :commune"
        + (" AND vi.village_id = :village" if village_id is not None else ""),
        "JOIN villages vv ON vv.id = vi.village_id")


def status_rows(db: Database, commune_code: str, village_id: int | None = None) -> list[dict]:
    """Everyone on the commune's (or one village's) list, merged duplicates left out, in village,
    household and Vietnamese name order, with their last visit and the agent who made it."""
    params = {"commune": commune_code, "village": village_id}
    resident_filter = "AND r.village_id = :village" if village_id is not None else ""
    found = rows(db, f"""
        WITH last AS ({_last_visits(village_id)})
        SELECT r.id, r.village_id, v.name AS village_name, r.full_name, r.search_key,
               r.birth_date,
               r.birth_year, r.gender, r.cccd, r.bhxh_code, r.phone, r.ethnicity,
               r.relation_to_head, r.support_group, r.bhxh_status, r.bhyt_status,
               r.bhyt_expiry, r.list_status, r.household_id,
               h.household_code, h.head_name, h.address,
               last.outcome, last.reasons, last.reason_text, last.follow_up_on,
               last.visited_on, u.display_name AS agent_name
        FROM residents r JOIN villages v ON v.id = r.village_id
        LEFT JOIN households h ON h.id = r.household_id
        LEFT JOIN last ON last.resident_id = r.id
        LEFT JOIN users u ON u.id = last.user_id
        WHERE v.commune_code = :commune AND r.merged_into IS NULL {resident_filter}
        ORDER BY v.name, {VILLAGE_ORDER}""", params)
    for person in found:
        person["reasons"] = json.loads(person["reasons"]) if person["reasons"] else []
    return found


def decline_reasons(db: Database, commune_code: str,
                    village_id: int | None = None) -> list[dict]:
    """How many people still on the list gave each reason at their last visit, most first."""
    params = {"commune": commune_code, "village": village_id}
    return rows(db, f"""
        WITH last AS ({_last_visits(village_id)})
        SELECT reason.value AS reason, count(*) AS people
        FROM last JOIN residents r ON r.id = last.resident_id, json_each(last.reasons) AS reason
        WHERE r.list_status = 'on_list' AND r.merged_into IS NULL
        GROUP BY reason.value ORDER BY people DESC, reason.value""", params)

