"""Targets set for a commune or a village, per year and scheme."""

from __future__ import annotations

from sqlite_utils import Database

from . import rows


def set_target(db: Database, commune_code: str, village_id: int | None, year: int, scheme: str,
               kind: str, value: float) -> None:
    db.conn.execute(
        "DELETE FROM targets WHERE commune_code = ? AND village_id IS ? AND year = ?"
        " AND scheme = ? AND kind = ?", (commune_code, village_id, year, scheme, kind))
    db.conn.execute(
        "INSERT INTO targets (commune_code, village_id, year, scheme, kind, value)"
        " VALUES (?, ?, ?, ?, ?, ?)", (commune_code, village_id, year, scheme, kind, value))


def commune_targets(db: Database, commune_code: str, year: int) -> list[dict]:
    return rows(db, "SELECT * FROM targets WHERE commune_code = ? AND year = ?",
                (commune_code, year))
