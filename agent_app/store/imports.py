"""The import log: every committed list import, who made it, and what it skipped or warned about."""

from __future__ import annotations

import json

from sqlite_utils import Database

from . import insert, row, rows, utc_now


def log_import(db: Database, user_id: int | None, file_name: str, commune_code: str,
               report: dict) -> int:
    """Store one import's report (the same shape `import-list --json` prints)."""
    return insert(db, "imports", {
        "user_id": user_id, "at": utc_now(), "file_name": file_name,
        "commune_code": commune_code, "created": report["created"],
        "updated": report["updated"], "unchanged": report["unchanged"],
        "skipped": json.dumps(report["skipped"], ensure_ascii=False),
        "warnings": json.dumps(report["warnings"], ensure_ascii=False),
        "new_villages": json.dumps(report["new_villages"], ensure_ascii=False),
    })


def list_imports(db: Database, commune_codes: set[str], limit: int = 200) -> list[dict]:
    """The latest imports into these communes, newest first, with how many rows were skipped."""
    if not commune_codes:
        return []
    marks = ",".join("?" * len(commune_codes))
    return rows(db, f"""
        SELECT i.id, i.at, i.file_name, i.commune_code, c.name AS commune_name,
               u.display_name AS user_name, i.created, i.updated, i.unchanged,
               (SELECT count(DISTINCT json_extract(s.value, '$.row'))
                  FROM json_each(i.skipped) s) AS skipped_rows,
               json_array_length(i.warnings) AS warning_count
        FROM imports i JOIN communes c ON c.code = i.commune_code
        LEFT JOIN users u ON u.id = i.user_id
        WHERE i.commune_code IN ({marks})
        ORDER BY i.at DESC, i.id DESC LIMIT ?""", (*sorted(commune_codes), limit))


def get_import(db: Database, import_id: int) -> dict | None:
    found = row(db, """
        SELECT i.*, c.name AS commune_name, u.display_name AS user_name
        FROM imports i JOIN communes c ON c.code = i.commune_code
        LEFT JOIN users u ON u.id = i.user_id WHERE i.id = ?""", (import_id,))
    if found:
        found["skipped"] = json.loads(found["skipped"])
        found["warnings"] = json.loads(found["warnings"])
        found["new_villages"] = json.loads(found["new_villages"])
    return found
