"""The declarations page: choose a profile (the commune's default remembered), see per row what the
software still needs and who can supply it, set the office's constants; who may do what."""

import io
import re
import uuid

import pytest
from commune_data import NINH_QUOI, actor, edit_form
from declaring import QUERY, declaring_village, set_up_commune
from openpyxl import load_workbook

from agent_app.store import residents as resident_store
from agent_app.store import row, rows, scalar, transaction
from sync.ingest import ingest

PAGE = "/communes/31843/declarations"


def gaps(page: str) -> dict[str, list[str]]:
    """The missing-information table as {person: [what, …]}, in plain text."""
    if 'id="gaps"' not in page:
        return {}
    table = page[page.index('id="gaps"'):page.index("</table>", page.index('id="gaps"'))]
    found = {}
    for line in table.split("<tr data-row")[1:]:
        line = re.sub(r"</?strong>", "", line)
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", line.split(">", 1)[1])).strip()
        name = re.search(r"<a [^>]*>([^<]+)</a>", line).group(1)
        found.setdefault(name, []).append(text)
    return found


@pytest.fixture
def declaring(db):
    return declaring_village(db)


def test_each_row_says_what_the_software_still_needs_and_who_can_add_it(client, auth, declaring):
    auth.login("official1")
    page = client.get(PAGE, query_string={**QUERY, "profile": "ebh"}).get_data(as_text=True)
    missing = gaps(page)
    assert set(missing) == {"Nguyễn Văn An", "Lê Văn Cường", "Võ Thị Phượng", "Trần Thị Bình",
                            "Phạm Thị Dung", "Huỳnh Văn Đức"}
    assert all("chưa có mã nhân viên thu của Trần Thị Mai" in " ".join(texts)
               for texts in missing.values())
    dung = " ".join(missing["Phạm Thị Dung"])
    assert "Nơi cấp giấy khai sinh (*): chưa có nơi đăng ký khai sinh" in dung
    assert "Số điện thoại: chưa có số điện thoại" in dung
    assert "xã chưa đặt tỉnh KCB ban đầu mặc định" in dung
    assert "hồ sơ EBH không có mã cho “người đóng tiếp”" in " ".join(missing["Huỳnh Văn Đức"])
    assert "BHYT hộ gia đình, dòng 3" in dung                      # where in the file
    assert "Tỉnh KCB" not in " ".join(missing["Nguyễn Văn An"])     # BHXH needs no KCB place
    assert 'id="profile-lacks"' in page and "Sheet thành viên hộ gia đình" in page
    assert 'id="gaps-none"' not in page


def test_the_office_constants_are_saved_audited_and_the_profile_remembered(client, auth, db,
                                                                           declaring):
    auth.login("official1")
    first = client.get(PAGE, query_string=QUERY).get_data(as_text=True)
    assert 'data-profile="official"' in first                       # before any choice
    set_up_commune(client, auth, db, profile="ebh")
    page = client.get(PAGE, query_string=QUERY).get_data(as_text=True)
    assert 'data-profile="ebh"' in page and 'value="ebh" checked' in page
    missing = gaps(page)
    assert set(missing) == {"Phạm Thị Dung", "Huỳnh Văn Đức"}        # the rest is complete
    assert "mã nhân viên thu" not in page.split('id="gaps"')[1].split("</table>")[0]
    agent = row(db, "SELECT collector_code FROM users WHERE username = 'agent1'")
    assert agent["collector_code"] == "NVT-0042"
    changes = rows(db, "SELECT entity, action FROM audit_log WHERE action IN"
                       " ('declaration_settings', 'collector_code') ORDER BY id")
    assert changes == [{"entity": "commune", "action": "declaration_settings"},
                       {"entity": "user", "action": "collector_code"}]
    download = client.get("/communes/31843/declarations.xlsx", query_string=QUERY)
    assert load_workbook(io.BytesIO(download.data)).sheetnames == ["BHXH tự nguyện",
                                                                   "BHYT hộ gia đình"]
    assert "EBH" in download.headers["Content-Disposition"]


