"""Households and residents: the lists the BHXH office hands out, and people met in the field."""

from __future__ import annotations

import uuid

from sqlite_utils import Database

from ..domain.text import name_sort_key, search_key
from . import insert, row, rows, utc_now

RESIDENT_FIELDS = (
    "household_id", "village_id", "full_name", "birth_date", "birth_year", "gender", "cccd",
    "bhxh_code", "phone", "ethnicity", "relation_to_head", "support_group", "bhxh_status",
    "bhyt_status", "bhyt_expiry", "list_status", "nationality", "birth_place",
)
HOUSEHOLD_FIELDS = ("village_id", "household_code", "head_name", "address")


def new_id() -> str:
    return str(uuid.uuid4())


def insert_household(db: Database, values: dict) -> str:
    household_id = values.get("id") or new_id()
    now = utc_now()
    db.conn.execute(
        "INSERT INTO households (id, village_id, household_code, head_name, address, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (household_id, values["village_id"], values.get("household_code"),
         values.get("head_name"), values.get("address"), now, now))
    return household_id


def update_household(db: Database, household_id: str, changes: dict) -> None:
    changes = {k: v for k, v in changes.items() if k in HOUSEHOLD_FIELDS}
    if not changes:
        return
    sets = ", ".join(f"{k} = :{k}" for k in changes)
    db.conn.execute(f"UPDATE households SET {sets}, updated_at = :now WHERE id = :id",
                    {**changes, "now": utc_now(), "id": household_id})


def get_household(db: Database, household_id: str) -> dict | None:
    return row(db, "SELECT * FROM households WHERE id = ?", (household_id,))


def find_household(db: Database, village_id: int, household_code: str | None,
                   head_name: str | None) -> dict | None:
    """A household by its BHXH code, else by its head's name within the village."""
    if household_code:
        found = row(db, "SELECT * FROM households WHERE household_code = ? AND village_id = ?",
                    (household_code, village_id))
        if found:
            return found
    if head_name:
        return row(db, "SELECT * FROM households WHERE village_id = ? AND head_name = ?"
                       " AND household_code IS NULL", (village_id, head_name))
    return None


def _derived(values: dict) -> dict:
    name = values["full_name"]
    return {"search_key": search_key(name), "sort_key": name_sort_key(name)}


def insert_resident(db: Database, values: dict) -> str:
    resident_id = values.get("id") or new_id()
    record = {k: values.get(k) for k in RESIDENT_FIELDS}
    record.update(_derived(values), id=resident_id, created_at=utc_now())
    record["updated_at"] = record["created_at"]
    for key, default in (("support_group", "other"), ("bhxh_status", "none"),
                         ("bhyt_status", "none"), ("list_status", "on_list")):
        record[key] = record[key] or default
    insert(db, "residents", record)
    return resident_id


def update_resident(db: Database, resident_id: str, changes: dict) -> None:
    changes = {k: v for k, v in changes.items() if k in RESIDENT_FIELDS}
    if not changes:
        return
    if "full_name" in changes:
        changes.update(_derived(changes))
    sets = ", ".join(f"{k} = :{k}" for k in changes)
    db.conn.execute(f"UPDATE residents SET {sets}, updated_at = :now WHERE id = :id",
                    {**changes, "now": utc_now(), "id": resident_id})


def signed_up(db: Database, resident_id: str) -> None:
    """A sign-up puts the person among those who joined. The BHXH and BHYT status columns keep
    what the imported list said: paid-until and card expiry come from the sign-ups themselves
    (agent_app/domain/retention.py)."""
    update_resident(db, resident_id, {"list_status": "enrolled"})


def get_resident(db: Database, resident_id: str) -> dict | None:
    return row(db, "SELECT r.*, h.household_code, h.head_name, h.address FROM residents r"
                   " LEFT JOIN households h ON h.id = r.household_id WHERE r.id = ?",
               (resident_id,))


def find_match(db: Database, village_id: int, values: dict) -> dict | None:
    """The stored resident this row describes: by CCCD, else mã số BHXH, else name key plus birth
    date or year within the village. Tone-mark placement and case do not matter."""
    if values.get("cccd"):
        found = row(db, "SELECT * FROM residents WHERE cccd = ?", (values["cccd"],))
        if found:
            return found
    if values.get("bhxh_code"):
        found = row(db, "SELECT * FROM residents WHERE bhxh_code = ?", (values["bhxh_code"],))
        if found:
            return found
    key = search_key(values["full_name"])
    if values.get("birth_date"):
        return row(db, "SELECT * FROM residents WHERE village_id = ? AND search_key = ?"
                       " AND birth_date = ?", (village_id, key, values["birth_date"]))
    if values.get("birth_year"):
        return row(db, "SELECT * FROM residents WHERE village_id = ? AND search_key = ?"
                       " AND birth_year = ?", (village_id, key, values["birth_year"]))
    return None


def possible_duplicates(db: Database, village_id: int, key: str, birth_year: int | None,
                        cccd: str | None) -> list[dict]:
    """People who may be this new person: same name key and birth year in the village, or the
    same CCCD anywhere."""
    return rows(db, """
        SELECT r.id, r.full_name, r.birth_date, r.birth_year, r.cccd, r.village_id,
               h.head_name
        FROM residents r LEFT JOIN households h ON h.id = r.household_id
        WHERE r.merged_into IS NULL AND (
              (r.village_id = :village AND r.search_key = :key AND r.birth_year = :year)
              OR (CAST(:cccd AS TEXT) IS NOT NULL AND r.cccd = :cccd))
        ORDER BY r.sort_key""",
                {"village": village_id, "key": key, "year": birth_year, "cccd": cccd})


def residents_named(db: Database, village_id: int, key: str, limit: int = 2) -> list[dict]:
    """People in a village with this name key: a row with neither birth nor identifiers matches
    only when exactly one comes back."""
    return rows(db, "SELECT * FROM residents WHERE village_id = ? AND search_key = ?"
                    " AND merged_into IS NULL LIMIT ?", (village_id, key, limit))


def residents_named_in_commune(db: Database, commune_code: str, key: str) -> list[dict]:
    """People anywhere in the commune with this name key (a row that names no village)."""
    return rows(db, "SELECT r.* FROM residents r JOIN villages v ON v.id = r.village_id"
                    " WHERE v.commune_code = ? AND r.search_key = ? AND r.merged_into IS NULL",
                (commune_code, key))
