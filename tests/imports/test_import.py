"""List import: headings, messy values, bad rows, idempotent re-import, the CLI."""

from __future__ import annotations

import io
import json
import unicodedata
import zipfile
from datetime import date, datetime

import pytest
from listfiles import csv_bytes, xlsx
from openpyxl import Workbook

from agent_app.imports.columns import COLUMNS, EXTRA_COLUMNS, field_for, parse_date, parse_row
from agent_app.imports.importer import ImportFailed, import_list
from agent_app.store import rows, scalar

pytestmark = pytest.mark.both_engines

COMMUNE = "31843"
HEADINGS = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Thôn", "Chủ hộ",
            "Quan hệ với chủ hộ", "Đối tượng", "Hạn thẻ BHYT"]


def people(db, village: str = "Thôn 3") -> list[dict]:
    return rows(db, "SELECT r.*, h.head_name, h.household_code FROM residents r"
                    " JOIN villages v ON v.id = r.village_id"
                    " LEFT JOIN households h ON h.id = r.household_id"
                    " WHERE v.commune_code = ? AND v.name = ? ORDER BY r.full_name",
                (COMMUNE, village))


def count_people(db) -> int:
    return scalar(db, "SELECT count(*) FROM residents")


def test_headings_match_regardless_of_case_accents_and_spacing():
    for heading in ("Họ và tên", "HO VA TEN", "Họ tên", "  họ  và   TÊN (*) ",
                    unicodedata.normalize("NFD", "Họ và tên")):
        assert field_for(heading) == "full_name"
    for column in COLUMNS + EXTRA_COLUMNS:
        for heading in (column.heading, column.heading.upper(), *column.synonyms):
            assert field_for(heading) == column.field, heading
    assert field_for("Thôn/Ấp") == "village"
    assert field_for("STT") == ""                       # known, ignored on purpose
    assert field_for("Ghi chú") is None


@pytest.mark.parametrize("value, expected", [
    ("15/03/1985", ("1985-03-15", 1985)),
    ("5/3/1985", ("1985-03-05", 1985)),
    ("1985", (None, 1985)),
    (1985, (None, 1985)),
    (datetime(1985, 3, 15), ("1985-03-15", 1985)),
    (date(1985, 3, 15), ("1985-03-15", 1985)),
    ("1985-03-15", ("1985-03-15", 1985)),
    (31121, ("1985-03-15", 1985)),                  # a date serial in an unformatted cell
])
def test_dates_people_write(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["31/02/1990", "15/3/85", "mười lăm", "15/13/1990", 5])
def test_dates_that_cannot_be_read(value):
    with pytest.raises(ValueError):
        parse_date(value)


def test_doubtful_optional_values_only_warn():
    parsed = parse_row({"full_name": "Lý Văn Tâm", "village": "Ấp 1", "phone": "12345",
                        "support_group": "Hộ khá giả", "bhyt_status": "???",
                        "bhyt_expiry": "sắp hết"})
    assert parsed.errors == []
    assert [name for name, _message in parsed.warnings] == ["phone", "support_group",
                                                            "bhyt_status", "bhyt_expiry"]
    assert set(parsed.person) == {"full_name"}


def test_year_only_flag_and_bhyt_status_from_the_card_expiry():
    parsed = parse_row({"full_name": "Lý Văn Tâm", "village": "Ấp 1",
                        "birth": datetime(1960, 1, 1), "year_only": "Có",
                        "bhyt_expiry": "31/12/2099"})
    assert (parsed.person["birth_date"], parsed.person["birth_year"]) == (None, 1960)
    assert parsed.person["bhyt_status"] == "valid"


