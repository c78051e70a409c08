"""Corrections officials make: audited, visible in the resident's history, and on the agents'
checklists at their next page load."""

import re
import unicodedata

import pytest
from commune_data import edit_form, enrol, new_village, residents, villages, visit

from agent_app.store import audit, row, rows, scalar
from agent_app.store import corrections as correction_store
from agent_app.store import users as user_store

pytestmark = pytest.mark.both_engines


def post(client, auth, url: str, data: dict):
    return client.post(url, data={**data, "csrf_token": auth.csrf("/communes/31843/campaigns")})


def add_person(client, auth, village_id: int, **fields):
    data = {"full_name": "Nguyễn Thị Thử", "birth_year": "1980", "gender": "female",
            "household_id": "new", "address": "Ấp Lộc Ninh, Xã Hồng Dân", **fields}
    return post(client, auth, f"/communes/31843/villages/{village_id}/residents/new", data)


def test_marking_moved_away_is_audited_and_reaches_the_checklist(client, auth, db):
    village, people = new_village(db)
    person = people[0]
    auth.login("official1")
    response = post(client, auth, f"/communes/31843/residents/{person['id']}/status",
                    {"list_status": "moved_away"})
    assert response.status_code == 302
    assert scalar(db, "SELECT list_status FROM residents WHERE id = ?", (person["id"],)) \
        == "moved_away"
    change = audit.history(db, "resident", person["id"])[-1]
    assert change["user_name"] == "Phạm Minh Quang" and change["at"].endswith("Z")
    assert change["before"] == {"list_status": "on_list"}
    assert change["after"] == {"list_status": "moved_away"}
    page = client.get(f"/communes/31843/residents/{person['id']}").get_data(as_text=True)
    assert "Sửa tình trạng" in page and "Phạm Minh Quang" in page
    assert "<del>Trong danh sách</del> → <ins>Đã chuyển đi</ins>" in page
    client.post("/logout")
    auth.login("agent1")
    checklist = client.get(f"/villages/{village}").get_data(as_text=True)
    line = re.search(rf'<li data-resident-id="{person["id"]}">(.*?)</li>', checklist).group(1)
    assert "Đã chuyển đi" in line


def test_every_field_a_list_sets_is_corrected_and_audited(client, auth, db):
    auth.login("official1")
    person = row(db, "SELECT r.*, h.household_code, h.address FROM residents r"
                     " JOIN households h ON h.id = r.household_id"
                     " WHERE r.village_id = ? AND r.birth_date IS NOT NULL"
                     " AND r.relation_to_head != 'Chủ hộ' LIMIT 1", (villages(db)[0],))
    url = f"/communes/31843/residents/{person['id']}/edit"
    assert client.get(url).status_code == 200
    bad = post(client, auth, url, edit_form(person, phone="0912 345", cccd="12345",
                                             bhxh_code="12", birth_date="2030-01-01"))
    assert bad.status_code == 400
    text = bad.get_data(as_text=True)
    for message in ("Số điện thoại: phải có 10 chữ số", "Số CCCD: phải có đúng 12 chữ số",
                    "Mã số BHXH:", "Ngày sinh: phải từ 01/01/1900 đến hôm nay"):
        assert message in text, message
    assert row(db, "SELECT full_name FROM residents WHERE id = ?", (person["id"],)) == {
        "full_name": person["full_name"]}                     # nothing half-written

    response = post(client, auth, url, edit_form(
        person, full_name="Nguyễn Thị Sửa", birth_date="", birth_year="1961",
        cccd="096161000123", bhxh_code="9612345678", phone="+84 912 345 678",
        support_group="poor", bhyt_status="valid", bhyt_expiry="2027-06-30",
        ethnicity="Khmer", address="Số 5, Ấp Lộc Ninh", household_code="HGD-77"))
    assert response.status_code == 302
    stored = row(db, "SELECT r.*, h.address, h.household_code FROM residents r"
                     " JOIN households h ON h.id = r.household_id WHERE r.id = ?",
                 (person["id"],))
    assert (stored["full_name"], stored["birth_date"], stored["birth_year"]) == (
        "Nguyễn Thị Sửa", None, 1961)
    assert (stored["cccd"], stored["bhxh_code"], stored["phone"]) == (
        "096161000123", "9612345678", "0912345678")
    assert (stored["support_group"], stored["bhyt_status"], stored["bhyt_expiry"]) == (
        "poor", "valid", "2027-06-30")
    assert (stored["address"], stored["household_code"], stored["ethnicity"]) == (
        "Số 5, Ấp Lộc Ninh", "HGD-77", "Khmer")
    assert stored["search_key"] == "nguyen thi sua"           # the agents' search finds her
    change = audit.history(db, "resident", person["id"])[-1]
    assert change["action"] == "details" and change["user_name"] == "Phạm Minh Quang"
    assert change["before"]["full_name"] == person["full_name"]
    assert change["after"]["cccd"] == "096161000123"
    page = client.get(f"/communes/31843/residents/{person['id']}").get_data(as_text=True)
    history = " ".join(page[page.index('id="history"'):].split())
    assert "Sửa thông tin" in history and "<ins>Hộ nghèo</ins>" in history
    assert "<ins>30/06/2027</ins>" in history and "<ins>Thẻ còn hạn</ins>" in history


