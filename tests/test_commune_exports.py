"""Every export read back: Vietnamese text, numbers and dates survive the trip."""

import csv
import io
from datetime import datetime

import pytest
from commune_data import enrol, residents, villages, visit
from openpyxl import load_workbook

from agent_app.store import row


@pytest.fixture
def signed_up(db):
    """Two sign-ups in November 2026 and a visit with reasons, in village 1 of Xã Hồng Dân."""
    village = villages(db)[0]
    bhxh_person, bhyt_person, declined = residents(db, village, 3)
    visit(db, declined["id"], "refused", "2026-11-09", reasons=["irregular_income"],
          follow_up_on="2026-12-01")
    enrol(db, bhxh_person, "bhxh_tn", "2026-11-10", 2_574_000, months=12, income=1_500_000,
          start_month="2026-12", receipt_no="BL-0001", receipt_date="2026-11-10",
          state_support_rate=20, state_support=792_000)
    enrol(db, bhyt_person, "bhyt_hgd", "2026-11-11", 1_263_600, months=12, position=1,
          receipt_no="BL-0002", receipt_date="2026-11-11", card_valid_from="2026-12-11",
          hospital="Trung tâm Y tế Hồng Dân", hospital_province="96")
    enrol(db, bhyt_person, "bhyt_hgd", "2026-10-11", 315_900, months=3, position=1)
    return {"village": village, "bhxh": bhxh_person, "bhyt": bhyt_person, "declined": declined}


def sheet_rows(sheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], line, strict=True)) for line in values[1:]]


def test_commune_list_xlsx(client, auth, signed_up, db):
    auth.login("official1")
    response = client.get("/communes/31843/list.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == \
        'attachment; filename="danh-sach-xa-hong-dan.xlsx"'
    book = load_workbook(io.BytesIO(response.data))
    sheet = book["Danh sách"]
    people = sheet_rows(sheet)
    assert len(people) == 900 and people[0]["STT"] == 1
    declined = signed_up["declined"]
    line = next(p for p in people if p["Họ và tên"] == declined["full_name"]
                and p["Số CCCD"] == declined["cccd"])
    assert line["Thôn, ấp"] == row(db, "SELECT name FROM villages WHERE id = ?",
                                   (signed_up["village"],))["name"]
    assert line["Kết quả"] == "Từ chối" and line["Lý do"] == "Thu nhập không ổn định"
    assert line["Hẹn lại"] == datetime(2026, 12, 1)
    assert line["Lần đến gần nhất"] == datetime(2026, 11, 9)
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
    assert len(people) == 300
    declined = signed_up["declined"]
    line = next(p for p in people if p["Họ và tên"] == declined["full_name"]
                and p["Số CCCD"] == (declined["cccd"] or ""))
    assert line["Hẹn lại"] == "01/12/2026" and line["Lần đến gần nhất"] == "09/11/2026"
    assert line["Lý do"] == "Thu nhập không ổn định"
    assert all(p["Thôn, ấp"] == people[0]["Thôn, ấp"] for p in people)


def test_declarations_in_the_template_columns(client, auth, signed_up, db):
    auth.login("official1")
    response = client.get("/communes/31843/declarations.xlsx?period=month&month=2026-11")
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["BHXH tự nguyện", "BHYT hộ gia đình"]
    bhxh_sheet = book["BHXH tự nguyện"]
    (bhxh,) = sheet_rows(bhxh_sheet)
    person = signed_up["bhxh"]
    household = row(db, "SELECT * FROM households WHERE id = ?", (person["household_id"],))
    assert list(bhxh)[:4] == ["STT", "Họ và tên", "Mã số BHXH", "Ngày sinh"]
    assert bhxh["Họ và tên"] == person["full_name"]
    assert bhxh["Mức tiền làm căn cứ đóng"] == 1_500_000
    assert bhxh["Tổng số tiền NTG đóng"] == 2_574_000
    assert bhxh["Số tiền NSNN hỗ trợ"] == 792_000 and bhxh["Tỷ lệ NSNN hỗ trợ (%)"] == 20
    assert bhxh["Phương thức đóng"] == "12 tháng" and bhxh["Số tháng đóng"] == 12
    assert bhxh["Từ tháng năm"] == "12/2026"
    assert bhxh["Ngày biên lai"] == datetime(2026, 11, 10) and bhxh["Số biên lai"] == "BL-0001"
    assert bhxh["Mã hộ gia đình"] == household["household_code"]
    assert bhxh["Địa chỉ liên hệ"] == household["address"]
    assert bhxh["Nhân viên thu"] == "Trần Thị Mai"
    amount_cell = bhxh_sheet.cell(row=2, column=list(bhxh).index("Tổng số tiền NTG đóng") + 1)
    assert amount_cell.number_format == "#,##0" and isinstance(amount_cell.value, int)
    date_cell = bhxh_sheet.cell(row=2, column=list(bhxh).index("Ngày biên lai") + 1)
    assert date_cell.number_format == "dd/mm/yyyy"

    (bhyt,) = sheet_rows(book["BHYT hộ gia đình"])              # October's payment left out
    assert bhyt["Họ và tên"] == signed_up["bhyt"]["full_name"]
    assert bhyt["Người tham gia thứ"] == 1 and bhyt["Mức đóng HGĐ"] == 1_263_600
    assert bhyt["Thời hạn sử dụng thẻ BHYT, từ ngày"] == datetime(2026, 12, 11)
    assert bhyt["Bệnh viện"] == "Trung tâm Y tế Hồng Dân" and bhyt["Tỉnh KCB"] == "96"


def test_printable_village_list(client, auth, signed_up):
    auth.login("official1")
    page = client.get(f"/communes/31843/villages/{signed_up['village']}/print")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "css/print.css" in text
    assert text.count("<tr>") == 301                                # heading + 300 people
    assert signed_up["declined"]["full_name"] in text and "Từ chối 09/11/2026" in text
