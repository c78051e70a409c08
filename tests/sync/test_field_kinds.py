"""Enrolment and resident records: what they check, what they change, what they only flag."""

import uuid

import pytest
from commune_data import new_village
from test_ingest import agent, resident_of

from agent_app.store import residents as resident_store
from agent_app.store import row, scalar, transaction
from sync.ingest import ingest


def enrolment(resident_id: str, **data) -> dict:
    return {"id": str(uuid.uuid4()), "kind": "enrolment",
            "created_at": "2026-11-23T09:30:00+07:00",
            "data": {"resident_id": resident_id, "receipt_date": "2026-11-23", **data}}


def person(**data) -> dict:
    return {"id": str(uuid.uuid4()), "kind": "resident",
            "created_at": "2026-11-23T09:30:00+07:00",
            "data": {"id": str(uuid.uuid4()), **data}}


def test_bhxh_enrolment_is_quoted_again_and_sets_the_list_status(db):
    actor = agent(db)
    resident_id = resident_of(db, actor)
    record = enrolment(resident_id, scheme="bhxh_tn", income=1_500_000, months=12,
                       group="other", amount=3_168_000, receipt_no="BL-1")
    result = ingest(db, actor, [record])[0]
    assert result.status == "accepted" and not result.warnings
    stored = row(db, "SELECT * FROM enrolments WHERE record_id = ?", (record["id"],))
    assert stored["quoted_amount"] == 3_168_000 and stored["amount"] == 3_168_000
    status = row(db, "SELECT list_status, bhxh_status FROM residents WHERE id = ?", (resident_id,))
    assert status == {"list_status": "enrolled", "bhxh_status": "none"}   # the list's word


def test_a_different_amount_is_flagged_never_rejected(db):
    people = new_village(db)[1]
    record = enrolment(people[0]["id"], scheme="bhyt_hgd", position=2, months=12,
                       amount=1_000_000)
    result = ingest(db, agent(db), [record])[0]
    assert result.status == "accepted"
    assert result.warnings and result.warnings[0].startswith("data.amount")
    stored = row(db, "SELECT amount, quoted_amount FROM enrolments WHERE record_id = ?",
                 (record["id"],))
    assert stored == {"amount": 1_000_000, "quoted_amount": 956_340}   # 70% × 4,5% × 2.530.000


def person_in_household(db, people: list[dict], **values) -> str:
    with transaction(db):
        return resident_store.insert_resident(db, {
            "village_id": people[0]["village_id"], "household_id": people[0]["household_id"],
            "full_name": "Nguyễn Văn Bé", "relation_to_head": "Con", **values})


@pytest.mark.parametrize("values,message", [
    ({"birth_date": "2021-03-01", "birth_year": 2021, "gender": "male"},
     "Trẻ em dưới 6 tuổi được Nhà nước đóng BHYT"),
    ({"birth_year": 1980, "gender": "male", "support_group": "poor"},
     "Người thuộc hộ nghèo được Nhà nước đóng BHYT"),
    ({"birth_year": 1980, "gender": "male", "support_group": "near_poor"},
     "Người thuộc hộ cận nghèo tham gia BHYT nhóm cận nghèo"),
])
def test_household_bhyt_is_refused_for_whom_the_state_pays_or_another_group_covers(
        db, values, message):
    resident_id = person_in_household(db, new_village(db)[1], **values)
    record = enrolment(resident_id, scheme="bhyt_hgd", position=3, months=12, amount=819_720)
    result = ingest(db, agent(db), [record])[0]
    assert result.status == "rejected"
    assert result.reason.startswith("data.resident_id") and message in result.reason
    assert scalar(db, "SELECT count(*) FROM enrolments WHERE record_id = ?", (record["id"],)) == 0


def test_a_child_who_turned_six_may_join_household_bhyt(db):
    resident_id = person_in_household(db, new_village(db)[1], birth_date="2020-11-23",
                                      birth_year=2020, gender="female")
    record = enrolment(resident_id, scheme="bhyt_hgd", position=3, months=12, amount=819_720)
    result = ingest(db, agent(db), [record])[0]
    assert result.status == "accepted" and not result.warnings


def test_near_poor_bhyt_is_kept_with_a_warning_while_its_state_share_is_unconfirmed(db):
    resident_id = person_in_household(db, new_village(db)[1], birth_year=1980, gender="male",
                                      support_group="near_poor")
    record = enrolment(resident_id, scheme="bhyt_cn", months=12, amount=409_860)
    result = ingest(db, agent(db), [record])[0]
    assert result.status == "accepted"
    assert list(result.warnings) == [
        "data.amount: chưa tính lại được (Chưa có tham số tỷ lệ Nhà nước hỗ trợ BHYT (near_poor) "
        "áp dụng cho ngày 23/11/2026.)"]
    stored = row(db, "SELECT scheme, position, quoted_amount FROM enrolments WHERE record_id = ?",
                 (record["id"],))
    assert stored == {"scheme": "bhyt_cn", "position": None, "quoted_amount": None}


