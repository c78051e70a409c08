"""Read model: what an agent's phone holds (its villages' lists and field work), and what changed
since a phone's cursor. Rows go out as lists under one list of field names; ``sync/pull.py``
pages them by size.

The change feed is the ``changes`` table, filled by triggers (migration 0009) on every table a
phone copies, so it cannot miss a writer.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlite_utils import Database

from . import integers, row, rows, scalar

HOUSEHOLD_FIELDS = ("id", "village_id", "household_code", "head_name", "address")
# No search or sort key: the phone derives them from the name (static/js/offline/text.js, held
# to agent_app/domain/text.py by tests), which saves a tenth of a first pull.
RESIDENT_FIELDS = (
    "id", "household_id", "village_id", "full_name", "birth_date", "birth_year", "gender", "cccd",
    "bhxh_code", "phone", "ethnicity", "relation_to_head", "support_group", "bhxh_status",
    "bhyt_status", "bhyt_expiry", "list_status", "record_id",
)
VISIT_FIELDS = (
    "record_id", "resident_id", "village_id", "user_id", "visited_at", "visited_on", "outcome",
    "reasons", "reason_text", "follow_up_on", "note", "vssid", "campaign", "superseded_by",
)
ENROLMENT_FIELDS = (
    "record_id", "resident_id", "village_id", "user_id", "enrolled_at", "enrolled_on", "scheme",
    "months", "income", "support_group", "position", "start_month", "amount", "quoted_amount",
    "receipt_no", "receipt_date", "superseded_by",
)
QUESTION_FIELDS = ("id", "record_id", "status", "reason", "kind", "data", "question", "asked_at",
                   "asked_by")

# One query per table: a village's rows after a key, or given rows by key. The resident carries
# the newest record that made or corrected them (the card's "Sửa thông tin" points at it).
_COLUMNS = {
    "households": "h.id, h.village_id, h.household_code, h.head_name, h.address",
    "residents": f"""
        {", ".join("r." + f for f in RESIDENT_FIELDS if f != "record_id")},
        (SELECT x.id FROM records x WHERE x.resident_id = r.id AND x.kind = 'resident'
         ORDER BY x.created_at_utc DESC, x.received_at DESC LIMIT 1) AS record_id""",
    "visits": ", ".join("v." + f for f in VISIT_FIELDS),
    "enrolments": ", ".join("e." + f for f in ENROLMENT_FIELDS),
}
_FROM = {"households": "households h", "residents": "residents r", "visits": "visits v",
         "enrolments": "enrolments e"}
# Residents go out household by household: a household's id then repeats from row to row, and
# gzip sends the repeat in a few bytes.
_ORDER = {"households": "h.id", "residents": "coalesce(r.household_id, '') || ' ' || r.id",
          "visits": "v.record_id", "enrolments": "e.record_id"}
_KEY = {"households": "h.id", "residents": "r.id", "visits": "v.record_id",
        "enrolments": "e.record_id"}
# A merged duplicate is not on any list: a phone drops it.
_LISTED = {"residents": "r.merged_into IS NULL"}
FIELDS = {"households": HOUSEHOLD_FIELDS, "residents": RESIDENT_FIELDS,
          "visits": VISIT_FIELDS, "enrolments": ENROLMENT_FIELDS}
TABLES = tuple(FIELDS)
ENTITY_TABLES = {"household": "households", "resident": "residents", "visit": "visits",
                 "enrolment": "enrolments"}


def _values(table: str, found: dict) -> list:
    if table == "visits":
        found["reasons"] = json.loads(found["reasons"] or "[]")
    return [found[name] for name in FIELDS[table]]


def cursor_now(db: Database) -> int:
    """The newest change: a pull that starts now ends its phone's copy here."""
    return scalar(db, "SELECT coalesce(max(id), 0) FROM changes")


def villages(db: Database, village_ids: Iterable[int]) -> list[dict]:
    """The villages as the phone names them, in the order the home page lists them."""
    ids = sorted(village_ids)
    return rows(db, f"""
        SELECT v.id, v.name, v.commune_code, c.name AS commune_name, c.province_code,
               c.kind AS commune_kind
        FROM villages v JOIN communes c ON c.code = v.commune_code
        WHERE v.id IN {integers('?')}
        ORDER BY c.name, v.name""",
                (json.dumps(ids),))


def village_rows(db: Database, table: str, village_id: int, after: str,
                 limit: int) -> list[tuple[str, list]]:
    """(position, values) of a village's rows of ``table`` after ``after``, in position order."""
    listed = f" AND {_LISTED[table]}" if table in _LISTED else ""
    order = _ORDER[table]
    found = rows(db, f"SELECT {_COLUMNS[table]}, {order} AS position FROM {_FROM[table]}"
                     f" WHERE {_KEY[table].split('.')[0]}.village_id = ? AND {order} > ?"
                     f"{listed} ORDER BY {order} LIMIT ?", (village_id, after, limit))
    return [(r["position"], _values(table, r)) for r in found]