def test_a_person_moves_to_a_hamlet_of_their_own_household(client, auth, db):
    first, second = villages(db)[:2]
    person = row(db, "SELECT r.*, h.household_code, h.address FROM residents r"
                     " JOIN households h ON h.id = r.household_id WHERE r.village_id = ?"
                     " AND r.relation_to_head != 'Chủ hộ' LIMIT 1", (first,))
    auth.login("official1")
    url = f"/communes/31843/residents/{person['id']}/edit"
    refused = post(client, auth, url, edit_form(person, village_id=str(second)))
    assert refused.status_code == 400 and "chọn “Hộ mới”" in refused.get_data(as_text=True)
    moved = post(client, auth, url, edit_form(person, village_id=str(second),
                                              household_id="new", address="Ấp mới 1"))
    assert moved.status_code == 302
    now = row(db, "SELECT r.village_id, r.relation_to_head, h.village_id AS household_village,"
                  " h.head_name FROM residents r JOIN households h ON h.id = r.household_id"
                  " WHERE r.id = ?", (person["id"],))
    assert now == {"village_id": second, "relation_to_head": "Chủ hộ",
                   "household_village": second, "head_name": person["full_name"]}
    page = client.get(f"/communes/31843/residents/{person['id']}").get_data(as_text=True)
    history = page[page.index('id="history"'):]
    hamlets = dict(db.conn.execute("SELECT id, name FROM villages WHERE id IN (?, ?)",
                                   (first, second)).fetchall())
    assert f"<del>{hamlets[first]}</del> → <ins>{hamlets[second]}</ins>" in history
    assert f"<ins>Hộ {person['full_name']}</ins>" in history      # a name, not an id


def test_new_resident_reaches_the_agents_checklist(client, auth, db):
    village = villages(db)[0]
    auth.login("official1")
    bad = add_person(client, auth, village, cccd="12345", birth_year="")
    text = bad.get_data(as_text=True)
    assert bad.status_code == 400
    assert "Số CCCD: phải có đúng 12 chữ số" in text
    assert "Ngày sinh: cần ngày sinh, hoặc ít nhất năm sinh" in text       # the agents' rule
    # NFD input is stored NFC
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Thử")
    response = add_person(client, auth, village, full_name=nfd)
    assert response.status_code == 302
    new = row(db, "SELECT * FROM residents WHERE full_name = 'Nguyễn Thị Thử'")
    assert new["village_id"] == village and new["birth_year"] == 1980
    assert audit.history(db, "resident", new["id"])[0]["action"] == "create"
    client.post("/logout")
    auth.login("agent1")
    checklist = client.get(f"/villages/{village}").get_data(as_text=True)
    assert f'data-resident-id="{new["id"]}"' in checklist and "Nguyễn Thị Thử" in checklist


