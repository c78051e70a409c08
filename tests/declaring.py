"""A village of Xã Hồng Dân with the four sign-ups every declaration profile is checked on, made
through ingest as a phone sends them, in October 2026 (the demo's field week is in November):

- Nguyễn Văn An: BHXH tự nguyện, 12 months at 1.500.000 đ, "other" (20% state support);
- Lê Văn Cường: BHXH tự nguyện, 60 months paid at once at 1.500.000 đ (the prepayment);
- Trần Thị Bình, Phạm Thị Dung, Huỳnh Văn Đức: one household's BHYT, positions 1, 2, 3; Bình is
  known by her birth year only, Dung has no CCCD and no phone, Đức's old card ran out on
  31/10/2026 (so he continues);
- Võ Thị Phượng lives in the island zone: BHXH tự nguyện 12 months (50% state support) and
  household BHYT, position 1 of her own household.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from commune_data import HONG_DAN, actor

from agent_app.domain.identifiers import make_cccd
from agent_app.store import places as place_store
from agent_app.store import residents as resident_store
from agent_app.store import rows, transaction
from agent_app.store import users as user_store
from sync.ingest import ingest

PERIOD = "2026-10"
QUERY = {"period": "month", "month": PERIOD}
VILLAGE = "Ấp Kê Khai"
HOUSEHOLDS = [
    ("9600000101", "Số 5, Ấp Kê Khai", [("Nguyễn Văn An", "male", "1970-03-15", 1, "0912345678")]),
    ("9600000102", "Số 7, Ấp Kê Khai", [("Lê Văn Cường", "male", "1985-11-02", 2, "0987654321")]),
    ("9600000103", "Số 9, Ấp Kê Khai", [("Trần Thị Bình", "female", None, 3, "0911222333"),
                                        ("Phạm Thị Dung", "female", "1990-01-30", None, None),
                                        ("Huỳnh Văn Đức", "male", "1962-07-07", 5, "0933444555")]),
    ("9600000104", "Số 11, Ấp Kê Khai", [("Võ Thị Phượng", "female", "1999-12-31", 6,
                                          "0944555666")]),
]


@dataclass
class Declaring:
    village_id: int
    people: dict[str, dict]                     # by full name


def _enrol(db, resident: dict, day: str, **data) -> None:
    record = {"id": str(uuid.uuid4()), "kind": "enrolment",
              "created_at": f"{day}T10:00:00+07:00",
              "data": {"resident_id": resident["id"], "receipt_date": day, **data}}
    (result,) = ingest(db, actor(db), [record])
    assert result.status == "accepted", result.reason


def declaring_village(db) -> Declaring:
    agent = user_store.get_user_by_name(db, "agent1")
    with transaction(db):
        village_id = place_store.village_id_for(db, HONG_DAN, VILLAGE)
        for code, address, members in HOUSEHOLDS:
            household_id = resident_store.insert_household(db, {
                "village_id": village_id, "household_code": code, "address": address,
                "head_name": members[0][0]})
            for full_name, gender, born, serial, phone in members:
                year = int(born[:4]) if born else 1975
                resident_store.insert_resident(db, {
                    "village_id": village_id, "household_id": household_id,
                    "full_name": full_name, "gender": gender, "birth_date": born,
                    "birth_year": year, "phone": phone, "ethnicity": "Kinh",
                    "cccd": make_cccd("096", year, gender, serial) if serial else None,
                    "support_group": "island" if full_name == "Võ Thị Phượng" else "other"})
    user_store.assign_villages(db, agent["id"], [village_id])
    people = {p["full_name"]: p for p in rows(db, "SELECT * FROM residents WHERE village_id = ?",
                                             (village_id,))}
    with transaction(db):
        resident_store.update_resident(db, people["Huỳnh Văn Đức"]["id"],
                                       {"bhyt_status": "expired", "bhyt_expiry": "2026-10-31"})
    _enrol(db, people["Nguyễn Văn An"], "2026-10-20", scheme="bhxh_tn", months=12,
           income=1_500_000, amount=3_168_000, start_month="2026-11", receipt_no="BL-0001")
    _enrol(db, people["Lê Văn Cường"], "2026-10-20", scheme="bhxh_tn", months=60,
           income=1_500_000, amount=14_262_238, start_month="2026-11", receipt_no="BL-0002")
    for position, name in enumerate(("Trần Thị Bình", "Phạm Thị Dung", "Huỳnh Văn Đức"), 1):
        _enrol(db, people[name], "2026-10-21", scheme="bhyt_hgd", months=12, position=position,
               amount=(1_366_200, 956_340, 819_720)[position - 1],
               receipt_no=f"BL-001{position}")
    phuong = people["Võ Thị Phượng"]
    _enrol(db, phuong, "2026-10-22", scheme="bhxh_tn", months=12, income=1_500_000,
           amount=1_980_000, start_month="2026-11", receipt_no="BL-0020")
    _enrol(db, phuong, "2026-10-22", scheme="bhyt_hgd", months=12, position=1,
           amount=1_366_200, receipt_no="BL-0021")
    return Declaring(village_id, people)


def set_up_commune(client, auth, db, profile: str = "ebh") -> None:
    """The office's constants: KCB place, agent1's collector code, the default profile."""
    agent = f"collector_{user_store.get_user_by_name(db, 'agent1')['id']}"
    page = client.get("/communes/31843/declarations").get_data(as_text=True)
    assert f'name="{agent}"' in page
    client.post("/communes/31843/declarations/settings", data={
        "csrf_token": auth.csrf("/communes/31843/declarations"),
        "declaration_profile": profile, "kcb_province": "96", "kcb_hospital": "96-023",
        agent: "NVT-0042"})