def test_messy_xlsx_rows_import_clean(db):
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Thuỷ")
    data = xlsx([
        ["DANH SÁCH NGƯỜI CHƯA THAM GIA BHYT, BHXH TỰ NGUYỆN"],
        [],
        HEADINGS,
        [1, "  Trần   Văn Đức ", datetime(1980, 4, 2), "NAM", "'096080001234", "Thôn 3",
         None, "Chủ hộ", "Hộ cận nghèo", datetime(2024, 1, 31)],
        [2, nfd, "1982", "nữ", "096 182 001 235", "thôn 3", "Trần Văn Đức", "Vợ", None, None],
        [3, "Trần Minh Khoa", "7/9/2010", "Nam", 96210001236, "THÔN  3", "Trần Văn Đức",
         "Con", None, None],
    ])
    report = import_list(db, data, "ds.xlsx", COMMUNE)
    assert report.as_dict() == {"created": 3, "updated": 0, "unchanged": 0, "skipped": [],
                                "warnings": [], "new_villages": [
                                    {"name": "Thôn 3", "rows": 3, "action": "create"}]}
    found = {p["full_name"]: p for p in people(db)}
    assert set(found) == {"Trần Văn Đức", "Nguyễn Thị Thuỷ", "Trần Minh Khoa"}   # NFC, trimmed
    head, wife, son = (found[n] for n in ("Trần Văn Đức", "Nguyễn Thị Thuỷ", "Trần Minh Khoa"))
    assert (head["birth_date"], head["gender"], head["cccd"]) == ("1980-04-02", "male",
                                                                  "096080001234")
    assert (wife["birth_date"], wife["birth_year"], wife["gender"]) == (None, 1982, "female")
    assert wife["cccd"] == "096182001235"
    assert son["cccd"] == "096210001236"            # Excel number: the leading zero is back
    assert head["support_group"] == "near_poor"
    assert (head["bhyt_status"], head["bhyt_expiry"]) == ("expired", "2024-01-31")
    assert head["household_id"] == wife["household_id"] == son["household_id"]
    assert head["head_name"] == "Trần Văn Đức"
    assert scalar(db, "SELECT count(*) FROM villages WHERE commune_code = ?"
                      " AND search_key = 'thon 3'", (COMMUNE,)) == 1


def test_csv_with_semicolons_and_household_codes(db):
    data = csv_bytes([
        ["Họ tên", "Năm sinh", "Giới tính", "Mã số BHXH", "Số điện thoại", "Ấp",
         "Mã hộ gia đình", "Dân tộc", "Đối tượng", "Tình trạng BHYT"],
        ["Thạch Thị Sa Rết", "1970", "Nữ", "9612345678", "0912 345 678", "Ấp Lộc Ninh",
         "HGD-01", "Khmer", "Dân tộc thiểu số", "Chưa có"],
        ["Danh Sóc", "1968", "Nam", "", "912345679", "ấp lộc ninh", "HGD-01", "Khmer",
         "Hộ nghèo", "Còn hạn"],
    ], delimiter=";")
    report = import_list(db, data, "ds.csv", COMMUNE)
    assert (report.created, report.skipped, report.warnings) == (2, [], [])
    found = {p["full_name"]: p for p in people(db, "Ấp Lộc Ninh")
             if p["household_code"] == "HGD-01"}
    assert set(found) == {"Thạch Thị Sa Rết", "Danh Sóc"}
    ret, soc = found["Thạch Thị Sa Rết"], found["Danh Sóc"]
    assert ret["household_id"] == soc["household_id"]
    assert (ret["bhxh_code"], ret["phone"], ret["ethnicity"]) == ("9612345678", "0912345678",
                                                                  "Khmer")
    assert soc["phone"] == "0912345679"             # Excel dropped the zero; it is back
    assert (ret["support_group"], soc["support_group"]) == ("ethnic_minority", "poor")
    assert (ret["bhyt_status"], soc["bhyt_status"]) == ("none", "valid")


