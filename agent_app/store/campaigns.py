"""Campaign days: a named day when agents sweep chosen villages, and what it brought in.

A visit counts for a campaign when it was made on the campaign day, in one of its villages, by
one of its agents; or when the agent tagged it with the campaign's name (``visits.campaign``,
compared by search key, so "Ngày cao điểm" = "ngay cao diem"), on any day. A sign-up counts when
it was made on the campaign day in its villages by its agents, or by the agent of a tagged visit
to the same person on the same day.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlite_utils import Database

from ..domain.text import search_key
from . import audit, insert, row, rows, transaction, utc_now


def create_campaign(db: Database, user_id: int, commune_code: str, name: str, held_on: str,
                    village_ids: list[int], agent_ids: list[int]) -> int:
    with transaction(db):
        campaign_id = insert(db, "campaigns", {
            "commune_code": commune_code, "name": name, "held_on": held_on,
            "created_by": user_id, "created_at": utc_now()})
        for village_id in village_ids:
            insert(db, "campaign_villages", {"campaign_id": campaign_id, "village_id": village_id})
        for agent_id in agent_ids:
            insert(db, "campaign_agents", {"campaign_id": campaign_id, "user_id": agent_id})
        audit.record_change(db, user_id, "campaign", campaign_id, "create", None,
                            {"name": name, "held_on": held_on, "villages": village_ids,
                             "agents": agent_ids})
    return campaign_id


def get_campaign(db: Database, commune_code: str, campaign_id: int) -> dict | None:
    campaign = row(db, "SELECT * FROM campaigns WHERE id = ? AND commune_code = ?",
                   (campaign_id, commune_code))
    if campaign is None:
        return None
    campaign["villages"] = rows(db, """
        SELECT v.id, v.name FROM campaign_villages cv JOIN villages v ON v.id = cv.village_id
        WHERE cv.campaign_id = ? ORDER BY v.name""", (campaign_id,))
    campaign["agents"] = rows(db, """
        SELECT u.id, u.display_name FROM campaign_agents ca JOIN users u ON u.id = ca.user_id
        WHERE ca.campaign_id = ? ORDER BY u.display_name""", (campaign_id,))
    return campaign


def campaigns_in_villages(db: Database, village_ids: list[int], first_day: str,
                          last_day: str) -> list[dict]:
    """Campaign days between two days (inclusive) held in any of these villages: what a visit
    may be tagged with (the form shows only the phone's today among them)."""
    if not village_ids:
        return []
    marks = ",".join("?" * len(village_ids))
    return rows(db, f"""
        SELECT DISTINCT c.id, c.name, c.held_on FROM campaigns c
        JOIN campaign_villages cv ON cv.campaign_id = c.id
        WHERE cv.village_id IN ({marks}) AND c.held_on BETWEEN ? AND ?
        ORDER BY c.held_on, c.name""", (*village_ids, first_day, last_day))


# A page or a phone's copy offers a week of campaign days: it stays right for that week offline.
DAYS_AHEAD = 7


def campaigns_ahead(db: Database, village_ids: list[int], today: date) -> list[dict]:
    """The campaign days a visit may be tagged with, from ``today`` to a week on."""
    return campaigns_in_villages(db, village_ids, today.isoformat(),
                                 (today + timedelta(days=DAYS_AHEAD)).isoformat())


def list_campaigns(db: Database, commune_code: str) -> list[dict]:
    return rows(db, "SELECT * FROM campaigns WHERE commune_code = ? ORDER BY held_on DESC, id DESC",
                (commune_code,))


def _tags(db: Database, commune_code: str, name: str) -> list[str]:
    """The campaign texts agents typed in this commune that mean this campaign's name."""
    found = rows(db, """
        SELECT DISTINCT vi.campaign FROM visits vi JOIN villages v ON v.id = vi.village_id
        WHERE v.commune_code = ? AND vi.campaign IS NOT NULL""", (commune_code,))
    key = search_key(name)
    return [r["campaign"] for r in found if search_key(r["campaign"]) == key]


def tally(db: Database, campaign: dict) -> dict:
    """Visits, people met, sign-ups per scheme and money collected for one campaign."""
    tags = _tags(db, campaign["commune_code"], campaign["name"])
    day_match = """vi.visited_on = :day
        AND vi.village_id IN (SELECT village_id FROM campaign_villages WHERE campaign_id = :id)
        AND vi.user_id IN (SELECT user_id FROM campaign_agents WHERE campaign_id = :id)"""
    params = {"id": campaign["id"], "day": campaign["held_on"], "commune": campaign["commune_code"],
              **{f"t{i}": tag for i, tag in enumerate(tags)}}
    tag_marks = ",".join(f":t{i}" for i in range(len(tags))) or "NULL"
    visits = row(db, f"""
        SELECT count(*) AS visits, count(DISTINCT vi.resident_id) AS people,
               count(DISTINCT vi.resident_id) FILTER (WHERE vi.outcome != 'not_home') AS met,
               count(*) FILTER (WHERE vi.outcome IN ('refused', 'considering')) AS declined
        FROM visits vi JOIN villages v ON v.id = vi.village_id
        WHERE v.commune_code = :commune AND vi.superseded_by IS NULL
          AND (({day_match}) OR vi.campaign IN ({tag_marks}))""", params)
    signups = rows(db, f"""
        SELECT e.scheme, count(*) AS n, sum(e.amount) AS amount
        FROM enrolments e JOIN villages v ON v.id = e.village_id
        WHERE v.commune_code = :commune AND e.superseded_by IS NULL AND (
            (e.enrolled_on = :day
             AND e.village_id IN (SELECT village_id FROM campaign_villages WHERE campaign_id = :id)
             AND e.user_id IN (SELECT user_id FROM campaign_agents WHERE campaign_id = :id))
            OR EXISTS (SELECT 1 FROM visits vi WHERE vi.resident_id = e.resident_id
                       AND vi.superseded_by IS NULL AND vi.campaign IN ({tag_marks})
                       AND vi.visited_on = e.enrolled_on AND vi.user_id = e.user_id))
        GROUP BY e.scheme""", params)
    by_scheme = {r["scheme"]: r for r in signups}
    result = {**visits, "bhxh": 0, "bhyt": 0, "amount": 0}
    for scheme, key in (("bhxh_tn", "bhxh"), ("bhyt_hgd", "bhyt")):
        if scheme in by_scheme:
            result[key] = by_scheme[scheme]["n"]
            result["amount"] += by_scheme[scheme]["amount"] or 0
    result["signups"] = result["bhxh"] + result["bhyt"]
    return result
