"""Field records (append-only), their projections, and the records kept aside for review."""

from __future__ import annotations

import json

from sqlite_utils import Database

from . import insert, row, utc_now


def get_record(db: Database, record_id: str) -> dict | None:
    return row(db, "SELECT * FROM records WHERE id = ?", (record_id,))


def latest_record(db: Database, resident_id: str, kind: str) -> dict | None:
    """The newest record of a kind about a person: the one a further correction points at."""
    return row(db, "SELECT * FROM records WHERE resident_id = ? AND kind = ?"
                   " ORDER BY created_at_utc DESC, received_at DESC LIMIT 1", (resident_id, kind))


def insert_record(db: Database, values: dict) -> None:
    """Store one record exactly as received; ``values`` carries every column but received_at."""
    values = {**values, "received_at": utc_now()}
    insert(db, "records", values)


def insert_issue(db: Database, values: dict) -> int | None:
    """Keep a conflicting or rejected record for review, once per distinct payload."""
    existing = row(db, "SELECT id FROM sync_issues WHERE record_id = :record_id"
                       " AND status = :status AND payload = :payload AND resolution IS NULL",
                   values)
    if existing:
        return existing["id"]
    values = {**values, "received_at": utc_now()}
    return insert(db, "sync_issues", values)


def insert_visit(db: Database, values: dict) -> None:
    values = {**values, "reasons": json.dumps(values.get("reasons") or [])}
    insert(db, "visits", values)


def insert_enrolment(db: Database, values: dict) -> None:
    insert(db, "enrolments", values)


def enrolment_plan(db: Database, record_id: str) -> str | None:
    """The Phương án stored with a sign-up (a correction keeps it)."""
    found = row(db, "SELECT plan FROM enrolments WHERE record_id = ?", (record_id,))
    return found["plan"] if found else None


def supersede(db: Database, table: str, old_record_id: str, new_record_id: str) -> None:
    """A correction replaces the projection of the record it points at; the old record stays."""
    if table not in ("visits", "enrolments"):
        raise ValueError(table)
    db.conn.execute(f"UPDATE {table} SET superseded_by = ? WHERE record_id = ?",
                    (new_record_id, old_record_id))
