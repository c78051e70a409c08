"""Identifier, birth and age rules (domain.md §4, §8): the shared vectors in Python, then each
rule where people meet it: a list row (row and column), a form field, a sync record (its id and
field). tests/browser/test_identifiers_browser.py runs the same vectors and forms in Chromium."""

from __future__ import annotations

import json
import re
import uuid
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from commune_data import new_village
from listfiles import csv_bytes, xlsx
from support import ROOT
from test_field_kinds import enrolment, person
from test_ingest import agent

from agent_app.domain import identifiers
from agent_app.imports.importer import import_list
from agent_app.store import residents as resident_store
from agent_app.store import row, scalar, transaction
from sync.ingest import ingest

VECTORS = json.loads((Path(__file__).parents[1] / "vectors" / "identifiers.json")
                     .read_text("utf-8"))
COMMUNE = "31843"
HEADINGS = ["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Thôn"]


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def run_case(case: dict) -> dict:
    """One vector through agent_app/domain/identifiers.py: problems as {code, message}."""
    given = case["input"]
    if case["check"] == "cccd":
        error, warnings = identifiers.check_cccd(identifiers.clean_cccd(given["value"]),
                                                 _day(given["today"]), given["birth_year"],
                                                 given["gender"])
    elif case["check"] == "birth":
        error, warnings = identifiers.check_birth(_day(given["born"]), given["year"],
                                                  _day(given["today"])), []
    else:
        error, warnings = identifiers.check_bhxh_age(_day(given["born"]), given["year"],
                                                     _day(given["start"]))
    return {"error": error.as_dict() if error else None,
            "warnings": [w.as_dict() for w in warnings]}


def codes(result: dict) -> dict:
    return {"error": result["error"] and result["error"]["code"],
            "warnings": [w["code"] for w in result["warnings"]]}


def test_python_gives_every_vector():
    checks = [case["check"] for case in VECTORS["cases"]]
    assert {name: checks.count(name) for name in set(checks)} == {
        "cccd": 26, "birth": 10, "bhxh_age": 14}
    for case in VECTORS["cases"]:
        assert codes(run_case(case)) == case["expect"], case["name"]


def test_the_prefixes_are_the_63_old_provinces():
    assert len(identifiers.PROVINCE_CODES) == 63
    assert {"001", "079", "096"} <= identifiers.PROVINCE_CODES
    assert not {"000", "003", "097", "099"} & identifiers.PROVINCE_CODES


def test_every_message_has_an_english_translation():
    po = ROOT / "agent_app" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        catalog = read_po(handle)
    missing = [text for text in identifiers.MESSAGES.values()
               if not (catalog.get(text) and catalog.get(text).string)]
    assert missing == []


def test_no_error_quotes_the_persons_data():
    """Rejections are logged: an error names the rule, never the digits or the birth year."""
    today = date(2026, 11, 28)
    for value in ("096490001234", "096227001234", "96090001234"):
        error = identifiers.check_cccd(value, today)[0]
        assert not re.search(r"\d{4,}", error.message().replace("2026", "")), error.code
    error = identifiers.check_bhxh_age(date(2012, 5, 1), 2012, date(2026, 11, 1))[0]
    assert "2012" not in error.message() and "11/2026" in error.message()


# ---- the list import: row and column ----

def report_for(db, rows_: list[list], name: str = "ds.xlsx"):
    data = xlsx([HEADINGS, *rows_]) if name.endswith("xlsx") else csv_bytes([HEADINGS, *rows_])
    return import_list(db, data, name, COMMUNE)


def where(entries: list[dict]) -> list[tuple[int, str]]:
    return [(entry["row"], entry["column"]) for entry in entries]