def test_bad_rows_are_skipped_by_row_and_heading_as_written(db):
    before = count_people(db)
    data = xlsx([
        ["Tiêu đề"],
        ["HO VA TEN", "NGAY SINH", "GIOI TINH", "SO CCCD", "THON", "SDT"],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
        ["Lê Văn Một", "01/01/1990", "Nam", "", "Thôn 3", ""],
        ["", "01/01/1990", "Nam", "", "Thôn 3", ""],
        ["Lê Văn Ba", "31/02/1990", "Nam", "", "Thôn 3", ""],
        ["Lê Văn Bốn", "1990", "Không rõ", "", "Thôn 3", ""],
        ["Lê Văn Năm", "1990", "Nam", "12345", "Thôn 3", ""],
        ["Lê Văn Sáu", "1990", "Nam", "", "", ""],
        ["Lê Văn Bảy", "1990", "Nam", "", "Thôn 3", "12345"],
        ["Tổng cộng: 7 người", "", "", "", "", ""],
    ])
    report = import_list(db, data, "ds.xlsx", COMMUNE)
    skipped = [(entry["row"], entry["column"]) for entry in report.skipped]
    assert skipped == [(5, "HO VA TEN"), (6, "NGAY SINH"), (7, "GIOI TINH"), (8, "SO CCCD"),
                       (9, "THON"), (11, "HO VA TEN"), (11, "THON")]
    assert "không có thật" in report.skipped[1]["message"]
    assert [(w["row"], w["column"]) for w in report.warnings] == [(10, "SDT")]
    assert report.created == 2                      # rows 4 and 10 (without the bad phone)
    assert count_people(db) == before + 2
    assert {p["full_name"]: p["phone"] for p in people(db)} == {"Lê Văn Một": None,
                                                                 "Lê Văn Bảy": None}


def test_cccd_disagreeing_with_birth_or_gender_imports_with_a_warning(db):
    data = xlsx([["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Thôn"],
                 ["Võ Thị Lan", "1990", "Nữ", "096085000777", "Thôn 3"]])
    report = import_list(db, data, "ds.xlsx", COMMUNE)
    assert report.created == 1
    messages = [w["message"] for w in report.warnings]
    assert all(w["row"] == 2 and w["column"] == "Số CCCD" for w in report.warnings)
    assert any("năm sinh 1985" in m for m in messages)
    assert any("giới tính Nam" in m for m in messages)


def test_duplicate_rows_in_one_file_make_one_person(db):
    row = ["Đỗ Văn Hải", "12/12/1975", "Nam", "", "Thôn 3"]
    data = xlsx([["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Thôn"], row,
                 ["ĐỖ VĂN HẢI", "12/12/1975", "Nam", "", "thôn 3"], row])
    report = import_list(db, data, "ds.xlsx", COMMUNE)
    assert report.created == 1
    assert report.created + report.updated + report.unchanged == 3
    assert [w["row"] for w in report.warnings] == [3, 4]
    assert "dòng 2" in report.warnings[0]["message"]
    assert len(people(db)) == 1


def test_unknown_headings_are_warnings_and_the_rest_imports(db):
    data = csv_bytes([["Họ và tên", "Năm sinh", "Thôn", "Ghi chú", "Nghề nghiệp"],
                      ["Hồ Văn Tư", "1960", "Thôn 3", "đi làm xa", "làm ruộng"]])
    report = import_list(db, data, "ds.csv", COMMUNE)
    assert report.created == 1
    assert [(w["row"], w["column"]) for w in report.warnings] == [(1, "Ghi chú"),
                                                                 (1, "Nghề nghiệp")]


def ods() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    return buffer.getvalue()


@pytest.mark.parametrize("data, reason", [
    (xlsx([["Tên đầy đủ", "Ngày sinh", "Thôn"], ["Lê Văn A", "1990", "Thôn 3"]]), "Họ và tên"),
    (csv_bytes([["Họ và tên", "Ngày sinh"], ["Lê Văn A", "1990"]]), "Thôn"),
    (b"Xin chao\nday la mot la thu\n", "không có dạng bảng"),
    (b"", "rỗng"),
    (b"PK\x03\x04 not really a zip", "Excel"),
    (b"\xd0\xcf\x11\xe0old excel", ".xls"),
    (ods(), ".ods"),
])
def test_a_file_that_is_not_a_list_fails_whole_and_changes_nothing(db, data, reason):
    before = count_people(db)
    with pytest.raises(ImportFailed, match=reason):
        import_list(db, data, "ds", COMMUNE)
    assert count_people(db) == before
    assert scalar(db, "SELECT count(*) FROM imports") == 0


