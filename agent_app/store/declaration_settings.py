"""The commune office's declaration constants (default profile, KCB place for household BHYT
cards) and its collectors' codes, saved together and audited."""

from __future__ import annotations

from sqlite_utils import Database

from . import audit, row, transaction
from .exports import commune_collectors

COMMUNE_FIELDS = ("declaration_profile", "kcb_province", "kcb_hospital")


def commune_settings(db: Database, commune_code: str) -> dict:
    return row(db, f"SELECT {', '.join(COMMUNE_FIELDS)} FROM communes WHERE code = ?",
               (commune_code,)) or {}


def save(db: Database, user_id: int, commune_code: str, settings: dict,
         collector_codes: dict[int, str | None]) -> None:
    """``settings`` for the commune; ``collector_codes`` by user id, only for collectors who
    work this commune (others are ignored). Each changed thing gets its audit line."""
    with transaction(db):
        before = commune_settings(db, commune_code)
        after = {key: settings.get(key) for key in COMMUNE_FIELDS}
        changed = [key for key in COMMUNE_FIELDS if before.get(key) != after[key]]
        if changed:
            db.conn.execute(
                f"UPDATE communes SET {', '.join(f'{k} = :{k}' for k in changed)}"
                " WHERE code = :code", {**after, "code": commune_code})
            audit.record_change(db, user_id, "commune", commune_code, "declaration_settings",
                                {k: before.get(k) for k in changed},
                                {k: after[k] for k in changed})
        for collector in commune_collectors(db, commune_code):
            if collector["id"] not in collector_codes:
                continue
            code = collector_codes[collector["id"]]
            if code != collector["collector_code"]:
                db.conn.execute("UPDATE users SET collector_code = ? WHERE id = ?",
                                (code, collector["id"]))
                audit.record_change(db, user_id, "user", collector["id"], "collector_code",
                                    {"collector_code": collector["collector_code"]},
                                    {"collector_code": code})
