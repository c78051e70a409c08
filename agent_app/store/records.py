"""Field records (append-only), their projections, the records kept aside for review, and the
SQL fragments that say which projections count, written once for every read model."""

from __future__ import annotations

import json

from sqlite_utils import Database

from . import insert, row, utc_now

# A visit counts until a correction supersedes it (``supersede``); a person's latest visit is the
# counting one with the newest ``visited_at``. The rule has two shapes, chosen for how both
# engines answer them: a window over a set of visits for a list page, and a scalar subquery per
# person, answered from the visits_resident index, for counts and follow-ups.


def latest_visits(columns: str, where: str = "", joins: str = "") -> str:
    """A query for each person's latest visit among the visits (alias ``vi``) that ``joins`` and
    ``where`` pick: ``columns`` per person, plus ``newest``; select from it by name."""
    return f"""
        SELECT * FROM (
            SELECT {columns}, row_number() OVER (PARTITION BY vi.resident_id
                                                 ORDER BY vi.visited_at DESC) AS newest
            FROM visits vi {joins}
            WHERE vi.superseded_by IS NULL {where}) AS ranked
        WHERE newest = 1"""


def latest_visit_of(resident: str, column: str, until: str | None = None) -> str:
    """A scalar subquery: ``column`` of the latest visit of the person whose id is the SQL
    ``resident`` (``r.id``, ``?``), counting only visits on or before the day ``until`` names."""
    by_day = f" AND lv.visited_on <= {until}" if until else ""
    return f"""
        SELECT lv.{column} FROM visits lv
        WHERE lv.resident_id = {resident} AND lv.superseded_by IS NULL{by_day}
        ORDER BY lv.visited_at DESC LIMIT 1"""


# The head of a household first (no relation written reads as not the head).
HEAD_FIRST = "coalesce(r.relation_to_head, '') != 'Chủ hộ'"
# A village list (residents ``r``, households ``h``): households by their head's name, unnamed
# ones last, each household head first, then by name. The offline copy sorts alike
# (static/js/offline/local.js, checklistPeople). NULLs are placed by hand: SQLite sorts them
# first, PostgreSQL last.
VILLAGE_ORDER = (f"h.head_name IS NULL, h.head_name, r.household_id IS NOT NULL, r.household_id,"
                 f" {HEAD_FIRST}, r.sort_key")
# A household's members as its form lists them: head first, then by birth year (unknown first),
# then by name.
# BHYT ladder places follow this order; the offline copy sorts alike (static/js/offline/local.js,
# householdMembers).
MEMBER_ORDER = f"{HEAD_FIRST}, r.birth_year IS NOT NULL, r.birth_year, r.sort_key"


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