def test_a_numeric_cell_gets_its_leading_zeros_back_a_text_cell_does_not(db):
    report = report_for(db, [
        ["Trần Văn Số", "1990", "Nam", 96090001234, "Thôn 3"],       # 11 digits, a number
        ["Lê Thị Hà Nội", "1985", "Nữ", 1185012345, "Thôn 3"],       # 001…: two zeros gone
        ["Ngô Văn Chữ", "1990", "Nam", "96090001235", "Thôn 3"],     # 11 digits, as text
    ])
    assert report.created == 2
    assert where(report.skipped) == [(4, "Số CCCD")]
    assert report.skipped[0]["message"].startswith("số CCCD có 11 chữ số: thiếu một chữ số")
    stored = {p["full_name"]: p["cccd"] for p in (
        row(db, "SELECT full_name, cccd FROM residents WHERE full_name = ?", (name,))
        for name in ("Trần Văn Số", "Lê Thị Hà Nội"))}
    assert stored == {"Trần Văn Số": "096090001234", "Lê Thị Hà Nội": "001185012345"}
    assert scalar(db, "SELECT count(*) FROM residents WHERE full_name = 'Ngô Văn Chữ'") == 0


def test_a_csv_cell_is_text_so_eleven_digits_are_an_error(db):
    report = report_for(db, [["Ngô Văn Chữ", "1990", "Nam", "96090001235", "Thôn 3"]], "ds.csv")
    assert where(report.skipped) == [(2, "Số CCCD")] and report.created == 0


def test_impossible_cccds_and_future_births_skip_the_row(db):
    report = report_for(db, [
        ["Võ Văn Thế Kỷ", "1990", "Nam", "'096490001234", "Thôn 3"],
        ["Võ Văn Tương Lai", "", "Nam", "'096227001234", "Thôn 3"],
        ["Võ Thị Chưa Sinh", "2027", "Nữ", "", "Thôn 3"],          # the clock reads 2026
        ["Võ Thị Mai Sau", "02/01/2027", "Nữ", "", "Thôn 3"],
        ["Võ Văn Đúng", "1990", "Nam", "'096090001236", "Thôn 3"],
    ])
    assert report.created == 1
    assert where(report.skipped) == [(2, "Số CCCD"), (3, "Số CCCD"), (4, "Ngày sinh"),
                                     (5, "Ngày sinh")]
    messages = [entry["message"] for entry in report.skipped]
    assert messages[0] == "số CCCD có chữ số thứ 4 (thế kỷ sinh và giới tính) khác 0, 1, 2, 3"
    assert messages[1] == "số CCCD cho năm sinh sau năm nay (2026)"
    assert messages[2] == "năm sinh “2027” phải là năm từ 1900 đến 2026"
    assert messages[3] == "ngày sinh “02/01/2027” phải từ 01/01/1900 đến hôm nay"


def test_an_unknown_prefix_is_a_warning_and_the_row_imports(db):
    report = report_for(db, [["Lý Văn Kiều", "1990", "Nam", "'099090001234", "Thôn 3"]])
    assert report.created == 1 and report.skipped == []
    assert where(report.warnings) == [(2, "Số CCCD")]
    assert "không thuộc 63 mã tỉnh" in report.warnings[0]["message"]
    assert scalar(db, "SELECT cccd FROM residents WHERE full_name = 'Lý Văn Kiều'") \
        == "099090001234"


# ---- the sync record kinds: the record's id and the field ----

def test_a_resident_record_is_rejected_naming_the_cccd_and_warned_for_a_prefix(db):
    actor = agent(db)
    village = min(actor.village_ids)
    century = person(village_id=village, household={"id": str(uuid.uuid4())},
                     full_name="Đào Văn Thế", birth_year=1990, cccd="096490001234")
    eleven = person(village_id=village, household={"id": str(uuid.uuid4())},
                    full_name="Đào Văn Mười", birth_year=1990, cccd="96090001234")
    future = person(village_id=village, household={"id": str(uuid.uuid4())},
                    full_name="Đào Văn Sau", birth_year=2027)
    abroad = person(village_id=village, household={"id": str(uuid.uuid4())},
                    full_name="Đào Văn Xa", birth_year=1990, gender="male", cccd="099090001234")
    results = ingest(db, actor, [century, eleven, future, abroad])
    assert [(r.id, r.status) for r in results] == [
        (century["id"], "rejected"), (eleven["id"], "rejected"), (future["id"], "rejected"),
        (abroad["id"], "accepted")]
    assert results[0].reason == ("data.cccd: có chữ số thứ 4 (thế kỷ sinh và giới tính)"
                                 " khác 0, 1, 2, 3")
    assert results[1].reason.startswith("data.cccd: có 11 chữ số")
    assert results[2].reason == "data.birth_year: phải là năm từ 1900 đến 2026"
    assert [w.split(":")[0] for w in results[3].warnings] == ["data.cccd"]
    assert "63 mã tỉnh" in results[3].warnings[0]


