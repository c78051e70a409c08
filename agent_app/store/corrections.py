"""Corrections officials make to the lists: each one audited with who, when, before and after.

Agents' checklists and offline preparation read the same ``residents`` and ``agent_villages``
rows, so a correction reaches a phone at its next page load or preparation. Field records stay
append-only: a merge re-points the ``visits`` and ``enrolments`` projections, never ``records``.
"""

from __future__ import annotations

from sqlite_utils import Database

from . import audit, row, rows, scalar, transaction
from . import checklist as checklist_store
from . import residents as resident_store
from . import targets as target_store

AUDITED_FIELDS = ("full_name", "birth_date", "birth_year", "gender", "cccd", "bhxh_code", "phone",
                  "ethnicity", "relation_to_head", "support_group", "bhxh_status", "bhyt_status",
                  "bhyt_expiry", "list_status", "merged_into", "village_id", "household_id",
                  "household_code", "address", "nationality", "birth_place")
STATUS_CORRECTIONS = ("moved_away", "deceased", "insured_elsewhere", "on_list")
# What an official chooses, field by field, when two entries become one: each choice carries
# the columns that belong together (a birth date and its year; a household and the relation to
# its head; a BHYT status and the card's expiry).
MERGE_FIELDS = {
    "full_name": ("full_name",),
    "birth": ("birth_date", "birth_year"),
    "gender": ("gender",),
    "cccd": ("cccd",),
    "bhxh_code": ("bhxh_code",),
    "phone": ("phone",),
    "ethnicity": ("ethnicity",),
    "nationality": ("nationality",),
    "birth_place": ("birth_place",),
    "support_group": ("support_group",),
    "household": ("household_id", "relation_to_head"),
    "bhxh_status": ("bhxh_status",),
    "bhyt": ("bhyt_status", "bhyt_expiry"),
    "list_status": ("list_status",),
}
# Values that say nothing: a merge never prefers them to a real one.
_UNKNOWN = (None, "", "other", "none", "on_list")
BHXH_STATUS_RANK = {"none": 0, "stopped": 1, "active": 2}


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


def update_details(db: Database, user_id: int, resident_id: str, values: dict,
                   household: dict, new_household: dict | None = None) -> None:
    """Correct what the list (or a form) says about a person: their own fields in ``values``;
    their household's code and address in ``household`` (all members share them); or, with
    ``new_household``, a household of their own (in ``values["village_id"]``) to move into.
    The household keeps its head's name in step when the head is renamed."""
    with transaction(db):
        before = _snapshot(db, resident_id)
        current = resident_store.get_resident(db, resident_id)
        if new_household is not None:
            values = {**values, "household_id": resident_store.insert_household(
                db, {**new_household, "village_id": values["village_id"]})}
        resident_store.update_resident(db, resident_id, values)
        household_id = values.get("household_id", current["household_id"])
        if household_id and new_household is None:
            changes = dict(household)
            if household_id == current["household_id"] and values.get("relation_to_head") \
                    == "Chủ hộ" and current["head_name"] == current["full_name"]:
                changes["head_name"] = values["full_name"]
            resident_store.update_household(db, household_id, changes)
        old, new = _changed(before, _snapshot(db, resident_id))
        if new:
            audit.record_change(db, user_id, "resident", resident_id, "details", old, new)


def add_resident(db: Database, user_id: int, values: dict, household: dict | None) -> str:
    """A person missing from the imported list; ``household`` makes a new household for them."""
    with transaction(db):
        if household is not None:
            values = {**values, "household_id": resident_store.insert_household(db, household)}
        resident_id = resident_store.insert_resident(db, values)
        audit.record_change(db, user_id, "resident", resident_id, "create", None,
                            {k: v for k, v in _snapshot(db, resident_id).items() if v is not None})
    return resident_id


def _known(resident: dict, field: str) -> bool:
    return any(resident.get(column) not in _UNKNOWN for column in MERGE_FIELDS[field])


def work_done(db: Database, resident_id: str) -> dict:
    """The visits and sign-ups recorded on an entry."""
    return row(db, "SELECT (SELECT count(*) FROM visits WHERE resident_id = :id) AS visits,"
                   " (SELECT count(*) FROM enrolments WHERE resident_id = :id) AS enrolments",
               {"id": resident_id})


def richness(db: Database, resident: dict) -> tuple[int, int]:
    """How much an entry holds: the fields it knows, then the visits and sign-ups made on it."""
    work = work_done(db, resident["id"])
    return (sum(_known(resident, field) for field in MERGE_FIELDS),
            work["visits"] + work["enrolments"])


def suggested_merge(db: Database, first: dict, second: dict) -> tuple[dict, dict, dict]:
    """(kept, duplicate, choices) an official starts from: the richer entry is kept (the older
    one when they hold as much), each field as ``default_choices`` says."""
    kept, duplicate = sorted(
        (first, second),
        key=lambda r: (tuple(-n for n in richness(db, r)), r["created_at"], r["id"]))
    return kept, duplicate, default_choices(kept, duplicate)


def default_choices(kept: dict, duplicate: dict) -> dict[str, str]:
    """Per merge field, the id of the entry whose value the merged person keeps: the kept
    entry's, unless only the duplicate knows it (so a sign-up or a "deceased" on either side
    is never lost to a plain "on the list"); for insurance, the later card and the stronger
    BHXH status, so paid-until and card expiry (agent_app/domain/retention.py) stay right."""
    chosen = {field: duplicate["id"] if _known(duplicate, field) and not _known(kept, field)
              else kept["id"] for field in MERGE_FIELDS}
    if (duplicate["bhyt_expiry"] or "") > (kept["bhyt_expiry"] or ""):
        chosen["bhyt"] = duplicate["id"]
    if BHXH_STATUS_RANK.get(duplicate["bhxh_status"], 0) > \
            BHXH_STATUS_RANK.get(kept["bhxh_status"], 0):
        chosen["bhxh_status"] = duplicate["id"]
    return chosen