def test_unknown_commune_fails(db):
    with pytest.raises(ImportFailed, match="99999"):
        import_list(db, xlsx([["Họ và tên", "Thôn"], ["A", "B"]]), "ds.xlsx", "99999")


LIST = [["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Thôn", "Số điện thoại"],
        ["Phạm Văn Tài", "03/05/1979", "Nam", "096079004321", "Thôn 3", "0987654321"],
        ["Phạm Thị Hoà", "1981", "Nữ", "", "thôn 3", ""],
        ["Phạm Văn Lộc", "2001", "Nam", "", "THÔN  3", ""]]


def test_reimporting_the_same_file_changes_nothing(db):
    first = import_list(db, xlsx(LIST), "ds.xlsx", COMMUNE)
    again = import_list(db, xlsx(LIST), "ds.xlsx", COMMUNE)
    assert first.created == 3
    assert again.as_dict() == {"created": 0, "updated": 0, "unchanged": 3, "skipped": [],
                               "warnings": [], "new_villages": []}
    assert len(people(db)) == 3
    assert scalar(db, "SELECT count(*) FROM villages WHERE commune_code = ?"
                      " AND search_key = 'thon 3'", (COMMUNE,)) == 1


def test_a_corrected_file_updates_the_people_it_matches(db):
    import_list(db, xlsx(LIST), "ds.xlsx", COMMUNE)
    corrected = [LIST[0],
                 ["Phạm Văn Tài", "03/05/1979", "Nam", "096079004321", "Thôn 3", "0911111111"],
                 ["Phạm Thị Hòa", "1981", "Nữ", "096181004322", "Thôn 3", ""],   # hoà → hòa
                 ["Phạm Văn Lộc", "2001", "Nam", "", "Thôn 3", ""]]
    report = import_list(db, csv_bytes(corrected), "ds-sua.csv", COMMUNE)
    assert (report.created, report.updated, report.unchanged) == (0, 2, 1)
    found = {p["search_key"]: p for p in people(db)}
    assert len(found) == 3
    assert found["pham van tai"]["phone"] == "0911111111"
    assert found["pham thi hoa"]["cccd"] == "096181004322"
    assert found["pham thi hoa"]["full_name"] == "Phạm Thị Hòa"
    changes = rows(db, "SELECT * FROM audit_log WHERE entity = 'resident' AND action = 'import'")
    assert len(changes) == 2


def test_an_empty_cell_keeps_what_is_stored(db):
    import_list(db, xlsx(LIST), "ds.xlsx", COMMUNE)
    blanked = [LIST[0], ["Phạm Văn Tài", "1979", "", "096079004321", "Thôn 3", ""]]
    report = import_list(db, xlsx(blanked), "ds.xlsx", COMMUNE)
    assert report.unchanged == 1
    tai = next(p for p in people(db) if p["cccd"] == "096079004321")
    assert (tai["phone"], tai["birth_date"], tai["gender"]) == ("0987654321", "1979-05-03",
                                                                "male")


def test_a_cccd_of_someone_in_another_commune_is_not_taken_over(db):
    other = rows(db, "SELECT r.cccd, r.full_name FROM residents r JOIN villages v"
                     " ON v.id = r.village_id WHERE v.commune_code = '31849'"
                     " AND r.cccd IS NOT NULL LIMIT 1")[0]
    data = xlsx([["Họ và tên", "Số CCCD", "Thôn"], ["Người Khác", other["cccd"], "Thôn 3"]])
    report = import_list(db, data, "ds.xlsx", COMMUNE)
    assert report.created == 0
    assert report.skipped[0]["column"] == "Số CCCD"
    assert "xã khác" in report.skipped[0]["message"]
    assert scalar(db, "SELECT full_name FROM residents WHERE cccd = ?",
                  (other["cccd"],)) == other["full_name"]


