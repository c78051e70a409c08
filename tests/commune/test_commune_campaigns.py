"""Campaign days: created by an official, tallied from visits and sign-ups, compared."""

import re

from commune_data import enrol, new_village, residents, villages, visit

from agent_app.store import audit, scalar
from agent_app.store import users as user_store


def create(client, auth, db, name: str, day: str, village_ids: list[int]):
    agent = user_store.get_user_by_name(db, "agent1")
    return client.post("/communes/31843/campaigns/new", data={
        "name": name, "held_on": day, "village_id": [str(v) for v in village_ids],
        "agent_id": [str(agent["id"])], "csrf_token": auth.csrf("/communes/31843/campaigns")})


def test_campaign_tally_and_comparison(client, auth, db):
    first, people = new_village(db)
    second, third = villages(db)[:2]
    elsewhere = residents(db, third, 1)[0]
    auth.login("official1")
    response = create(client, auth, db, "Ngày cao điểm tháng 11", "2024-11-21", [first, second])
    assert response.status_code == 302
    campaign_id = int(response.headers["Location"].rsplit("/", 1)[1])
    create(client, auth, db, "Ra quân đầu năm", "2024-01-10", [third])

    visit(db, people[0]["id"], "not_home", "2024-11-21")
    visit(db, people[1]["id"], "refused", "2024-11-21", reasons=["low_income"])
    visit(db, people[2]["id"], "enrolled", "2024-11-21")
    enrol(db, people[2], "bhxh_tn", "2024-11-21", 3_960_000)
    enrol(db, people[3], "bhyt_hgd", "2024-11-21", 1_263_600)
    # tagged with the name (other tone marks and case) in a village outside the campaign
    visit(db, elsewhere["id"], "enrolled", "2024-11-22", campaign="NGÀY CAO ĐIỂM THÁNG 11")
    enrol(db, elsewhere, "bhyt_hgd", "2024-11-22", 1_263_600)
    # not counted: another day, no tag
    visit(db, people[0]["id"], "considering", "2024-11-23")

    page = client.get(f"/communes/31843/campaigns/{campaign_id}").get_data(as_text=True)
    tally = dict(re.findall(r'id="tally-(\w+)">([^<]*)<', page))
    assert tally == {"visits": "4", "met": "3", "bhxh": "1", "bhyt": "2",
                     "amount": "6.487.200 đ"}
    listing = client.get("/communes/31843/campaigns").get_data(as_text=True)
    assert listing.index("Ngày cao điểm tháng 11") < listing.index("Ra quân đầu năm")
    assert "21/11/2024" in listing and "10/01/2024" in listing
    row = re.search(rf'data-campaign-id="{campaign_id}">(.*?)</tr>', listing, re.S).group(1)
    assert re.search(r'data-col="ratio">([^<]*)<', row).group(1) == "75,0%"   # 3 of 4 visits
    assert audit.history(db, "campaign", campaign_id)[0]["after"]["held_on"] == "2024-11-21"


def test_campaign_form_says_what_is_missing(client, auth, db):
    auth.login("official1")
    response = client.post("/communes/31843/campaigns/new", data={
        "name": "", "held_on": "2026-02-30",
        "csrf_token": auth.csrf("/communes/31843/campaigns")})
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    for message in ("Tên đợt: không được để trống", "Ngày: phải là một ngày có thật",
                    "Thôn, ấp: chọn ít nhất một", "Nhân viên thu: chọn ít nhất một"):
        assert message in text
    assert scalar(db, "SELECT count(*) FROM campaigns") == 0