def merge_residents(db: Database, user_id: int, kept_id: str, duplicate_id: str,
                    choices: dict[str, str] | None = None) -> None:
    """Two entries for one person become one: every visit and sign-up of the duplicate moves to
    the kept entry, each field takes the value of the entry ``choices`` names for it (by
    default ``default_choices``), and the duplicate stays as a ``duplicate`` row pointing at
    the kept one (``merged_into``)."""
    if kept_id == duplicate_id:
        raise ValueError("a resident cannot be merged into itself")
    with transaction(db):
        kept = resident_store.get_resident(db, kept_id)
        duplicate = resident_store.get_resident(db, duplicate_id)
        if kept["merged_into"] or duplicate["merged_into"]:
            raise ValueError("already merged")
        chosen = {**default_choices(kept, duplicate), **(choices or {})}
        if set(chosen) != set(MERGE_FIELDS) or set(chosen.values()) - {kept_id, duplicate_id}:
            raise ValueError("a merge field names neither entry")
        kept_before, duplicate_before = _snapshot(db, kept_id), _snapshot(db, duplicate_id)
        resident_store.update_resident(db, kept_id, {
            column: duplicate[column] for field, source in chosen.items()
            if source == duplicate_id for column in MERGE_FIELDS[field]})
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


def _insurance_on_merge(kept: dict, duplicate: dict) -> dict:
    """What the list said about the duplicate's insurance that the kept entry lacks: the later
    card expiry (with its status), and a BHXH status where the kept entry has a weaker one, so
    paid-until and card expiry (agent_app/domain/retention.py) stay right after a merge."""
    fill = {}
    if duplicate["bhyt_expiry"] and (kept["bhyt_expiry"] or "") < duplicate["bhyt_expiry"]:
        fill.update(bhyt_expiry=duplicate["bhyt_expiry"], bhyt_status=duplicate["bhyt_status"])
    elif not kept["bhyt_expiry"] and kept["bhyt_status"] == "none":
        fill["bhyt_status"] = duplicate["bhyt_status"]
    if BHXH_STATUS_RANK[duplicate["bhxh_status"]] > BHXH_STATUS_RANK[kept["bhxh_status"]]:
        fill["bhxh_status"] = duplicate["bhxh_status"]
    return {k: v for k, v in fill.items() if v != kept[k]}


def merge_candidates(db: Database, commune_code: str, resident: dict) -> list[dict]:
    """People in the commune who may be the same person: the same name key (tones and case
    ignored), or the same CCCD."""
    return possible_twins(db, commune_code, resident["search_key"], None, resident["cccd"],
                          resident["id"])


def possible_twins(db: Database, commune_code: str, key: str, birth_year: int | None,
                   cccd: str | None, exclude_id: str | None = None) -> list[dict]:
    """Entries of the commune that may be this person: the same name key (and birth year, when
    given), or the same CCCD; with what tells them apart (hamlet, household, group)."""
    return rows(db, """
        SELECT r.id, r.full_name, r.birth_date, r.birth_year, r.cccd, r.support_group,
               r.list_status, v.name AS village_name, h.head_name
        FROM residents r JOIN villages v ON v.id = r.village_id
        LEFT JOIN households h ON h.id = r.household_id
        WHERE v.commune_code = :commune AND r.id IS NOT :id AND r.merged_into IS NULL
          AND ((r.search_key = :key AND (CAST(:year AS INTEGER) IS NULL OR r.birth_year = :year))
               OR (r.cccd IS NOT NULL AND r.cccd = :cccd))
        ORDER BY v.name, r.sort_key LIMIT 50""",
                {"commune": commune_code, "id": exclude_id, "key": key, "year": birth_year,
                 "cccd": cccd})


def cccd_elsewhere(db: Database, commune_code: str, cccd: str | None) -> bool:
    """Whether another commune's list holds this CCCD (its person is not this official's to
    see: the form only says so)."""
    return bool(cccd) and bool(scalar(db, """
        SELECT count(*) FROM residents r JOIN villages v ON v.id = r.village_id
        WHERE r.cccd = ? AND v.commune_code != ? AND r.merged_into IS NULL""",
                                      (cccd, commune_code)))


def set_village_target(db: Database, user_id: int, commune_code: str, village_id: int, year: int,
                       scheme: str, kind: str, value: float | None) -> None:
    """Set, change or (``value`` None) clear one village's target for a year."""
    with transaction(db):
        before = target_store.village_target(db, commune_code, village_id, year, scheme, kind)
        if before == value:
            return
        if value is None:
            target_store.clear_village_target(db, commune_code, village_id, year, scheme, kind)
        else:
            target_store.set_target(db, commune_code, village_id, year, scheme, kind, value)
        key = f"{village_id}:{year}:{scheme}:{kind}"
        audit.record_change(db, user_id, "target", key, "set",
                            {"value": before} if before is not None else None,
                            {"value": value} if value is not None else None)


def set_village_targets(db: Database, user_id: int, commune_code: str, year: int,
                        wanted: list[tuple[int, str, str, float | None]]) -> None:
    """Every (village, scheme, kind, value) of the targets form, all or nothing."""
    with transaction(db):
        for village_id, scheme, kind, value in wanted:
            set_village_target(db, user_id, commune_code, village_id, year, scheme, kind, value)


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
