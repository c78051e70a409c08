"""The audit trail: who changed what, when, before and after."""

from __future__ import annotations

import json

from sqlite_utils import Database

from . import rows, utc_now


def record_change(db: Database, user_id: int | None, entity: str, entity_id: str | int,
                  action: str, before: dict | None, after: dict | None) -> None:
    db.conn.execute(
        "INSERT INTO audit_log (at, user_id, entity, entity_id, action, before, after)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (utc_now(), user_id, entity, str(entity_id), action,
         json.dumps(before, ensure_ascii=False, default=str) if before is not None else None,
         json.dumps(after, ensure_ascii=False, default=str) if after is not None else None),
    )


def history(db: Database, entity: str, entity_id: str | int) -> list[dict]:
    found = rows(db, "SELECT a.*, u.display_name AS user_name FROM audit_log a"
                     " LEFT JOIN users u ON u.id = a.user_id"
                     " WHERE a.entity = ? AND a.entity_id = ? ORDER BY a.at, a.id",
                 (entity, str(entity_id)))
    return _decoded(found)


def recent(db: Database, entities: tuple[str, ...], limit: int = 50) -> list[dict]:
    """The latest changes to these kinds of entity, newest first."""
    marks = ", ".join("?" for _ in entities)
    found = rows(db, "SELECT a.*, u.display_name AS user_name FROM audit_log a"
                     " LEFT JOIN users u ON u.id = a.user_id"
                     f" WHERE a.entity IN ({marks}) ORDER BY a.id DESC LIMIT ?",
                 (*entities, limit))
    return _decoded(found)


def _decoded(found: list[dict]) -> list[dict]:
    for change in found:
        change["before"] = json.loads(change["before"]) if change["before"] else None
        change["after"] = json.loads(change["after"]) if change["after"] else None
    return found
