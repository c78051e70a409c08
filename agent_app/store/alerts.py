"""Alerts on the list that need a person's decision: a sign-up that arrived for someone already
off the list (marked deceased, moved away or insured elsewhere), typically recorded offline
before that mark reached the agent's phone. The sign-up and its money are kept; the person's
status is not touched until the commune official decides; the supervisor sees it meanwhile."""

from __future__ import annotations

import json

from sqlite_utils import Database

from . import audit, insert, integers, row, rows, transaction, utc_now
from . import residents as resident_store

OFF_LIST = ("moved_away", "deceased", "insured_elsewhere")
RESOLUTIONS = ("kept_status", "enrolled")

_ALERTS = """
    SELECT a.*, r.full_name AS resident_name, r.birth_date, r.birth_year,
           r.list_status AS status_now, v.id AS village_id, v.name AS village_name,
           v.commune_code, u.display_name AS agent_name, e.scheme, e.amount, e.enrolled_on,
           e.receipt_no, rb.display_name AS resolved_by_name
    FROM list_alerts a JOIN residents r ON r.id = a.resident_id
    JOIN villages v ON v.id = r.village_id JOIN users u ON u.id = a.user_id
    LEFT JOIN enrolments e ON e.record_id = a.record_id
    LEFT JOIN users rb ON rb.id = a.resolved_by"""


def raise_signup_off_list(db: Database, resident_id: str, record_id: str, user_id: int,
                          list_status: str) -> int:
    """Called by the enrolment projection, inside the push's transaction."""
    return insert(db, "list_alerts", {
        "kind": "signup_off_list", "resident_id": resident_id, "record_id": record_id,
        "user_id": user_id, "list_status": list_status, "raised_at": utc_now()})


def for_resident(db: Database, resident_id: str) -> list[dict]:
    """A person's alerts, open first, then the settled ones (newest first)."""
    return rows(db, _ALERTS + " WHERE a.resident_id = ?"
                " ORDER BY a.resolution IS NOT NULL, a.raised_at DESC", (resident_id,))


def open_in_commune(db: Database, commune_code: str) -> list[dict]:
    return rows(db, _ALERTS + " WHERE v.commune_code = ? AND a.resolution IS NULL"
                " ORDER BY a.raised_at", (commune_code,))


def open_for_agents(db: Database, agent_ids: list[int]) -> list[dict]:
    """Open alerts on the records of these agents (the supervisor's day)."""
    return rows(db, _ALERTS + " WHERE a.resolution IS NULL AND a.user_id IN"
                f" {integers('?')} ORDER BY a.raised_at",
                (json.dumps(agent_ids),))


def get_alert(db: Database, alert_id: int) -> dict | None:
    return row(db, _ALERTS + " WHERE a.id = ?", (alert_id,))


def resolve(db: Database, user_id: int, alert_id: int, resolution: str, note: str | None) -> None:
    """The official decides: the off-list mark stands (the money goes back, or the office is
    told), or it was wrong and the person is enrolled by this sign-up. Audited on the person."""
    if resolution not in RESOLUTIONS:
        raise ValueError(resolution)
    with transaction(db):
        alert = get_alert(db, alert_id)
        if alert is None or alert["resolution"] is not None:
            raise ValueError("no open alert")
        before = {"list_status": alert["status_now"]}
        if resolution == "enrolled":
            resident_store.signed_up(db, alert["resident_id"])
        db.conn.execute("UPDATE list_alerts SET resolution = ?, resolved_by = ?,"
                        " resolved_at = ?, note = ? WHERE id = ?",
                        (resolution, user_id, utc_now(), note, alert_id))
        after = {"list_status": resident_store.get_resident(db, alert["resident_id"])
                 ["list_status"], "alert": resolution}
        audit.record_change(db, user_id, "resident", alert["resident_id"], "alert",
                            before, after)