def test_a_birth_place_and_phone_added_at_the_office_complete_the_row(client, auth, db,
                                                                      declaring):
    auth.login("official1")
    set_up_commune(client, auth, db)
    dung = declaring.people["Phạm Thị Dung"]
    response = client.post(f"/communes/31843/residents/{dung['id']}/edit", data={
        **edit_form(resident_store.get_resident(db, dung["id"]), phone="0977 111 222",
                    address="Số 9, Ấp Kê Khai",
                    birth_place="Xã Ninh Quới, Huyện Hồng Dân, Tỉnh Bạc Liêu",
                    nationality="vn"),
        "csrf_token": auth.csrf(PAGE)})
    assert response.status_code == 302
    stored = resident_store.get_resident(db, dung["id"])
    assert (stored["phone"], stored["nationality"]) == ("0977111222", "VN")
    assert set(gaps(client.get(PAGE, query_string=QUERY).get_data(as_text=True))) == {
        "Huỳnh Văn Đức"}
    book = load_workbook(io.BytesIO(client.get("/communes/31843/declarations.xlsx",
                                               query_string=QUERY).data))
    line = [cell.value for cell in book["BHYT hộ gia đình"][3]]
    assert line[2] == "Phạm Thị Dung"
    assert line[12] == "Xã Ninh Quới, Huyện Hồng Dân, Tỉnh Bạc Liêu"
    history = client.get(f"/communes/31843/residents/{dung['id']}").get_data(as_text=True)
    assert "Nơi đăng ký khai sinh" in history