def test_income_the_rules_refuse_names_the_field(db):
    actor = agent(db)
    record = enrolment(resident_of(db, actor), scheme="bhxh_tn", income=1_520_000, months=12,
                       amount=1)
    result = ingest(db, actor, [record])[0]
    assert result.status == "rejected" and result.reason.startswith("data.income")


def test_a_correction_supersedes_the_old_sign_up(db):
    actor = agent(db)
    resident_id = resident_of(db, actor)
    first = enrolment(resident_id, scheme="bhxh_tn", income=1_500_000, months=12, amount=3_168_000)
    fixed = enrolment(resident_id, scheme="bhxh_tn", income=1_500_000, months=6, amount=1_584_000,
                      corrects=first["id"])
    assert [r.status for r in ingest(db, actor, [first, fixed])] == ["accepted", "accepted"]
    assert scalar(db, "SELECT superseded_by FROM enrolments WHERE record_id = ?",
                  (first["id"],)) == fixed["id"]


def test_newborn_joins_a_listed_household(db):
    actor = agent(db)
    household_id = scalar(db, "SELECT household_id FROM residents WHERE id = ?",
                          (resident_of(db, actor),))
    record = person(household_id=household_id, full_name="Nguyễn Thị Bé",
                    birth_date="2026-11-01", gender="female", relation_to_head="Con")
    assert ingest(db, actor, [record])[0].status == "accepted"
    added = row(db, "SELECT * FROM residents WHERE id = ?", (record["data"]["id"],))
    assert added["household_id"] == household_id and added["birth_year"] == 2026
    assert added["search_key"] == "nguyen thi be"


def test_new_household_is_made_with_its_first_person(db):
    actor = agent(db)
    village_id = min(actor.village_ids)
    household_id = str(uuid.uuid4())
    record = person(village_id=village_id, household={"id": household_id, "address": "Kênh 3"},
                    full_name="Trần Văn Mới", birth_year=1990)
    assert ingest(db, actor, [record])[0].status == "accepted"
    household = row(db, "SELECT * FROM households WHERE id = ?", (household_id,))
    assert household["head_name"] == "Trần Văn Mới" and household["village_id"] == village_id


def test_person_errors_name_every_bad_field(db):
    actor = agent(db)
    record = person(village_id=min(actor.village_ids), household={"id": str(uuid.uuid4())},
                    full_name="", birth_year=1850, cccd="123", phone="12345")
    result = ingest(db, actor, [record])[0]
    assert result.status == "rejected"
    for name in ("data.full_name", "data.birth_year", "data.cccd", "data.phone"):
        assert name in result.reason


def test_same_name_and_birth_year_in_the_village_is_a_warning(db):
    actor = agent(db)
    existing = row(db, "SELECT * FROM residents WHERE village_id = ? LIMIT 1",
                   (min(actor.village_ids),))
    record = person(household_id=existing["household_id"],
                    full_name=existing["full_name"].upper(), birth_year=existing["birth_year"])
    result = ingest(db, actor, [record])[0]
    assert result.status == "accepted" and "trùng" in result.warnings[0]


def test_form_location_fields_left_empty_mean_no_location(db):
    actor = agent(db)
    resident_id = resident_of(db, actor)
    empty = {"id": str(uuid.uuid4()), "kind": "visit", "created_at": "2026-11-23T09:30:00+07:00",
             "data": {"resident_id": resident_id, "outcome": "not_home",
                      "location": {"lat": None, "lon": None, "accuracy": None}}}
    text = {**empty, "id": str(uuid.uuid4()),
            "data": {**empty["data"], "location": {"lat": "9.29", "lon": "105.4"}}}
    bad = {**empty, "id": str(uuid.uuid4()),
           "data": {**empty["data"], "location": {"lat": "north", "lon": 1}}}
    results = ingest(db, actor, [empty, text, bad])
    assert [r.status for r in results] == ["accepted", "accepted", "rejected"]
    assert results[2].reason.startswith("data.location")


def test_correcting_a_moved_away_visit_puts_the_person_back_on_the_list(db):
    actor = agent(db)
    resident_id = resident_of(db, actor)
    wrong = {"id": str(uuid.uuid4()), "kind": "visit", "created_at": "2026-11-23T09:30:00+07:00",
             "data": {"resident_id": resident_id, "outcome": "moved_away"}}
    fixed = {**wrong, "id": str(uuid.uuid4()),
             "data": {"resident_id": resident_id, "outcome": "not_home", "corrects": wrong["id"]}}
    ingest(db, actor, [wrong])
    assert scalar(db, "SELECT list_status FROM residents WHERE id = ?", (resident_id,)) \
        == "moved_away"
    ingest(db, actor, [fixed])
    assert scalar(db, "SELECT list_status FROM residents WHERE id = ?", (resident_id,)) \
        == "on_list"