def test_dry_run_reports_and_stores_nothing(db):
    before = count_people(db)
    report = import_list(db, xlsx(LIST), "ds.xlsx", COMMUNE, dry_run=True)
    assert report.created == 3
    assert count_people(db) == before
    assert scalar(db, "SELECT count(*) FROM villages WHERE name = 'Thôn 3'") == 0
    assert scalar(db, "SELECT count(*) FROM imports") == 0


def test_each_import_is_logged(db):
    report = import_list(db, xlsx(LIST + [["", "1990", "", "", "Thôn 3", ""]]), "ds.xlsx",
                         COMMUNE, user_id=5)
    logged = rows(db, "SELECT * FROM imports")
    assert len(logged) == 1 and logged[0]["id"] == report.import_id
    assert (logged[0]["file_name"], logged[0]["user_id"], logged[0]["created"]) == ("ds.xlsx",
                                                                                    5, 3)
    assert json.loads(logged[0]["skipped"])[0]["row"] == 5


def test_cli_json_report(app, db, tmp_path):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(xlsx(LIST + [["Lê Văn Sai", "32/01/1990", "Nam", "", "Thôn 3", ""]]))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import-list", str(path), "--commune", COMMUNE, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert list(report) == ["created", "updated", "unchanged", "skipped", "warnings",
                            "new_villages"]
    assert (report["created"], report["updated"], report["unchanged"]) == (3, 0, 0)
    assert report["skipped"] == [{"row": 5, "column": "Ngày sinh",
                                  "message": report["skipped"][0]["message"]}]
    assert report["warnings"] == []


