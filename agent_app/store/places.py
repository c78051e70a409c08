"""Provinces, communes and villages: places are data with codes, not code."""

from __future__ import annotations

from sqlite_utils import Database

from ..domain.text import clean, search_key
from . import row, rows
from .counts import LISTED


def upsert_province(db: Database, code: str, name: str) -> None:
    db.conn.execute(
        "INSERT INTO provinces (code, name) VALUES (?, ?)"
        " ON CONFLICT(code) DO UPDATE SET name = excluded.name", (code, name))


def upsert_commune(db: Database, code: str, province_code: str, name: str,
                   bhxh_office: str | None = None, population: int | None = None,
                   kind: str | None = None) -> None:
    """Add or rename a commune; ``kind`` is its type in the units list (Xã, Phường, Đặc khu)."""
    db.conn.execute(
        "INSERT INTO communes (code, province_code, name, bhxh_office, population, kind)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(code) DO UPDATE SET name = excluded.name,"
        " province_code = excluded.province_code,"
        " bhxh_office = coalesce(excluded.bhxh_office, communes.bhxh_office),"
        " population = coalesce(excluded.population, communes.population),"
        " kind = coalesce(excluded.kind, communes.kind)",
        (code, province_code, name, bhxh_office, population, kind))


def get_commune(db: Database, code: str) -> dict | None:
    return row(db, "SELECT c.*, p.name AS province_name FROM communes c"
                   " JOIN provinces p ON p.code = c.province_code WHERE c.code = ?", (code,))


def list_communes(db: Database, codes: set[str] | None = None) -> list[dict]:
    found = rows(db, "SELECT c.*, p.name AS province_name FROM communes c"
                     " JOIN provinces p ON p.code = c.province_code ORDER BY p.name, c.name")
    return [c for c in found if codes is None or c["code"] in codes]


def village_id_for(db: Database, commune_code: str, name: str, *,
                   create: bool = True) -> int | None:
    """The village with this name in the commune ("Thôn 3" = "THÔN  3"), made on first sight."""
    key = search_key(name)
    found = row(db, "SELECT id FROM villages WHERE commune_code = ? AND search_key = ?",
                (commune_code, key))
    if found:
        return found["id"]
    if not create:
        return None
    cursor = db.conn.execute(
        "INSERT INTO villages (commune_code, name, search_key) VALUES (?, ?, ?)",
        (commune_code, clean(name), key))
    return cursor.lastrowid


def set_village_population(db: Database, village_id: int, population: int | None) -> None:
    db.conn.execute("UPDATE villages SET population = ? WHERE id = ?", (population, village_id))


def get_village(db: Database, village_id: int) -> dict | None:
    return row(db, "SELECT v.*, c.name AS commune_name, c.province_code,"
                   " c.kind AS commune_kind FROM villages v"
                   " JOIN communes c ON c.code = v.commune_code WHERE v.id = ?", (village_id,))


def list_villages(db: Database, village_ids: set[int]) -> list[dict]:
    """Villages with their list counts, in commune then name order."""
    if not village_ids:
        return []
    marks = ",".join("?" * len(village_ids))
    return rows(db, f"""
        SELECT v.id, v.name, v.commune_code, c.name AS commune_name, v.population,
               count(r.id) FILTER (WHERE r.list_status IN {LISTED}) AS listed,
               count(r.id) FILTER (WHERE r.list_status = 'on_list') AS on_list,
               count(r.id) FILTER (WHERE r.list_status = 'enrolled') AS enrolled,
               count(r.id) AS residents,
               count(DISTINCT r.household_id) AS households
        FROM villages v JOIN communes c ON c.code = v.commune_code
        LEFT JOIN residents r ON r.village_id = v.id AND r.merged_into IS NULL
        WHERE v.id IN ({marks})
        GROUP BY v.id, c.name ORDER BY c.name, v.name""", tuple(village_ids))


def list_provinces(db: Database) -> list[dict]:
    return rows(db, "SELECT code, name FROM provinces ORDER BY name")
