"""A vendor export handed back as a list: the import reads every profile's layout (headings and
field codes are list headings, code and title rows are skipped), finds the people already listed
without a village column, and changes nothing that the export itself added."""

import io

import pytest
from declaring import QUERY, declaring_village, set_up_commune
from openpyxl import load_workbook

from agent_app.imports.importer import ImportFailed, import_list
from agent_app.spreadsheets import Column, Sheet, xlsx
from agent_app.store import row, scalar


@pytest.fixture
def exported(client, auth, db):
    declaring = declaring_village(db)
    auth.login("official1")
    set_up_commune(client, auth, db)

    def export(profile_id: str) -> bytes:
        return client.get("/communes/31843/declarations.xlsx",
                          query_string={**QUERY, "profile": profile_id}).data
    export.declaring = declaring
    return export


@pytest.mark.parametrize("profile_id, rows", [("ebh", 7), ("vnpt", 7), ("viettel", 4),
                                              ("official", 7)])
def test_each_layout_reads_back_onto_the_people_it_came_from(exported, db, profile_id, rows):
    before = scalar(db, "SELECT count(*) FROM residents")
    report = import_list(db, exported(profile_id), f"{profile_id}.xlsx", "31843")
    assert report.skipped == [] and report.created == 0
    assert report.unchanged + report.updated == rows             # Phượng is in two sheets
    assert report.updated == 0, report.warnings                  # nothing the export added
    assert scalar(db, "SELECT count(*) FROM residents") == before


def test_what_the_vendor_software_added_comes_back_into_the_list(exported, db):
    """The office fills Mã số BHXH in the vendor's file (as the software issues it) and hands
    the file back: the code lands on the right person, found without a village column."""
    book = load_workbook(io.BytesIO(exported("viettel")))
    sheet = book["D03_TK01"]
    assert sheet["B11"].value == "Huỳnh Văn Đức" and sheet["C6"].value == "MaSoBhxh"
    sheet["C11"] = "9612345678"
    sheet["B12"] = "Người Không Có Trong Danh Sách"
    sheet["AG12"] = None
    data = io.BytesIO()
    book.save(data)
    report = import_list(db, data.getvalue(), "vbhxh.xlsx", "31843")
    duc = exported.declaring.people["Huỳnh Văn Đức"]
    assert row(db, "SELECT bhxh_code FROM residents WHERE id = ?",
               (duc["id"],))["bhxh_code"] == "9612345678"
    assert report.updated == 1 and report.created == 0
    (skipped,) = report.skipped
    assert skipped["row"] == 12 and skipped["column"] == "D03_TK01: Thôn"
    assert "không thấy người này trong danh sách của xã" in skipped["message"]


def test_a_plain_list_without_a_village_column_is_still_refused(db):
    sheet = Sheet("Danh sách", [Column("Họ và tên", lambda r: r["name"]),
                                Column("Ngày sinh", lambda r: r["born"])],
                  [{"name": "Lê Văn A", "born": "1990"}])
    with pytest.raises(ImportFailed, match="Không tìm thấy cột “Thôn”"):
        import_list(db, xlsx([sheet]), "ds.xlsx", "31843")