def young(db, village_id: int, household_id: str, **birth) -> dict:
    with transaction(db):
        resident_id = resident_store.insert_resident(db, {
            "village_id": village_id, "household_id": household_id,
            "full_name": "Trương Văn Nhỏ", "gender": "male", "relation_to_head": "Con",
            **birth})
    return resident_store.get_resident(db, resident_id)


BHXH = {"scheme": "bhxh_tn", "income": 1_500_000, "months": 12, "group": "other",
        "amount": 3_168_000}


def test_a_bhxh_sign_up_under_15_is_rejected_naming_the_start_month(db):
    village, people = new_village(db)
    actor = agent(db)
    household = people[0]["household_id"]
    child = young(db, village, household, birth_date="2011-12-02", birth_year=2011)
    year_only = young(db, village, household, birth_date=None, birth_year=2011)
    too_early = enrolment(child["id"], start_month="2026-11", **BHXH)
    on_time = enrolment(child["id"], start_month="2027-01", **BHXH)
    receipt_month = enrolment(child["id"], **BHXH)               # no start month: November
    doubtful = enrolment(year_only["id"], start_month="2026-11", **BHXH)
    results = ingest(db, actor, [too_early, on_time, receipt_month, doubtful])
    assert [(r.id, r.status) for r in results] == [
        (too_early["id"], "rejected"), (on_time["id"], "accepted"),
        (receipt_month["id"], "rejected"), (doubtful["id"], "accepted")]
    assert results[0].reason == ("data.start_month: người tham gia chưa đủ 15 tuổi vào tháng"
                                 " bắt đầu đóng 11/2026 (BHXH tự nguyện từ đủ 15 tuổi)")
    assert not results[1].warnings
    assert results[3].warnings[0].startswith("data.start_month: chỉ có năm sinh")


def test_household_bhyt_has_no_age_rule(db):
    village, people = new_village(db)
    actor = agent(db)
    child = young(db, village, people[0]["household_id"], birth_date="2015-03-03",
                  birth_year=2015)
    record = enrolment(child["id"], scheme="bhyt_hgd", position=3, months=12, group="other",
                       amount=819_720, start_month="2026-11")
    assert ingest(db, actor, [record])[0].status == "accepted"


# ---- the forms: the message beside the field ----

@pytest.fixture
def field_agent(auth):
    auth.login("agent1")
    return auth


def error_beside(page: str, name: str) -> str:
    found = re.search(rf'<p class="error" id="err-{name}" role="alert">([^<]*)</p>', page)
    return found.group(1) if found else ""


def post_person(client, auth, village: int, household: str, **fields):
    data = {"csrf_token": auth.csrf("/"), "id": "", "village_id": str(village),
            "household_id": household, "full_name": "Hồ Văn Thử", "relation_to_head": "Con",
            "gender": "male", "birth_year": "1990", **fields}
    return client.post("/people", data=data)