def count_village_rows(db: Database, village_ids: Iterable[int]) -> int:
    """How many rows a full copy of these villages holds (for the phone's progress bar)."""
    ids = json.dumps(sorted(village_ids))
    return scalar(db, f"""
        SELECT (SELECT count(*) FROM households
                WHERE village_id IN {integers(':v')})
             + (SELECT count(*) FROM residents WHERE merged_into IS NULL
                AND village_id IN {integers(':v')})
             + (SELECT count(*) FROM visits WHERE village_id IN {integers(':v')})
             + (SELECT count(*) FROM enrolments
                WHERE village_id IN {integers(':v')})""", {"v": ids})


def current_rows(db: Database, table: str, keys: list[str]) -> dict[str, dict]:
    """Given rows of ``table`` as they are now, by key (missing or merged ones are absent)."""
    if not keys:
        return {}
    listed = f" AND {_LISTED[table]}" if table in _LISTED else ""
    found = rows(db, f"SELECT {_COLUMNS[table]} FROM {_FROM[table]}"
                     f" WHERE {_KEY[table]} IN (SELECT value FROM json_each(?)){listed}",
                 (json.dumps(keys),))
    return {str(r[FIELDS[table][0]]): r for r in found}


def row_values(table: str, found: dict) -> list:
    return _values(table, dict(found))


def gained_villages(db: Database, user_id: int, since: int, until: int,
                    village_ids: set[int]) -> set[int]:
    """Villages assigned to the user after ``since``: the phone gets their whole lists."""
    found = {int(r["entity_id"]) for r in rows(
        db, "SELECT entity_id FROM changes WHERE user_id = ? AND entity = 'assignment'"
            " AND id > ? AND id <= ?", (user_id, since, until))}
    return found & village_ids


def changes(db: Database, user_id: int, village_ids: Iterable[int], after: int, until: int,
            limit: int) -> list[dict]:
    """Changes after ``after`` (up to ``until``) that concern this agent: their villages' rows,
    the rules, and their sync issues; oldest first."""
    return rows(db, f"""
        SELECT id, entity, entity_id FROM changes
        WHERE id > :after AND id <= :until AND (
              village_id IN {integers(':villages')}
              OR entity = 'rules' OR (entity = 'issue' AND user_id = :user))
        ORDER BY id LIMIT :limit""",
                {"after": after, "until": until, "user": user_id, "limit": limit,
                 "villages": json.dumps(sorted(village_ids))})


def count_changes(db: Database, user_id: int, village_ids: Iterable[int], after: int,
                  until: int) -> int:
    return scalar(db, f"""
        SELECT count(*) FROM changes WHERE id > :after AND id <= :until AND (
              village_id IN {integers(':villages')}
              OR entity = 'rules' OR (entity = 'issue' AND user_id = :user))""",
                  {"after": after, "until": until, "user": user_id,
                   "villages": json.dumps(sorted(village_ids))})


def _question(found: dict) -> dict:
    payload = found.pop("payload")
    try:
        parsed = json.loads(payload)
    except ValueError:
        parsed = {}
    data = parsed.get("data") if isinstance(parsed, dict) else None
    found["data"] = data if isinstance(data, dict) else {}
    found["kind"] = parsed.get("kind") if isinstance(parsed, dict) else None
    return found


_QUESTIONS = """
    SELECT i.id, i.record_id, i.status, i.reason, i.payload, i.resolution_note AS question,
           i.resolved_at AS asked_at, u.display_name AS asked_by
    FROM sync_issues i LEFT JOIN users u ON u.id = i.resolved_by
    WHERE i.user_id = ? AND i.resolution = 'asked_agent'"""


def questions(db: Database, user_id: int) -> list[dict]:
    """Supervisors' questions to this agent about records the server kept aside, oldest first."""
    return [_question(q) for q in rows(db, _QUESTIONS + " ORDER BY i.resolved_at, i.id",
                                       (user_id,))]


def question(db: Database, user_id: int, issue_id: int) -> dict | None:
    """One issue as a question to this agent, or None when it is not (or no longer) one."""
    found = row(db, _QUESTIONS + " AND i.id = ?", (user_id, issue_id))
    return _question(found) if found else None


def question_values(found: dict) -> list:
    return [found[name] for name in QUESTION_FIELDS]


def user_names(db: Database, user_ids: Iterable[int]) -> dict[str, str]:
    """Display names of the agents whose work the phone shows (a card's history names them)."""
    ids = sorted({i for i in user_ids if i is not None})
    if not ids:
        return {}
    return {str(r["id"]): r["display_name"] for r in rows(
        db, f"SELECT id, display_name FROM users WHERE id IN {integers('?')}",
        (json.dumps(ids),))}

