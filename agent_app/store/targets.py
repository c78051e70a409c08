"""Targets set for a commune or a village, per year and scheme: all the SQL on ``targets`` (the
corrections module audits an official's changes; the demo seeds them)."""

from __future__ import annotations

from sqlite_utils import Database

from . import row, rows


def set_target(db: Database, commune_code: str, village_id: int | None, year: int, scheme: str,
               kind: str, value: float) -> None:
    db.conn.execute(
        "DELETE FROM targets WHERE commune_code = ? AND village_id IS ? AND year = ?"
        " AND scheme = ? AND kind = ?", (commune_code, village_id, year, scheme, kind))
    db.conn.execute(
        "INSERT INTO targets (commune_code, village_id, year, scheme, kind, value)"
        " VALUES (?, ?, ?, ?, ?, ?)", (commune_code, village_id, year, scheme, kind, value))


def village_target(db: Database, commune_code: str, village_id: int, year: int, scheme: str,
                   kind: str) -> float | None:
    found = row(db, "SELECT value FROM targets WHERE commune_code = ? AND village_id = ?"
                    " AND year = ? AND scheme = ? AND kind = ?",
                (commune_code, village_id, year, scheme, kind))
    return found["value"] if found else None


def clear_village_target(db: Database, commune_code: str, village_id: int, year: int,
                         scheme: str, kind: str) -> None:
    db.conn.execute("DELETE FROM targets WHERE commune_code = ? AND village_id = ?"
                    " AND year = ? AND scheme = ? AND kind = ?",
                    (commune_code, village_id, year, scheme, kind))


def village_targets(db: Database, commune_code: str, year: int) -> dict[int | None, dict]:
    """{village_id or None (the commune): {scheme: {"kind": ..., "value": ...}}}."""
    found = rows(db, "SELECT village_id, scheme, kind, value FROM targets"
                     " WHERE commune_code = ? AND year = ? ORDER BY kind", (commune_code, year))
    targets: dict[int | None, dict] = {}
    for r in found:
        targets.setdefault(r["village_id"], {})[r["scheme"]] = {"kind": r["kind"],
                                                                "value": r["value"]}
    return targets