def test_the_person_form_shows_each_rule_beside_its_field(client, field_agent, db):
    village, people = new_village(db)
    household = people[0]["household_id"]
    century = post_person(client, field_agent, village, household, cccd="096 490 001 234")
    assert century.status_code == 422
    assert error_beside(century.get_data(as_text=True), "cccd") == (
        "có chữ số thứ 4 (thế kỷ sinh và giới tính) khác 0, 1, 2, 3")
    eleven = post_person(client, field_agent, village, household, cccd="96090001234")
    assert error_beside(eleven.get_data(as_text=True), "cccd").startswith("có 11 chữ số")
    future = post_person(client, field_agent, village, household, birth_year="2027")
    assert error_beside(future.get_data(as_text=True), "birth_year") == (
        "phải là năm từ 1900 đến 2026")
    abroad = post_person(client, field_agent, village, household, cccd="099090001234")
    page = abroad.get_data(as_text=True)
    assert abroad.status_code == 422 and 'name="confirm"' in page
    assert "không thuộc 63 mã tỉnh" in page
    saved = post_person(client, field_agent, village, household, cccd="099090001234",
                        confirm="1")
    assert saved.status_code == 302
    assert scalar(db, "SELECT count(*) FROM residents WHERE cccd = '099090001234'") == 1


def test_the_bhxh_form_refuses_a_child_beside_the_start_month(client, field_agent, db):
    village, people = new_village(db)
    child = young(db, village, people[0]["household_id"], birth_date="2012-01-10",
                  birth_year=2012)
    form = client.get(f"/enrolments/new?resident={child['id']}&scheme=bhxh_tn")
    assert 'data-birth-date value="2012-01-10"' in form.get_data(as_text=True)
    answer = client.post("/enrolments", data={
        "csrf_token": field_agent.csrf("/"), "resident_id": child["id"], "scheme": "bhxh_tn",
        "income": "1500000", "months": "12", "group": "other", "start_month": "2026-12",
        "receipt_date": "2026-11-28", "amount": "3168000"})
    assert answer.status_code == 422
    assert error_beside(answer.get_data(as_text=True), "start_month").startswith(
        "người tham gia chưa đủ 15 tuổi vào tháng bắt đầu đóng 12/2026")
    assert scalar(db, "SELECT count(*) FROM enrolments WHERE resident_id = ?",
                  (child["id"],)) == 0
    year_only = young(db, village, people[0]["household_id"], birth_date=None, birth_year=2011)
    data = {"csrf_token": field_agent.csrf("/"), "resident_id": year_only["id"],
            "scheme": "bhxh_tn", "income": "1500000", "months": "12", "group": "other",
            "start_month": "2026-12", "receipt_date": "2026-11-28", "amount": "3168000",
            "receipt_no": "BL-7"}
    doubt = client.post("/enrolments", data=data)
    page = doubt.get_data(as_text=True)
    assert doubt.status_code == 422 and 'name="confirm"' in page
    assert "chỉ có năm sinh: người tham gia tròn 15 tuổi trong năm 2026" in page
    assert client.post("/enrolments", data={**data, "confirm": "1"}).status_code == 302


def add_in_commune(client, auth, village: int, **fields):
    data = {"full_name": "Nguyễn Thị Thử", "birth_year": "1980", "gender": "female",
            "household_id": "new", "address": "Ấp Lộc Ninh", **fields}
    return client.post(f"/communes/{COMMUNE}/villages/{village}/residents/new",
                       data={**data, "csrf_token": auth.csrf(f"/communes/{COMMUNE}/campaigns")})


def test_the_commune_form_names_the_field_in_both_languages(client, auth, db):
    village = new_village(db)[0]
    auth.login("official1")
    century = add_in_commune(client, auth, village, cccd="096590001234")
    assert century.status_code == 400
    assert ("Số CCCD: có chữ số thứ 4 (thế kỷ sinh và giới tính) khác 0, 1, 2, 3"
            in century.get_data(as_text=True))
    future = add_in_commune(client, auth, village, birth_year="2027")
    assert "Năm sinh: phải là năm từ 1900 đến 2026" in future.get_data(as_text=True)
    client.get("/login?lang=en")
    english = add_in_commune(client, auth, village, cccd="096227001234").get_data(as_text=True)
    assert "CCCD number: gives a year of birth after this year (2026)" in english
    saved = add_in_commune(client, auth, village, cccd="099180001234")
    assert saved.status_code == 302
    shown = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "CCCD number: starts with 3 digits that are none of the 63 province codes" in shown