def test_merge_keeps_every_visit_and_sign_up_of_both(client, auth, db):
    village, people = new_village(db)
    kept = people[1]                                             # Trần Thị Bình, no phone
    auth.login("official1")
    warned = add_person(client, auth, village, full_name="TRẦN THỊ BÌNH", birth_year="1975",
                        household_id=kept["household_id"], phone="0987654321")
    assert warned.status_code == 409 and "Có thể trùng" in warned.get_data(as_text=True)
    add_person(client, auth, village, full_name="TRẦN THỊ BÌNH", birth_year="1975",
               household_id=kept["household_id"], phone="0987654321", confirm_duplicate="1")
    duplicate = row(db, "SELECT * FROM residents WHERE search_key = ? AND id != ?",
                    (kept["search_key"], kept["id"]))
    visit(db, kept["id"], "considering", "2026-11-02", follow_up_on="2026-11-20")
    duplicate_visit = visit(db, duplicate["id"], "enrolled", "2026-11-05")
    enrol(db, duplicate, "bhyt_hgd", "2026-11-05", 1_263_600, position=1)

    page = client.get(f"/communes/31843/residents/{kept['id']}").get_data(as_text=True)
    assert f'/residents/{kept["id"]}/merge/{duplicate["id"]}"' in page   # offered as a candidate
    response = post(client, auth, f"/communes/31843/residents/{kept['id']}/merge",
                    {"duplicate_id": duplicate["id"]})
    assert response.status_code == 302

    merged = row(db, "SELECT * FROM residents WHERE id = ?", (duplicate["id"],))
    assert merged["merged_into"] == kept["id"] and merged["list_status"] == "duplicate"
    assert scalar(db, "SELECT count(*) FROM visits WHERE resident_id = ?", (kept["id"],)) == 2
    assert scalar(db, "SELECT count(*) FROM enrolments WHERE resident_id = ?", (kept["id"],)) == 1
    assert scalar(db, "SELECT count(*) FROM visits WHERE resident_id = ?", (duplicate["id"],)) == 0
    # records stay as the phone sent them
    assert scalar(db, "SELECT resident_id FROM records WHERE id = ?", (duplicate_visit,)) \
        == duplicate["id"]
    now = row(db, "SELECT * FROM residents WHERE id = ?", (kept["id"],))
    assert now["phone"] == "0987654321"                          # filled from the duplicate
    change = audit.history(db, "resident", kept["id"])[-1]
    assert change["action"] == "merge" and change["before"]["duplicate"] == duplicate["id"]
    assert change["after"]["visits_moved"] == 1 and change["after"]["enrolments_moved"] == 1

    history = client.get(f"/communes/31843/residents/{kept['id']}").get_data(as_text=True)
    assert "Gộp người trùng vào hồ sơ này" in history
    assert history.count('class="event event-visit"') == 2
    assert "Đăng ký BHYT hộ gia đình" in history and "1.263.600 đ" in history

    client.post("/logout")
    auth.login("agent1")
    checklist = client.get(f"/villages/{village}").get_data(as_text=True)
    assert f'data-resident-id="{kept["id"]}"' in checklist
    assert f'data-resident-id="{duplicate["id"]}"' not in checklist


def test_merge_refuses_a_resident_already_merged(client, auth, db):
    village = villages(db)[0]
    first, second, third = residents(db, village, 3)
    user = user_store.get_user_by_name(db, "official1")
    correction_store.merge_residents(db, user["id"], first["id"], second["id"])
    auth.login("official1")
    post(client, auth, f"/communes/31843/residents/{third['id']}/merge",
         {"duplicate_id": second["id"]})
    assert scalar(db, "SELECT merged_into FROM residents WHERE id = ?", (second["id"],)) \
        == first["id"]
    page = client.get(f"/communes/31843/residents/{third['id']}").get_data(as_text=True)
    assert "đã được gộp trước đó" in page


