"""Every export read back: Vietnamese text, numbers and dates survive the trip."""

import csv
import io
from datetime import date, datetime

import pytest
from commune_data import enrol, new_village, visit
from openpyxl import load_workbook

from agent_app.domain.retention import card_valid_from
from agent_app.store import records as record_store
from agent_app.store import row, scalar, transaction


@pytest.fixture
def signed_up(db):
    """Two sign-ups in November 2024 and a visit with reasons, in a village of six people."""
    village, people = new_village(db)
    bhxh_person, bhyt_person, declined = people[0], people[1], people[2]
    visit(db, declined["id"], "refused", "2024-11-09", reasons=["irregular_income"],
          follow_up_on="2024-12-01")
    typo = enrol(db, bhxh_person, "bhxh_tn", "2024-11-10", 356_400, months=12,
                 income=1_500_000, start_month="2024-12", receipt_no="BL-0001",
                 receipt_date="2024-11-10", support_group="other")
    fixed = enrol(db, bhxh_person, "bhxh_tn", "2024-11-10", 3_564_000, months=12,
                  income=1_500_000, start_month="2024-12", receipt_no="BL-0001",
                  receipt_date="2024-11-10", support_group="other")
    with transaction(db):
        record_store.supersede(db, "enrolments", typo, fixed)       # the agent's correction
    enrol(db, bhyt_person, "bhyt_hgd", "2024-11-11", 1_263_600, months=12, position=1,
          receipt_no="BL-0002", receipt_date="2024-11-11")
    enrol(db, bhyt_person, "bhyt_hgd", "2024-10-11", 315_900, months=3, position=1)
    return {"village": village, "bhxh": bhxh_person, "bhyt": bhyt_person, "declined": declined}


def sheet_rows(sheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], line, strict=True)) for line in values[1:]]


def test_commune_list_xlsx(client, auth, signed_up, db):
    auth.login("official1")
    response = client.get("/communes/31843/list.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="danh-sach-xa-hong-dan.xlsx";'
        " filename*=UTF-8''danh%20s%C3%A1ch%20X%C3%A3%20H%E1%BB%93ng%20D%C3%A2n.xlsx")
    book = load_workbook(io.BytesIO(response.data))
    sheet = book["Danh sách"]
    people = sheet_rows(sheet)
    listed = scalar(db, "SELECT count(*) FROM residents r JOIN villages v ON v.id = r.village_id"
                        " WHERE v.commune_code = '31843' AND r.merged_into IS NULL")
    assert len(people) == listed and people[0]["STT"] == 1
    declined = signed_up["declined"]
    line = next(p for p in people if p["Họ và tên"] == declined["full_name"]
                and p["Số CCCD"] == declined["cccd"])
    assert line["Thôn, ấp"] == row(db, "SELECT name FROM villages WHERE id = ?",
                                   (signed_up["village"],))["name"]
    assert line["Kết quả"] == "Từ chối" and line["Lý do"] == "Thu nhập không ổn định"
    assert line["Hẹn lại"] == datetime(2024, 12, 1)
    assert line["Lần đến gần nhất"] == datetime(2024, 11, 9)
    assert line["Nhân viên thu"] == "Trần Thị Mai"
    assert line["Tình trạng danh sách"] == "Trong danh sách"
    if declined["birth_date"]:
        assert line["Ngày sinh"] == datetime.fromisoformat(declined["birth_date"])
        assert line["Chỉ có năm sinh (Có/Không)"] == "Không"
    else:
        assert line["Ngày sinh"] == declined["birth_year"]
    cells = {c.value: c for c in next(sheet.iter_rows(min_row=1, max_row=1))}
    index = list(cells).index("Hẹn lại")
    for line_cells in sheet.iter_rows(min_row=2):
        if line_cells[index].value is not None:
            assert line_cells[index].number_format == "dd/mm/yyyy"
            break


def test_village_list_csv(client, auth, signed_up):
    auth.login("official1")
    response = client.get(f"/communes/31843/villages/{signed_up['village']}/list.csv")
    assert response.mimetype == "text/csv"
    assert response.data.startswith("\ufeff".encode())
    people = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [p["Họ và tên"] for p in people] == [                   # households together
        "Huỳnh Văn Đức", "Võ Thị Phượng", "Lê Văn Cường", "Phạm Thị Dung", "Nguyễn Văn An",
        "Trần Thị Bình"]
    declined = signed_up["declined"]
    line = next(p for p in people if p["Họ và tên"] == declined["full_name"]
                and p["Số CCCD"] == (declined["cccd"] or ""))
    assert line["Hẹn lại"] == "01/12/2024" and line["Lần đến gần nhất"] == "09/11/2024"
    assert line["Ngày sinh"] == "02/11/1985" and line["Chỉ có năm sinh (Có/Không)"] == "Không"
    assert people[-1]["Ngày sinh"] == "1975" and people[-1]["Chỉ có năm sinh (Có/Không)"] == "Có"
    assert line["Lý do"] == "Thu nhập không ổn định"
    assert all(p["Thôn, ấp"] == people[0]["Thôn, ấp"] for p in people)


def test_printable_village_list(client, auth, signed_up):
    auth.login("official1")
    page = client.get(f"/communes/31843/villages/{signed_up['village']}/print")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "css/print.css" in text
    assert text.count("<tr>") == 7                                  # heading + 6 people
    assert signed_up["declined"]["full_name"] in text and "Từ chối 09/11/2024" in text


def test_card_start_follows_the_renewal_rules():
    paid = date(2024, 11, 11)
    assert card_valid_from(paid, None) == date(2024, 12, 11)                 # first card
    assert card_valid_from(paid, date(2024, 12, 31)) == date(2025, 1, 1)     # runs on
    assert card_valid_from(paid, date(2024, 9, 30)) == paid                  # within 3 months
    assert card_valid_from(paid, date(2024, 8, 11)) == date(2024, 12, 11)    # gap of 3 months


def test_a_declared_card_follows_the_card_an_earlier_sign_up_bought(client, auth, signed_up):
    auth.login("official1")
    response = client.get("/communes/31843/declarations.xlsx",
                          query_string={"period": "month", "month": "2024-11", "profile": "ebh"})
    sheet = load_workbook(io.BytesIO(response.data))["BHYT hộ gia đình"]
    values = list(sheet.iter_rows(values_only=True))
    (line,) = [dict(zip(values[0], v, strict=True)) for v in values[1:] if any(v)]
    assert line["Họ và tên (*)"] == signed_up["bhyt"]["full_name"]
    # October's 3-month card ran 10/11/2024–09/02/2025; paid before it ended, the new one follows
    assert line["Thời hạn sử dụng thẻ BHYT, từ ngày"] == datetime(2025, 2, 10)