def test_bad_settings_and_contact_details_are_refused_with_the_reason(client, auth, db,
                                                                      declaring):
    auth.login("official1")
    token = auth.csrf(PAGE)
    response = client.post(f"{PAGE}/settings", data={
        "csrf_token": token, "declaration_profile": "misa", "kcb_hospital": "x" * 101},
        follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Hồ sơ kê khai: không có hồ sơ “misa”" in page
    assert "Bệnh viện KCB: dài quá 100 ký tự" in page
    assert row(db, "SELECT declaration_profile, kcb_hospital FROM communes"
                   " WHERE code = '31843'") == {"declaration_profile": None, "kcb_hospital": None}
    dung = declaring.people["Phạm Thị Dung"]
    response = client.post(f"/communes/31843/residents/{dung['id']}/edit", data={
        **edit_form(resident_store.get_resident(db, dung["id"]), nationality="Việt Nam"),
        "csrf_token": token})
    assert "Quốc tịch: ghi mã hai chữ cái, ví dụ VN" in response.get_data(as_text=True)
    assert resident_store.get_resident(db, dung["id"])["nationality"] is None


def test_an_unknown_profile_is_said_and_the_default_shown(client, auth, declaring):
    auth.login("official1")
    page = client.get(PAGE, query_string={**QUERY, "profile": "misa"}).get_data(as_text=True)
    assert "Không có hồ sơ kê khai “misa”" in page and 'data-profile="official"' in page
    response = client.get("/communes/31843/declarations.xlsx",
                          query_string={**QUERY, "profile": "misa"})
    assert response.status_code == 302 and "/declarations" in response.headers["Location"]


def test_the_page_in_english(client, auth, declaring):
    auth.login("official1")
    page = client.get(PAGE, query_string={**QUERY, "profile": "ebh", "lang": "en"})
    text = page.get_data(as_text=True)
    assert "Declarations for the BHXH software" in text
    assert "Still missing before handing over" in text
    assert "no collector code for Trần Thị Mai yet" in text


def test_a_collected_amount_that_differs_from_the_rules_is_flagged(client, auth, db, declaring):
    person = declaring.people["Nguyễn Văn An"]
    (result,) = ingest(db, actor(db), [{
        "id": str(uuid.uuid4()), "kind": "enrolment", "created_at": "2026-10-25T10:00:00+07:00",
        "data": {"resident_id": person["id"], "scheme": "bhxh_tn", "months": 3,
                 "income": 1_500_000, "amount": 700_000, "start_month": "2027-11",
                 "receipt_no": "BL-0099", "receipt_date": "2026-10-25"}}])
    assert result.status == "accepted"
    auth.login("official1")
    page = client.get(PAGE, query_string={**QUERY, "profile": "official"}).get_data(as_text=True)
    assert "đã thu 700.000 đ, theo quy định phải đóng 792.000 đ" in " ".join(
        gaps(page)["Nguyễn Văn An"])


def test_phuong_an_is_inferred_when_a_sign_up_is_stored_and_kept_by_a_correction(db, declaring):
    people = declaring.people
    plans = {r["full_name"]: r["plan"] for r in rows(
        db, "SELECT r.full_name, e.plan FROM enrolments e JOIN residents r"
            " ON r.id = e.resident_id WHERE r.village_id = ? AND e.scheme = 'bhyt_hgd'",
        (declaring.village_id,))}
    assert plans == {"Trần Thị Bình": "new", "Phạm Thị Dung": "new",
                     "Huỳnh Văn Đức": "continuing", "Võ Thị Phượng": "new"}
    stopped = people["Lê Văn Cường"]
    with transaction(db):
        resident_store.update_resident(db, people["Nguyễn Văn An"]["id"], {"bhxh_status": "none"})
    first_id = scalar(db, "SELECT record_id FROM enrolments WHERE resident_id = ?",
                      (stopped["id"],))
    (correction,) = ingest(db, actor(db), [{
        "id": str(uuid.uuid4()), "kind": "enrolment", "created_at": "2026-10-26T10:00:00+07:00",
        "data": {"resident_id": stopped["id"], "scheme": "bhxh_tn", "months": 60,
                 "income": 1_500_000, "amount": 14_262_238, "corrects": first_id,
                 "receipt_no": "BL-0002", "receipt_date": "2026-10-20"}}])
    assert correction.status == "accepted"
    # the person is "active" since the first sign-up; the correction keeps that one's plan
    assert scalar(db, "SELECT plan FROM enrolments WHERE record_id = ?",
                  (correction.id,)) == "new"
    with transaction(db):
        resident_store.update_resident(db, people["Trần Thị Bình"]["id"],
                                       {"bhxh_status": "stopped"})
    (returning,) = ingest(db, actor(db), [{
        "id": str(uuid.uuid4()), "kind": "enrolment", "created_at": "2026-10-27T10:00:00+07:00",
        "data": {"resident_id": people["Trần Thị Bình"]["id"], "scheme": "bhxh_tn",
                 "months": 1, "income": 1_500_000, "amount": 264_000}}])
    assert scalar(db, "SELECT plan FROM enrolments WHERE record_id = ?",
                  (returning.id,)) == "continuing"


def test_supervisors_look_and_download_but_change_nothing(client, auth, db, declaring):
    auth.login("supervisor1")
    page = client.get(PAGE, query_string=QUERY).get_data(as_text=True)
    assert 'id="gaps"' in page and "Lưu cài đặt" not in page
    assert client.get("/communes/31843/declarations.xlsx", query_string=QUERY).status_code == 200
    response = client.post(f"{PAGE}/settings", data={
        "csrf_token": auth.csrf(PAGE), "declaration_profile": "ebh"})
    assert response.status_code == 403
    assert scalar(db, "SELECT declaration_profile FROM communes WHERE code = '31843'") is None


def test_agents_and_other_communes_get_nothing(client, auth, db):
    auth.login("agent1")
    assert client.get(PAGE).status_code == 404
    assert client.get("/communes/31843/declarations.xlsx").status_code == 404
    auth.login("official1")
    token = auth.csrf(PAGE)
    response = client.post(f"/communes/{NINH_QUOI}/declarations/settings",
                           data={"csrf_token": token, "declaration_profile": "ebh"})
    assert response.status_code == 404
    assert scalar(db, "SELECT declaration_profile FROM communes WHERE code = ?",
                  (NINH_QUOI,)) is None