def test_assigning_villages_reaches_the_agent(client, auth, db):
    first, second, third = villages(db)
    agent = user_store.get_user_by_name(db, "agent1")
    auth.login("official1")
    page = client.get("/communes/31843/agents").get_data(as_text=True)
    assert "Trần Thị Mai" in page and "Lê Văn Hùng" not in page     # agent2 works elsewhere
    post(client, auth, "/communes/31843/agents",
         {"agent_id": str(agent["id"]), "village_id": [str(first), str(second)]})
    change = audit.history(db, "agent_villages", agent["id"])[-1]
    assert change["before"]["villages"] == [first, second, third]
    assert change["after"]["villages"] == [first, second]
    client.post("/logout")
    auth.login("agent1")
    assert client.get(f"/villages/{third}").status_code == 404
    assert client.get(f"/villages/{first}").status_code == 200


def test_targets_per_village_and_year(client, auth, db):
    first, second, _third = villages(db)
    auth.login("official1")
    bad = post(client, auth, "/communes/31843/targets?year=2027",
               {f"bhxh_tn_{first}": "12,5", f"bhyt_hgd_{first}": "120",
                f"bhxh_tn_{second}": "inf", f"bhyt_hgd_{second}": "nan"})
    assert bad.status_code == 400
    text = bad.get_data(as_text=True)
    assert "BHXH tự nguyện: phải là số không âm, số nguyên" in text
    assert "tối đa 100" in text and text.count("phải là số không âm") == 4
    assert scalar(db, "SELECT count(*) FROM targets WHERE year = 2027") == 0
    post(client, auth, "/communes/31843/targets?year=2027",
         {f"bhxh_tn_{first}": "30", f"bhyt_hgd_{first}": "96,5", f"bhxh_tn_{second}": "10"})
    stored = rows(db, "SELECT village_id, scheme, kind, value FROM targets WHERE year = 2027"
                      " ORDER BY village_id, scheme")
    assert stored == [
        {"village_id": first, "scheme": "bhxh_tn", "kind": "count", "value": 30},
        {"village_id": first, "scheme": "bhyt_hgd", "kind": "coverage_percent", "value": 96.5},
        {"village_id": second, "scheme": "bhxh_tn", "kind": "count", "value": 10}]
    change = audit.history(db, "target", f"{first}:2027:bhyt_hgd:coverage_percent")[-1]
    assert change["before"] is None and change["after"] == {"value": 96.5}
    page = client.get("/communes/31843/?period=year&year=2027").get_data(as_text=True)
    assert "96,5% dân số" in page


def test_records_sent_for_a_merged_duplicate_reach_the_kept_person(db):
    _village, people = new_village(db)
    kept, duplicate = people[0], people[1]
    before_merge = visit(db, duplicate["id"], "considering", "2024-11-02")
    user = user_store.get_user_by_name(db, "official1")
    correction_store.merge_residents(db, user["id"], kept["id"], duplicate["id"])
    # a phone prepared before the merge: a new visit, and a correction of the old one
    late = visit(db, duplicate["id"], "refused", "2024-11-05")
    visit(db, duplicate["id"], "not_home", "2024-11-02", hour=11, corrects=before_merge)
    assert scalar(db, "SELECT resident_id FROM visits WHERE record_id = ?", (late,)) == kept["id"]
    assert scalar(db, "SELECT count(*) FROM visits WHERE resident_id = ?"
                      " AND superseded_by IS NULL", (kept["id"],)) == 2


def test_the_office_checks_a_person_by_the_agents_rules(client, auth, db):
    village = villages(db)[0]
    auth.login("official1")
    before = scalar(db, "SELECT count(*) FROM residents")
    bad = add_person(client, auth, village, full_name="Lê Văn 2", gender="x",
                     support_group="rich")
    text = bad.get_data(as_text=True)
    assert bad.status_code == 400
    for message in ("Họ và tên: không được có chữ số", "Giới tính: phải là Nam hoặc Nữ",
                    "Nhóm đối tượng: phải là một trong:"):
        assert message in text, message
    client.get("/?lang=en")                                    # remembered in the session
    english = add_person(client, auth, village, full_name="Lê Văn 2")
    assert "cannot contain digits" in english.get_data(as_text=True)
    assert scalar(db, "SELECT count(*) FROM residents") == before
