"""What an agent sees: village checklists with each resident's status, follow-ups due, the day's
tally, and a resident's history. Read-only queries over residents and the record projections."""

from __future__ import annotations

import json

from sqlite_utils import Database

from . import counts as count_store
from . import row, rows
from .records import MEMBER_ORDER, VILLAGE_ORDER, latest_visit_of, latest_visits

_SCHEMES = """
    SELECT group_concat(DISTINCT e.scheme) FROM enrolments e
    WHERE e.resident_id = r.id AND e.superseded_by IS NULL"""


def village_checklist(db: Database, village_id: int) -> list[dict]:
    """Every resident of a village with last outcome, follow-up date and schemes signed up,
    households together (head first), households in the order of their head's name.

    Three plain indexed queries joined here: SQLite would scan a per-resident "latest visit"
    join once per row, which costs more than the whole page.
    """
    people = rows(db, f"""
        SELECT r.id, r.household_id, r.full_name, r.search_key, r.birth_year, r.cccd, r.phone,
               r.list_status, h.head_name
        FROM residents r LEFT JOIN households h ON h.id = r.household_id
        WHERE r.village_id = ? AND r.merged_into IS NULL
        ORDER BY {VILLAGE_ORDER}""", (village_id,))
    last = {v["resident_id"]: v for v in rows(db, f"""
        SELECT resident_id, outcome, visited_on, follow_up_on FROM ({latest_visits(
            "vi.resident_id, vi.outcome, vi.visited_on, vi.follow_up_on",
            "AND vi.village_id = ?")}) AS last""", (village_id,))}
    signed = dict(db.conn.execute("""
        SELECT resident_id, group_concat(DISTINCT scheme) FROM enrolments
        WHERE village_id = ? AND superseded_by IS NULL GROUP BY resident_id""", (village_id,)))
    for person in people:
        visit = last.get(person["id"])
        person["last_outcome"] = visit["outcome"] if visit else None
        person["last_visited_on"] = visit["visited_on"] if visit else None
        person["follow_up_on"] = visit["follow_up_on"] if visit else None
        person["schemes"] = signed.get(person["id"])
    return people


def village_counts(db: Database, village_ids: set[int], today: str) -> list[dict]:
    """The agent's villages with their counts as every page counts them (``store/counts``)."""
    if not village_ids:
        return []
    marks = ",".join("?" * len(village_ids))
    villages = rows(db, f"""
        SELECT v.id, v.name, c.name AS commune_name
        FROM villages v JOIN communes c ON c.code = v.commune_code
        WHERE v.id IN ({marks}) ORDER BY c.name, v.name""", tuple(village_ids))
    counted = count_store.village_counts(db, village_ids, today)
    return [{**village, **counted[village["id"]]} for village in villages]


def due_follow_ups(db: Database, village_ids: set[int], today: str,
                   limit: int = 100) -> list[dict]:
    """Residents whose latest visit set a follow-up date on or before ``today`` and who have
    not signed up since, oldest date first."""
    if not village_ids:
        return []
    marks = ",".join("?" * len(village_ids))
    return rows(db, f"""
        SELECT r.id, r.full_name, r.phone, r.village_id, vil.name AS village_name,
               lv.follow_up_on, lv.outcome AS last_outcome, lv.visited_on AS last_visited_on
        FROM residents r
        JOIN villages vil ON vil.id = r.village_id
        JOIN visits lv ON lv.record_id = ({latest_visit_of("r.id", "record_id")})
        WHERE r.village_id IN ({marks}) AND r.merged_into IS NULL
          AND r.list_status = 'on_list' AND lv.follow_up_on <= ?
          AND NOT EXISTS (SELECT 1 FROM enrolments e WHERE e.resident_id = r.id
                          AND e.superseded_by IS NULL)
        ORDER BY lv.follow_up_on, r.sort_key LIMIT ?""", (*village_ids, today, limit))


def day_tally(db: Database, user_id: int, day: str) -> dict:
    """One agent's day: visits, sign-ups, money collected, people added."""
    return row(db, """
        SELECT
          (SELECT count(*) FROM visits WHERE user_id = :user AND visited_on = :day
             AND superseded_by IS NULL) AS visits,
          (SELECT count(*) FROM enrolments WHERE user_id = :user AND enrolled_on = :day
             AND superseded_by IS NULL) AS enrolments,
          (SELECT coalesce(sum(amount), 0) FROM enrolments WHERE user_id = :user
             AND enrolled_on = :day AND superseded_by IS NULL) AS collected,
          (SELECT count(*) FROM records WHERE user_id = :user AND kind = 'resident'
             AND corrects IS NULL AND date(created_at_utc, '+7 hours') = :day) AS people_added
        """, {"user": user_id, "day": day})


def resident_history(db: Database, resident_id: str) -> list[dict]:
    """Every visit and sign-up about a person, corrected ones included, in time order."""
    visits = rows(db, """
        SELECT 'visit' AS kind, v.record_id, v.visited_at AS at, v.outcome, v.reasons,
               v.reason_text, v.follow_up_on, v.note, v.vssid, v.campaign, v.superseded_by,
               u.display_name AS agent_name
        FROM visits v JOIN users u ON u.id = v.user_id WHERE v.resident_id = ?""",
                  (resident_id,))
    for visit in visits:
        visit["reasons"] = json.loads(visit["reasons"])
    enrolments = rows(db, """
        SELECT 'enrolment' AS kind, e.record_id, e.enrolled_at AS at, e.scheme, e.months,
               e.income, e.support_group, e.position, e.start_month, e.amount, e.quoted_amount,
               e.receipt_no, e.receipt_date, e.superseded_by, u.display_name AS agent_name
        FROM enrolments e JOIN users u ON u.id = e.user_id WHERE e.resident_id = ?""",
                      (resident_id,))
    return sorted(visits + enrolments, key=lambda item: item["at"])


def last_visit(db: Database, resident_id: str) -> dict | None:
    """The latest visit that counts: its outcome, day and follow-up date (the next one due)."""
    return row(db, f"""
        SELECT outcome, visited_on, follow_up_on FROM visits
        WHERE record_id = ({latest_visit_of("?", "record_id")})""", (resident_id,))


def household_members(db: Database, household_id: str) -> list[dict]:
    """A household's members, head first, with the schemes each has signed up for."""
    return rows(db, f"""
        SELECT r.id, r.full_name, r.birth_date, r.birth_year, r.gender, r.relation_to_head,
               r.support_group, r.list_status, r.bhyt_status, r.village_id,
               ({_SCHEMES}) AS schemes
        FROM residents r WHERE r.household_id = ? AND r.merged_into IS NULL
        ORDER BY {MEMBER_ORDER}""",
                (household_id,))


def bhyt_joined_this_year(db: Database, household_id: str, year: int) -> list[str]:
    """Members who already joined household BHYT this year: they hold the first ladder places."""
    found = rows(db, """
        SELECT DISTINCT e.resident_id FROM enrolments e JOIN residents r ON r.id = e.resident_id
        WHERE r.household_id = ? AND e.scheme = 'bhyt_hgd' AND e.superseded_by IS NULL
          AND substr(e.enrolled_on, 1, 4) = ?""", (household_id, str(year)))
    return [r["resident_id"] for r in found]


