"""The due lists on the agent's home, checklist and resident card, and the prefilled renewal
forms they lead to (the pinned day is 28/11/2026)."""

import re
from html import unescape

import pytest
from commune_data import new_village
from test_retention_store import sign_up

from agent_app.store import residents as resident_store
from agent_app.store import transaction

ROW = re.compile(r'data-resident-id="([^"]+)"')


@pytest.fixture
def agent(auth):
    auth.login("agent1")
    return auth


@pytest.fixture
def village(db):
    """A village of six: An's BHXH month ends 30/11 (due); Bình's card ended 31/10 on the list
    (lapsed), as did Cường's, who lives with Dung; the others never joined."""
    village_id, people = new_village(db)
    an, binh, cuong, dung = people[0], people[1], people[2], people[3]
    sign_up(db, an, "2026-11-02", scheme="bhxh_tn", income=1_500_000, months=1,
            start_month="2026-11")
    with transaction(db):
        for person in (binh, cuong):
            resident_store.update_resident(db, person["id"], {"bhyt_status": "expired",
                                                              "bhyt_expiry": "2026-10-31"})
    return {"id": village_id, "an": an, "binh": binh, "cuong": cuong, "dung": dung}


def section(page: str, name: str) -> str:
    start = page.index(f'data-renewals="{name}"')
    return page[start:page.index("</ul>", start)]


def item(page: str, name: str, resident_id: str, scheme: str = "") -> str:
    """One person's entry in a list (the demo's own due people are there too)."""
    found = section(page, name)
    start = found.index(f'data-resident-id="{resident_id}" data-scheme="{scheme}')
    return found[start:found.index("</li>", start)]


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_home_lists_who_is_due_and_who_stopped_with_todays_amount(client, agent, village):
    page = client.get("/").get_data(as_text=True)
    ours = {village[k]["id"] for k in ("an", "binh", "cuong", "dung")}
    assert ours & set(ROW.findall(section(page, "due"))) == {village["an"]["id"]}
    due = text(item(page, "due", village["an"]["id"]))
    assert "đã đóng đến hết tháng 11/2026" in due
    assert "Đóng hôm nay: 264.000 đ · 1 tháng từ 12/2026" in due        # 330.000 − 20%
    assert "Hạn đóng: 30/11/2026" in due
    assert ours & set(ROW.findall(section(page, "lapsed"))) == {village["binh"]["id"],
                                                                 village["cuong"]["id"]}
    binh = text(item(page, "lapsed", village["binh"]["id"]))
    assert "thẻ đã hết hạn ngày 31/10/2026" in binh and "1.366.200 đ" in binh
    assert "Đóng trước hết 30/01/2027: thẻ có giá trị ngay từ ngày đóng" in binh


def test_the_renewal_link_opens_the_bhxh_form_prefilled(client, agent, village):
    page = client.get("/").get_data(as_text=True)
    entry = item(page, "due", village["an"]["id"])
    link = unescape(re.search(r'href="([^"]+)" data-renew', entry).group(1))
    assert link.startswith(f"/enrolments/new?resident={village['an']['id']}&scheme=bhxh_tn")
    form = client.get(link).get_data(as_text=True)
    assert 'name="income" inputmode="numeric"' in form and 'value="1.500.000"' in form
    assert re.search(r'<option value="1" selected>', form)
    assert 'name="start_month" type="month" value="2026-12"' in form
    assert re.search(r'data-amount value="264.000"', form)


def test_a_lapsed_household_renews_together_on_the_ladder(client, agent, village, db):
    cuong, dung = village["cuong"], village["dung"]
    with transaction(db):
        resident_store.update_resident(db, dung["id"], {"bhyt_status": "expired",
                                                        "bhyt_expiry": "2026-09-30"})
    page = client.get("/").get_data(as_text=True)
    lapsed = section(page, "lapsed")
    links = {unescape(u) for u in re.findall(r'href="([^"]+)" data-renew', lapsed)
             if cuong["household_id"] in unescape(u)}
    assert links == {f"/enrolments/new?household={cuong['household_id']}&scheme=bhyt_hgd"
                     f"&member={cuong['id']}&member={dung['id']}&months=12&group=other"}
    form = client.get(links.pop()).get_data(as_text=True)
    assert re.findall(r'name="position" value="(\d+)"', form) == ["1", "2"]
    assert re.findall(r'data-amount value="([\d.]+)"', form) == ["1.366.200", "956.340"]


def test_a_member_who_joined_this_year_can_renew_on_the_household_form(client, agent, village,
                                                                       db):
    cuong, dung = village["cuong"], village["dung"]
    sign_up(db, dung, "2026-02-10", scheme="bhyt_hgd", position=1, months=3)
    form = client.get(f"/enrolments/new?household={cuong['household_id']}&scheme=bhyt_hgd"
                      f"&member={dung['id']}").get_data(as_text=True)
    offered = re.findall(r'name="resident_id" value="([^"]+)"', form)
    assert dung["id"] in offered
    assert re.findall(r'name="position" value="(\d*)"', form)[offered.index(dung["id"])] == "1"


def test_checklist_filters_and_marks(client, agent, village):
    url = f"/villages/{village['id']}"
    due = client.get(url, query_string={"filter": "renew"}).get_data(as_text=True)
    assert set(ROW.findall(due)) == {village["an"]["id"]}
    assert "BHXH 30/11" in text(due)
    lapsed = client.get(url, query_string={"filter": "lapsed"},
                        headers={"HX-Request": "true"}).get_data(as_text=True)
    assert set(ROW.findall(lapsed)) == {village["binh"]["id"], village["cuong"]["id"]}
    assert "BHYT đã dừng" in text(lapsed)


def test_the_card_shows_paid_until_and_a_reminder_with_the_agents_phone(client, agent, village):
    card = client.get(f"/residents/{village['an']['id']}").get_data(as_text=True)
    assert "Đã đóng đến hết tháng 11/2026 · sắp đến hạn" in text(card)
    assert "Chưa có thẻ" in text(card)
    reminder = unescape(re.search(r'data-share-text="([^"]+)"', card).group(1))
    assert reminder == (
        f"Kính gửi {village['an']['full_name']},\n"
        "BHXH tự nguyện của anh/chị đã đóng đến hết tháng 11/2026.\n"
        "Đóng tiếp 1 tháng: 264.000 đ, hạn đóng 30/11/2026.\n"
        "Liên hệ nhân viên thu Trần Thị Mai, điện thoại 0912000000.")
    other = client.get(f"/residents/{village['binh']['id']}").get_data(as_text=True)
    assert "Hạn thẻ 31/10/2026 (theo danh sách) · đã hết hạn" in text(other)


def test_how_far_ahead_the_list_looks_is_configurable(app, client, agent, village, db):
    with transaction(db):
        resident_store.update_resident(db, village["dung"]["id"], {"bhyt_status": "valid",
                                                                   "bhyt_expiry": "2027-01-05"})
    home = client.get("/").get_data(as_text=True)
    assert village["dung"]["id"] not in ROW.findall(section(home, "due"))
    app.config["RETENTION_DUE_DAYS"] = 45
    assert village["dung"]["id"] in ROW.findall(section(client.get("/").get_data(True), "due"))
