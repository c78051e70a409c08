"""Corrections officials make to the lists: each one audited with who, when, before and after.

Agents' checklists and offline preparation read the same ``residents`` and ``agent_villages``
rows, so a correction reaches a phone at its next page load or preparation. Field records stay
append-only: a merge re-points the ``visits`` and ``enrolments`` projections, never ``records``.
"""

from __future__ import annotations

from sqlite_utils import Database

from . import audit, row, rows, transaction
from . import checklist as checklist_store
from . import residents as resident_store
from . import targets as target_store

AUDITED_FIELDS = ("full_name", "birth_date", "birth_year", "gender", "cccd", "bhxh_code", "phone",
                  "ethnicity", "support_group", "list_status", "merged_into", "village_id",
                  "household_id", "address", "nationality", "birth_place")
STATUS_CORRECTIONS = ("moved_away", "deceased", "insured_elsewhere", "on_list")
FILLED_ON_MERGE = ("birth_date", "birth_year", "gender", "cccd", "bhxh_code", "phone",
                   "ethnicity", "household_id", "nationality", "birth_place")


def _snapshot(db: Database, resident_id: str) -> dict:
    resident = resident_store.get_resident(db, resident_id) or {}
    return {k: resident.get(k) for k in AUDITED_FIELDS}


def _changed(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the fields that changed, so the history says what moved."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def set_list_status(db: Database, user_id: int, resident_id: str, status: str) -> None:
    """Moved away, deceased, insured elsewhere, or back on the list."""
    if status not in STATUS_CORRECTIONS:
        raise ValueError(status)
    with transaction(db):
        before = _snapshot(db, resident_id)
        resident_store.update_resident(db, resident_id, {"list_status": status})
        old, new = _changed(before, _snapshot(db, resident_id))
        if new:
            audit.record_change(db, user_id, "resident", resident_id, "list_status", old, new)


def update_contact(db: Database, user_id: int, resident_id: str, phone: str | None,
                   address: str | None, declared: dict | None = None) -> None:
    """The phone is the person's; the address is their household's (all members share it).
    ``declared``: the person's nationality and birth registration place, which declarations
    need."""
    with transaction(db):
        before = _snapshot(db, resident_id)
        resident_store.update_resident(db, resident_id, {"phone": phone, **(declared or {})})
        resident = resident_store.get_resident(db, resident_id)
        if resident["household_id"]:
            resident_store.update_household(db, resident["household_id"], {"address": address})
        old, new = _changed(before, _snapshot(db, resident_id))
        if new:
            audit.record_change(db, user_id, "resident", resident_id, "contact", old, new)


def add_resident(db: Database, user_id: int, values: dict, household: dict | None) -> str:
    """A person missing from the imported list; ``household`` makes a new household for them."""
    with transaction(db):
        if household is not None:
            values = {**values, "household_id": resident_store.insert_household(db, household)}
        resident_id = resident_store.insert_resident(db, values)
        audit.record_change(db, user_id, "resident", resident_id, "create", None,
                            {k: v for k, v in _snapshot(db, resident_id).items() if v is not None})
    return resident_id


def merge_residents(db: Database, user_id: int, kept_id: str, duplicate_id: str) -> None:
    """Two entries for one person become one: every visit and sign-up of the duplicate moves to
    the kept entry, blanks on the kept entry are filled from the duplicate, and the duplicate
    stays as a ``duplicate`` row pointing at the kept one (``merged_into``)."""
    if kept_id == duplicate_id:
        raise ValueError("a resident cannot be merged into itself")
    with transaction(db):
        kept = resident_store.get_resident(db, kept_id)
        duplicate = resident_store.get_resident(db, duplicate_id)
        if kept["merged_into"] or duplicate["merged_into"]:
            raise ValueError("already merged")
        kept_before, duplicate_before = _snapshot(db, kept_id), _snapshot(db, duplicate_id)
        fill = {k: duplicate[k] for k in FILLED_ON_MERGE if not kept[k] and duplicate[k]}
        if duplicate["list_status"] == "enrolled" and kept["list_status"] == "on_list":
            fill["list_status"] = "enrolled"
        resident_store.update_resident(db, kept_id, fill)
        moved = {}
        for table in ("visits", "enrolments"):
            moved[table] = db.conn.execute(
                f"UPDATE {table} SET resident_id = ?, village_id = ? WHERE resident_id = ?",
                (kept_id, kept["village_id"], duplicate_id)).rowcount
        db.conn.execute("UPDATE residents SET merged_into = ? WHERE merged_into = ?",
                        (kept_id, duplicate_id))
        resident_store.update_resident(db, duplicate_id, {"list_status": "duplicate"})
        db.conn.execute("UPDATE residents SET merged_into = ? WHERE id = ?",
                        (kept_id, duplicate_id))
        old, new = _changed(kept_before, _snapshot(db, kept_id))
        audit.record_change(db, user_id, "resident", kept_id, "merge",
                            {**old, "duplicate": duplicate_id},
                            {**new, "visits_moved": moved["visits"],
                             "enrolments_moved": moved["enrolments"]})
        old, new = _changed(duplicate_before, _snapshot(db, duplicate_id))
        audit.record_change(db, user_id, "resident", duplicate_id, "merged_into", old, new)


def merge_candidates(db: Database, commune_code: str, resident: dict) -> list[dict]:
    """People in the commune who may be the same person: the same name key (tones and case
    ignored), or the same CCCD."""
    return rows(db, """
        SELECT r.id, r.full_name, r.birth_date, r.birth_year, r.cccd, v.name AS village_name,
               h.head_name
        FROM residents r JOIN villages v ON v.id = r.village_id
        LEFT JOIN households h ON h.id = r.household_id
        WHERE v.commune_code = :commune AND r.id != :id AND r.merged_into IS NULL
          AND (r.search_key = :key OR (r.cccd IS NOT NULL AND r.cccd = :cccd))
        ORDER BY v.name, r.sort_key LIMIT 50""",
                {"commune": commune_code, "id": resident["id"], "key": resident["search_key"],
                 "cccd": resident["cccd"]})


def set_agent_villages(db: Database, user_id: int, agent_id: int, commune_code: str,
                       village_ids: set[int]) -> None:
    """An agent's villages within this commune become exactly ``village_ids``; villages in other
    communes are not this official's to change."""
    with transaction(db):
        current = {r["village_id"] for r in rows(db, """
            SELECT av.village_id FROM agent_villages av JOIN villages v ON v.id = av.village_id
            WHERE av.user_id = ? AND v.commune_code = ?""", (agent_id, commune_code))}
        if current == village_ids:
            return
        for village_id in current - village_ids:
            db.conn.execute("DELETE FROM agent_villages WHERE user_id = ? AND village_id = ?",
                            (agent_id, village_id))
        for village_id in village_ids - current:
            db.conn.execute("INSERT INTO agent_villages (user_id, village_id) VALUES (?, ?)",
                            (agent_id, village_id))
        audit.record_change(db, user_id, "agent_villages", agent_id, "assign",
                            {"commune": commune_code, "villages": sorted(current)},
                            {"commune": commune_code, "villages": sorted(village_ids)})


def set_village_target(db: Database, user_id: int, commune_code: str, village_id: int, year: int,
                       scheme: str, kind: str, value: float | None) -> None:
    """Set, change or (``value`` None) clear one village's target for a year."""
    with transaction(db):
        found = row(db, "SELECT value FROM targets WHERE commune_code = ? AND village_id = ?"
                        " AND year = ? AND scheme = ? AND kind = ?",
                    (commune_code, village_id, year, scheme, kind))
        before = found["value"] if found else None
        if before == value:
            return
        if value is None:
            db.conn.execute("DELETE FROM targets WHERE commune_code = ? AND village_id = ?"
                            " AND year = ? AND scheme = ? AND kind = ?",
                            (commune_code, village_id, year, scheme, kind))
        else:
            target_store.set_target(db, commune_code, village_id, year, scheme, kind, value)
        key = f"{village_id}:{year}:{scheme}:{kind}"
        audit.record_change(db, user_id, "target", key, "set",
                            {"value": before} if before is not None else None,
                            {"value": value} if value is not None else None)


def agents_for_commune(db: Database, commune_code: str) -> list[dict]:
    """Agents an official may assign: those working here already, and those with no village."""
    found = rows(db, """
        SELECT u.id, u.username, u.display_name,
               group_concat(av.village_id) FILTER (WHERE v.commune_code = :commune) AS here,
               count(av.village_id) AS anywhere
        FROM users u LEFT JOIN agent_villages av ON av.user_id = u.id
        LEFT JOIN villages v ON v.id = av.village_id
        WHERE u.role = 'agent' AND u.active = 1
        GROUP BY u.id ORDER BY u.display_name""", {"commune": commune_code})
    agents = []
    for agent in found:
        if agent["here"] or not agent["anywhere"]:
            agent["village_ids"] = {int(v) for v in (agent["here"] or "").split(",") if v}
            agents.append(agent)
    return agents


def resident_history(db: Database, resident_id: str) -> list[dict]:
    """Corrections (also those made to duplicates merged into this person), visits and sign-ups,
    corrected ones included, oldest first: the one list the history page reads."""
    merged = [r["id"] for r in rows(db, "SELECT id FROM residents WHERE merged_into = ?",
                                    (resident_id,))]
    events = []
    for entity_id in [resident_id, *merged]:
        for change in audit.history(db, "resident", entity_id):
            events.append({"kind": "change", "at": change["at"], "who": change["user_name"],
                           "action": change["action"], "before": change["before"],
                           "after": change["after"], "merged_from": entity_id != resident_id})
    for item in checklist_store.resident_history(db, resident_id):
        events.append({**item, "who": item["agent_name"]})
    return sorted(events, key=lambda e: e["at"])


def village_households(db: Database, village_id: int) -> list[dict]:
    """Households a new resident may join, by head's name."""
    return rows(db, "SELECT id, household_code, head_name, address FROM households"
                    " WHERE village_id = ? ORDER BY head_name", (village_id,))
