"""Field data for the commune tests: visits through ingest, sign-ups through the store (the way
the enrolment kind stores them), in Vietnam time on the days given."""

from __future__ import annotations

import hashlib
import json
import uuid

from agent_app.domain.identifiers import make_cccd
from agent_app.store import places as place_store
from agent_app.store import records as record_store
from agent_app.store import residents as resident_store
from agent_app.store import rows, transaction
from agent_app.store import users as user_store
from sync.ingest import ingest
from sync.kinds import Actor

HONG_DAN, NINH_QUOI = "31843", "31849"


def actor(db, username: str = "agent1") -> Actor:
    user = user_store.get_user_by_name(db, username)
    return Actor.of(db, user)


def villages(db, commune: str = HONG_DAN) -> list[int]:
    return [r["id"] for r in rows(db, "SELECT id FROM villages WHERE commune_code = ?"
                                      " ORDER BY id", (commune,))]


def residents(db, village_id: int, count: int) -> list[dict]:
    return rows(db, "SELECT * FROM residents WHERE village_id = ? ORDER BY id LIMIT ?",
                (village_id, count))


def visit(db, resident_id: str, outcome: str, day: str, username: str = "agent1",
          hour: int = 9, **data) -> str:
    record_id = str(uuid.uuid4())
    result = ingest(db, actor(db, username), [{
        "id": record_id, "kind": "visit", "created_at": f"{day}T{hour:02d}:30:00+07:00",
        "data": {"resident_id": resident_id, "outcome": outcome, **data}}])[0]
    assert result.status == "accepted", result.reason
    return record_id


def enrol(db, resident: dict, scheme: str, day: str, amount: int, username: str = "agent1",
          months: int = 12, **extra) -> str:
    """A sign-up as the enrolment kind stores it: the record, then its projection."""
    user = user_store.get_user_by_name(db, username)
    record_id = str(uuid.uuid4())
    data = {"resident_id": resident["id"], "scheme": scheme, "months": months, "amount": amount,
            **extra}
    body = json.dumps(data, ensure_ascii=False, sort_keys=True)
    with transaction(db):
        record_store.insert_record(db, {
            "id": record_id, "kind": "enrolment", "created_at": f"{day}T10:00:00+07:00",
            "created_at_utc": f"{day}T03:00:00Z", "data": body,
            "content_hash": hashlib.sha256(body.encode()).hexdigest(), "user_id": user["id"],
            "device_id": None, "seq": None, "resident_id": resident["id"],
            "village_id": resident["village_id"], "corrects": None, "push_id": None})
        record_store.insert_enrolment(db, {
            "record_id": record_id, "resident_id": resident["id"],
            "village_id": resident["village_id"], "user_id": user["id"],
            "enrolled_at": f"{day}T03:00:00Z", "enrolled_on": day, "scheme": scheme,
            "months": months, "amount": amount,
            **{k: v for k, v in extra.items() if k in (
                "income", "support_group", "position", "start_month", "quoted_amount",
                "receipt_no", "receipt_date")}})
    return record_id


PEOPLE = [("Nguyễn Văn An", "male", "1970-03-15"), ("Trần Thị Bình", "female", None),
          ("Lê Văn Cường", "male", "1985-11-02"), ("Phạm Thị Dung", "female", "1990-01-30"),
          ("Huỳnh Văn Đức", "male", "1962-07-07"), ("Võ Thị Phượng", "female", "1999-12-31")]


def new_village(db, name: str = "Ấp Thử Nghiệm", population: int = 20) -> tuple[int, list[dict]]:
    """A village of Xã Hồng Dân with six known people in three households and no field work,
    worked by agent1, so the numbers a test expects are the test's own."""
    agent = user_store.get_user_by_name(db, "agent1")
    with transaction(db):
        village_id = place_store.village_id_for(db, HONG_DAN, name)
        place_store.set_village_population(db, village_id, population)
        for first in range(0, len(PEOPLE), 2):
            household_id = resident_store.insert_household(db, {
                "village_id": village_id, "head_name": PEOPLE[first][0],
                "household_code": f"96000000{first:02d}", "address": f"Số {first + 1}, {name}"})
            for index, (full_name, gender, born) in enumerate(PEOPLE[first:first + 2]):
                year = int(born[:4]) if born else 1975
                resident_store.insert_resident(db, {
                    "village_id": village_id, "household_id": household_id,
                    "full_name": full_name, "gender": gender, "birth_date": born,
                    "birth_year": year, "cccd": make_cccd("096", year, gender, first + index),
                    "relation_to_head": "Chủ hộ" if index == 0 else "Vợ"})
    user_store.assign_villages(db, agent["id"], [village_id])
    people = rows(db, "SELECT * FROM residents WHERE village_id = ?", (village_id,))
    order = [p[0] for p in PEOPLE]
    return village_id, sorted(people, key=lambda p: order.index(p["full_name"]))


def edit_form(person: dict, **changes) -> dict:
    """The edit form as it opens on this person, with some fields changed."""
    fields = ("full_name", "birth_date", "gender", "cccd", "bhxh_code", "phone", "ethnicity",
              "support_group", "bhxh_status", "bhyt_status", "bhyt_expiry", "village_id",
              "household_id", "relation_to_head", "household_code", "address", "nationality",
              "birth_place")
    form = {name: "" if person.get(name) is None else str(person[name]) for name in fields}
    form["birth_year"] = "" if person["birth_date"] else str(person["birth_year"] or "")
    return {**form, **changes}
