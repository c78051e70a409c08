"""Officials' and supervisors' view of retention: the overview's split of each list, figures
per village and agent, the renewal list as XLSX, CSV and print (the pinned day is 28/11/2026)."""

import csv
import io
from datetime import datetime

import pytest
from commune_data import new_village
from openpyxl import load_workbook
from test_commune_overview import cell
from test_retention_store import sign_up

from agent_app.store import residents as resident_store
from agent_app.store import transaction

NOV = "period=month&month=2026-11"


@pytest.fixture
def village(db):
    """Six people: An renewed October's month on time and paid November; Bình's card (on the
    list) ended 15/11; Cường stopped BHXH (on the list); Dung let October lapse and came back on
    10/11; Đức was never insured; Phượng renewed a card ending 20/11 two days early."""
    village_id, people = new_village(db)
    an, binh, cuong, dung, duc, phuong = people
    bhxh = {"scheme": "bhxh_tn", "income": 1_500_000, "months": 1}
    sign_up(db, an, "2026-10-01", start_month="2026-10", **bhxh)
    sign_up(db, an, "2026-10-30", start_month="2026-11", **bhxh)
    sign_up(db, dung, "2026-10-03", start_month="2026-10", **bhxh)
    sign_up(db, dung, "2026-11-10", start_month="2026-11", **bhxh)
    with transaction(db):
        resident_store.update_resident(db, binh["id"], {"bhyt_status": "valid",
                                                        "bhyt_expiry": "2026-11-15"})
        resident_store.update_resident(db, cuong["id"], {"bhxh_status": "stopped"})
        resident_store.update_resident(db, phuong["id"], {"bhyt_status": "valid",
                                                          "bhyt_expiry": "2026-11-20"})
    sign_up(db, phuong, "2026-11-18", scheme="bhyt_hgd", position=1, months=12)
    return {"id": village_id, "people": people, "duc": duc}


def row_cells(page: str, table: str, key: str) -> dict[str, str]:
    import re
    body = page[page.index(f'id="{table}"'):]
    line = re.search(rf'<tr data-row="{key}">(.*?)</tr>', body, re.S).group(1)
    return {name: " ".join(re.sub(r"<[^>]+>", " ", value).split())
            for name, value in re.findall(r'data-col="(\w+)">(.*?)</td>', line, re.S)}


def test_the_overview_counts_lapsed_participants_apart_from_the_never_insured(client, auth,
                                                                              village):
    auth.login("official1")
    page = client.get(f"/communes/31843/?{NOV}").get_data(as_text=True)
    assert cell(page, village["id"], "listed") == "6"
    assert cell(page, village["id"], "never") == "1"              # Đức
    assert cell(page, village["id"], "lapsed") == "2"             # Bình's card, Cường's BHXH
    september = client.get("/communes/31843/?period=month&month=2026-09").get_data(True)
    assert cell(september, village["id"], "lapsed") == "1"        # Bình's card still ran
    assert cell(september, village["id"], "never") == "3"         # An, Dung not yet signed


def test_retention_figures_per_village_and_agent(client, auth, village):
    auth.login("official1")
    page = client.get(f"/communes/31843/retention?{NOV}").get_data(as_text=True)
    assert row_cells(page, "retention-villages", str(village["id"])) == {
        "due": "4", "on_time": "1", "lapsed": "1", "open": "2", "kept": "50,0%",
        "won_back": "1"}
    october = client.get("/communes/31843/retention?period=month&month=2026-10").get_data(True)
    assert row_cells(october, "retention-villages", str(village["id"]))["on_time"] == "1"
    assert row_cells(october, "retention-villages", str(village["id"]))["lapsed"] == "1"
    agents = page[page.index('id="retention-agents"'):]
    assert "Trần Thị Mai" in agents
    assert row_cells(page, "retention-agents", "list") == {
        "due": "2", "on_time": "1", "lapsed": "1", "open": "0", "kept": "50,0%",
        "won_back": "0"}


def test_the_renewal_list_downloads_and_prints(client, auth, village):
    auth.login("official1")
    url = f"/communes/31843/renewals.xlsx?village={village['id']}"
    response = client.get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data))["Đóng tiếp"]
    values = list(sheet.iter_rows(values_only=True))
    lines = [dict(zip(values[0], line, strict=True)) for line in values[1:]]
    an, binh = village["people"][0], village["people"][1]
    found = [(x["Họ và tên"], x["Loại"], x["Tình trạng"]) for x in lines]
    assert sorted(found[:2]) == sorted([(an["full_name"], "BHXH tự nguyện", "Sắp đến hạn"),
                                        (village["people"][3]["full_name"], "BHXH tự nguyện",
                                         "Sắp đến hạn")])            # both end on 30/11
    assert found[2:] == [(binh["full_name"], "BHYT hộ gia đình", "Đã dừng"),     # 15/11
                         (village["people"][2]["full_name"], "BHXH tự nguyện", "Đã dừng")]
    assert lines[0]["Hết hạn"] == datetime(2026, 11, 30)
    assert lines[0]["Số tiền đóng hôm nay"] == 264_000 and lines[0]["Nhân viên thu"] == \
        "Trần Thị Mai"
    assert lines[2]["Số tiền đóng hôm nay"] == 1_366_200 and lines[2]["Nhân viên thu"] is None
    text = client.get(f"/communes/31843/renewals.csv?village={village['id']}").data
    rows = list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))
    assert rows[0]["Hết hạn"] == "30/11/2026" and rows[0]["Số tiền đóng hôm nay"] == "264000"
    printed = client.get(f"/communes/31843/renewals/print?village={village['id']}")
    assert printed.get_data(as_text=True).count("<tr data-resident-id=") == 4
    assert "264.000 đ" in printed.get_data(as_text=True)


def test_supervisors_read_it_agents_and_other_communes_do_not(client, auth, village):
    auth.login("supervisor1")
    assert client.get("/communes/31843/retention").status_code == 200
    assert client.get("/communes/31843/renewals.csv").status_code == 200
    auth.login("official1")
    assert client.get("/communes/31849/retention").status_code == 404
    assert client.get(f"/communes/31849/renewals.xlsx?village={village['id']}").status_code == 404
    assert client.get("/communes/31843/renewals/print?village=999999").status_code == 404
