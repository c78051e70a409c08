"""Conflicting and rejected records under review: reading them and recording what was decided."""

from __future__ import annotations

import json
from datetime import date

from sqlite_utils import Database

from . import integers, jsontext, row, rows, utc_now
from .supervision import utc_bounds

# A question to the agent leaves the issue open for a final decision; the others close it.
FINAL_RESOLUTIONS = ("kept_stored", "accepted_incoming", "dismissed")
RESOLUTIONS = (*FINAL_RESOLUTIONS, "asked_agent")

# The kind as received, if it is one: a payload stored before they were checked may be no JSON,
# or hold text SQLite cannot hand to Python, and must not break the page that lists it.
_ISSUE_COLUMNS = """
    i.id, i.record_id, i.status, i.reason, i.user_id, i.device_id, i.seq, i.push_id,
    i.received_at, i.resolution, i.resolved_by, i.resolved_at, i.resolution_note,
    CASE WHEN json_valid(i.payload) AND json_extract(i.payload, '$.kind')
              IN ('visit', 'enrolment', 'resident')
         THEN json_extract(i.payload, '$.kind') END AS kind"""


def get_issue(db: Database, issue_id: int) -> dict | None:
    """One issue with the payload as received and the resolver's name."""
    issue = row(db, "SELECT i.*, u.display_name AS resolver_name FROM sync_issues i"
                    " LEFT JOIN users u ON u.id = i.resolved_by WHERE i.id = ?", (issue_id,))
    if issue is not None:
        issue["payload"] = jsontext.loads(issue["payload"], default=issue["payload"])
    return issue


def open_issues(db: Database, agent_ids: list[int]) -> list[dict]:
    """Issues nobody has dealt with yet, oldest first."""
    return rows(db, f"SELECT {_ISSUE_COLUMNS} FROM sync_issues i"
                    f" WHERE i.user_id IN {integers('?')}"
                    " AND i.resolution IS NULL ORDER BY i.received_at, i.id",
                (json.dumps(agent_ids),))


def agent_issues(db: Database, user_id: int, day: date) -> list[dict]:
    """An agent's issues received that day, and any older ones still waiting for a decision."""
    start, end = utc_bounds(day)
    return rows(db, f"""
        SELECT {_ISSUE_COLUMNS} FROM sync_issues i WHERE i.user_id = :user AND (
            (i.received_at >= :start AND i.received_at < :end)
            OR i.resolution IS NULL OR i.resolution = 'asked_agent')
        ORDER BY i.received_at, i.id""", {"user": user_id, "start": start, "end": end})


def resolve(db: Database, issue_id: int, resolution: str, resolved_by: int,
            note: str | None) -> None:
    """Record the decision in the issue's resolution columns (the caller audits it)."""
    if resolution not in RESOLUTIONS:
        raise ValueError(resolution)
    db.conn.execute(
        "UPDATE sync_issues SET resolution = ?, resolved_by = ?, resolved_at = ?,"
        " resolution_note = ? WHERE id = ?",
        (resolution, resolved_by, utc_now(), note, issue_id))
