"""No export hands Excel a formula: every XLSX and CSV the app writes, read back, holds text that
starts with = + - @ as inert text, and money as numbers (negative ones too)."""

import csv
import io

import pytest
from commune_data import enrol, new_village, visit
from openpyxl import load_workbook

from agent_app import spreadsheets
from agent_app.store import residents as resident_store
from agent_app.store import transaction

NAME = '=HYPERLINK("http://x")'
DANGEROUS = [NAME, "+1", "-2", "@SUM(1)", "=1+1", "-2+3"]


@pytest.fixture
def poisoned(db):
    """A person whose name, ethnicity, relation and household address are formulas, signed up
    with a formula for a receipt number by an agent whose display name is one too."""
    village, people = new_village(db)
    person = people[0]
    with transaction(db):
        resident_store.update_resident(db, person["id"], {
            "full_name": NAME, "ethnicity": "+1", "relation_to_head": "-2"})
        resident_store.update_household(db, person["household_id"], {"address": "@SUM(1)"})
        db.conn.execute("UPDATE users SET display_name = '-2+3' WHERE username = 'agent1'")
    person = resident_store.get_resident(db, person["id"])
    visit(db, person["id"], "considering", "2024-11-09")
    enrol(db, person, "bhxh_tn", "2024-11-10", 356_400, months=12, income=1_500_000,
          start_month="2024-12", receipt_no="=1+1", receipt_date="2024-11-10",
          support_group="other", quoted_amount=3_564_000)
    return village


def xlsx_cells(body: bytes) -> list:
    book = load_workbook(io.BytesIO(body))
    return [cell for sheet in book.worksheets for line in sheet.iter_rows() for cell in line]


def csv_fields(body: bytes) -> list[str]:
    return [field for line in csv.reader(io.StringIO(body.decode("utf-8-sig")))
            for field in line]


def assert_inert(texts: list[str], expected: list[str]) -> None:
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@"))]
    for text in expected:
        assert "'" + text in texts or any(t.startswith("'" + text) for t in texts), text


EXPORTS = {
    "official1": ["/communes/31843/list.xlsx", "/communes/31843/list.csv",
                  "/communes/31843/villages/{village}/list.xlsx",
                  "/communes/31843/villages/{village}/list.csv",
                  "/communes/31843/declarations.xlsx?period=month&month=2024-11"],
    "supervisor1": ["/supervisor/day.xlsx?date=2024-11-10", "/supervisor/day.csv?date=2024-11-10"],
}
EXPECTED = {
    "list": [NAME, "+1", "-2", "@SUM(1)", "-2+3"],
    "declarations": [NAME, "+1", "@SUM(1)", "=1+1", "-2+3"],
    "day": ["-2+3"],
}


@pytest.mark.parametrize("user, url", [(u, url) for u, urls in EXPORTS.items() for url in urls])
def test_every_export_keeps_formulas_as_text(client, auth, poisoned, user, url):
    auth.login(user)
    response = client.get(url.format(village=poisoned))
    assert response.status_code == 200
    expected = next(texts for key, texts in EXPECTED.items() if key in url)
    if ".csv" in url:
        assert_inert(csv_fields(response.data), expected)
        return
    cells = xlsx_cells(response.data)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert_inert([c.value for c in cells if isinstance(c.value, str)], expected)
    if "declarations" in url:
        assert 3_564_000 in [c.value for c in cells]        # money (the rules') is a number
    if "/supervisor/" in url:                               # the amount alert names the person
        assert any(str(c.value).startswith("'" + NAME) for c in cells)


def test_negative_money_stays_a_number_and_text_that_looks_like_one_does_not():
    sheet = spreadsheets.Sheet("Thử", [
        spreadsheets.Column("Tiền", lambda i: i["amount"], "money"),
        spreadsheets.Column("Ghi chú", lambda i: i["note"]),
    ], [{"amount": -5000, "note": "-2"}, {"amount": 1500000, "note": "@SUM(1)"}])
    cells = {c.coordinate: c for c in xlsx_cells(spreadsheets.xlsx([sheet]))}
    assert cells["B2"].value == -5000 and cells["B2"].number_format == "#,##0"
    assert cells["C2"].value == "'-2" and cells["C3"].value == "'@SUM(1)"
    table = list(csv.reader(io.StringIO(spreadsheets.csv_bytes(sheet).decode("utf-8-sig"))))
    assert table[1] == ["1", "-5000", "'-2"] and table[2] == ["2", "1500000", "'@SUM(1)"]