def test_cli_dry_run_and_plain_report(app, db, tmp_path):
    path = tmp_path / "ds.csv"
    path.write_bytes(csv_bytes(LIST))
    result = app.test_cli_runner().invoke(
        args=["import-list", str(path), "--commune", COMMUNE, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "created 3" in result.output and "dry run" in result.output
    assert scalar(db, "SELECT count(*) FROM imports") == 0


def test_cli_refuses_unknown_commune_and_broken_file(app, tmp_path):
    path = tmp_path / "ds.csv"
    path.write_bytes(csv_bytes(LIST))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import-list", str(path), "--commune", "00001"])
    assert result.exit_code == 1 and "00001" in result.output
    path.write_bytes(csv_bytes([["Tên đầy đủ", "Thôn"], ["A", "B"]]))
    result = runner.invoke(args=["import-list", str(path), "--commune", COMMUNE])
    assert result.exit_code == 1 and "Họ và tên" in result.output


def test_load_units_then_import_into_a_new_commune(app, db, tmp_path):
    units = tmp_path / "units.csv"
    units.write_text(
        "province_code,province_name,province_type,commune_code,commune_name,commune_type\n"
        "01,Hà Nội,Thành phố,00004,Ba Đình,Phường\n"
        "01,Hà Nội,Thành phố,00008,Ngọc Hà,Phường\n"
        "08,Tuyên Quang,Tỉnh,02269,Lâm Bình,Xã\n", encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["load-units", str(units)])
    assert result.exit_code == 0, result.output
    assert "2 provinces, 3 communes" in result.output
    assert scalar(db, "SELECT name FROM communes WHERE code = '02269'") == "Xã Lâm Bình"
    again = runner.invoke(args=["load-units", str(units)])          # repeatable
    assert again.exit_code == 0
    path = tmp_path / "ds.xlsx"
    path.write_bytes(xlsx([["Họ và tên", "Năm sinh", "Thôn"], ["Ma Văn Sinh", 1970, "Bản Khuổi"]]))
    result = runner.invoke(args=["import-list", str(path), "--commune", "02269", "--json"])
    assert json.loads(result.output)["created"] == 1


def test_load_units_refuses_a_bad_file_whole(app, db, tmp_path):
    units = tmp_path / "units.csv"
    units.write_text("province_code,province_name,province_type,commune_code,commune_name,"
                     "commune_type\n01,Hà Nội,Thành phố,00004,Ba Đình,Phường\n"
                     "01,Hà Nội,Thành phố,123,Sai,Phường\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["load-units", str(units)])
    assert result.exit_code == 1 and "dòng 3" in result.output
    assert scalar(db, "SELECT count(*) FROM communes WHERE code = '00004'") == 0


def test_rows_with_only_a_name_are_matched_by_name_in_the_village(db):
    data = csv_bytes([["Họ và tên", "Thôn", "Số điện thoại"], ["Cao Văn Khải", "Thôn 3", ""],
                      ["Cao Thị Mận", "Thôn 3", ""]])
    assert import_list(db, data, "ds.csv", COMMUNE).created == 2
    data = csv_bytes([["Họ và tên", "Thôn", "Số điện thoại"],
                      ["Cao Văn Khải", "Thôn 3", "0977000111"], ["Cao Thị Mận", "Thôn 3", ""]])
    report = import_list(db, data, "ds.csv", COMMUNE)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert len(people(db)) == 2


def test_a_corrected_cccd_updates_the_person_matched_by_name_and_birth(db):
    import_list(db, xlsx(LIST), "ds.xlsx", COMMUNE)
    fixed = [LIST[0], ["Phạm Văn Tài", "03/05/1979", "Nam", "096079004329", "Thôn 3", ""]]
    report = import_list(db, xlsx(fixed), "ds.xlsx", COMMUNE)
    assert (report.created, report.updated) == (0, 1)
    assert report.warnings[0]["column"] == "Số CCCD"
    assert "096079004321" in report.warnings[0]["message"]
    assert [p["cccd"] for p in people(db) if p["search_key"] == "pham van tai"] == [
        "096079004329"]


def test_the_list_may_be_on_a_later_sheet(db):
    book = Workbook()
    book.active.append(["Ghi chú: danh sách ở trang sau"])
    sheet = book.create_sheet("Danh sách")
    for cells in LIST:
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    assert import_list(db, buffer.getvalue(), "ds.xlsx", COMMUNE).created == 3


def test_a_special_zone_makes_its_people_island_unless_the_list_says_otherwise(app, db,
                                                                                 tmp_path):
    units = tmp_path / "units.csv"
    units.write_text(
        "province_code,province_name,province_type,commune_code,commune_name,commune_type\n"
        "22,Quảng Ninh,Tỉnh,07192,Cô Tô,Đặc khu\n"
        "22,Quảng Ninh,Tỉnh,07000,Hạ Long,Phường\n", encoding="utf-8")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["load-units", str(units)]).exit_code == 0
    assert scalar(db, "SELECT kind FROM communes WHERE code = '07192'") == "Đặc khu"
    listed = [["Họ và tên", "Năm sinh", "Thôn", "Đối tượng"],
              ["Vũ Văn Đảo", 1970, "Thôn Hải Tiến", ""],
              ["Vũ Thị Nghèo", 1972, "Thôn Hải Tiến", "Hộ nghèo"],
              ["Vũ Văn Ghi", 1975, "Thôn Hải Tiến", "Xã đảo"]]
    for commune in ("07192", "07000"):
        report = import_list(db, xlsx(listed), "ds.xlsx", commune)
        assert report.created == 3 and not report.warnings
    groups = {(r["commune_code"], r["full_name"]): r["support_group"] for r in rows(
        db, "SELECT v.commune_code, r.full_name, r.support_group FROM residents r"
            " JOIN villages v ON v.id = r.village_id WHERE v.commune_code IN ('07192', '07000')")}
    assert groups == {("07192", "Vũ Văn Đảo"): "island", ("07192", "Vũ Thị Nghèo"): "poor",
                      ("07192", "Vũ Văn Ghi"): "island", ("07000", "Vũ Văn Đảo"): "other",
                      ("07000", "Vũ Thị Nghèo"): "poor", ("07000", "Vũ Văn Ghi"): "island"}
