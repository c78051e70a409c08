"""The agent's day on a 360 × 740 phone, in real Chromium (issue 14): the screen holds what a
thumb needs, every save says what it saved and brings the agent back where they were, online
and offline, and the sign-up is the only way to record one: with money and a receipt (or a
"chưa có biên lai" the supervisor sees). Two browser tests on purpose (the suite shares two
cores); the plain-form rules are checked without a browser."""

import io
from datetime import timedelta

import pytest
from commune_data import HONG_DAN, visit
from openpyxl import load_workbook
from playwright.sync_api import expect
from support import browser_login, csrf_token, phone_context

from agent_app.domain import clock
from agent_app.store import campaigns as campaign_store
from agent_app.store import row, rows, scalar
from agent_app.store import users as user_store

TODAY = clock.today()
KEYBOARD_TOP = 400          # a phone keyboard takes the lower ~45 % of a 740 px screen


def fresh_households(db, village_id: int, count: int) -> list[list[dict]]:
    """Households of three, everyone on the list and nobody visited yet, in checklist order."""
    households = [r["household_id"] for r in rows(db, """
        SELECT r.household_id FROM residents r WHERE r.village_id = ? AND r.list_status = 'on_list'
          AND r.support_group = 'other' AND NOT EXISTS (
              SELECT 1 FROM records x JOIN residents m ON m.id = x.resident_id
              WHERE m.household_id = r.household_id)
        GROUP BY r.household_id HAVING count(*) = 3 ORDER BY r.household_id LIMIT ?""",
                                                  (village_id, count))]
    return [rows(db, """SELECT * FROM residents WHERE household_id = ?
                        ORDER BY relation_to_head <> 'Chủ hộ', sort_key""", (h,))
            for h in households]


@pytest.fixture
def day(db):
    """Ấp Bình Hoà on the pinned day: one person due back today, one overdue, one insured
    elsewhere (a visit said so), a campaign of today and one of last week that an earlier visit
    was tagged with."""
    village = row(db, "SELECT id FROM villages WHERE name = 'Ấp Bình Hoà'")["id"]
    houses = fresh_households(db, village, 6)
    today, week_ago = TODAY.isoformat(), (TODAY - timedelta(days=6)).isoformat()
    due_today, overdue, elsewhere = houses[0][0], houses[1][0], houses[2][0]
    visit(db, due_today["id"], "considering", week_ago, follow_up_on=today)
    visit(db, overdue["id"], "considering", week_ago, follow_up_on=week_ago)
    visit(db, elsewhere["id"], "insured_elsewhere", week_ago, campaign="Ngày hội BHXH 22/11")
    official = user_store.get_user_by_name(db, "official1")["id"]
    agent = user_store.get_user_by_name(db, "agent1")["id"]
    campaign_store.create_campaign(db, official, HONG_DAN, "Ngày hội BHXH 22/11", week_ago,
                                   [village], [agent])
    campaign_store.create_campaign(db, official, HONG_DAN, "Ngày cao điểm 28/11", today,
                                   [village], [agent])
    return {"village": village, "due_today": due_today, "overdue": overdue,
            "elsewhere": elsewhere, "houses": houses[3:]}


def bottom(locator) -> float:
    box = locator.bounding_box()
    return box["y"] + box["height"]


@pytest.mark.browser
def test_a_day_on_a_phone_online(page, live_server, db, client, day):
    server, village = live_server, day["village"]
    browser_login(page, server, "agent1")

    # Home: the header is one line; the hamlets come first; today and overdue apart.
    brand, logout = page.locator(".brand"), page.locator("#logout-form button")
    assert brand.bounding_box()["y"] == pytest.approx(logout.bounding_box()["y"], abs=12)
    assert bottom(page.locator(".topbar")) <= 50
    assert bottom(page.locator(".village-list li a").first) <= 740
    due_today = page.locator("#due-today + ul").inner_text()
    assert day["due_today"]["full_name"] in due_today
    assert day["overdue"]["full_name"] not in due_today
    overdue = page.locator("#overdue")
    expect(overdue.locator("summary")).to_contain_text("người, hẹn trước hôm nay")
    overdue.locator("summary").click()
    expect(overdue).to_contain_text(day["overdue"]["full_name"])

    # The checklist: its first person high on the screen, one chip for "insured elsewhere", and
    # "← Danh sách thôn, ấp" goes to the list of hamlets.
    page.click(".village-list >> text=Ấp Bình Hoà")
    page.wait_for_url(f"**/villages/{village}")
    assert page.locator("#checklist li li").first.bounding_box()["y"] < 420
    chips = page.locator(f'[data-resident-id="{day["elsewhere"]["id"]}"] b')
    expect(chips.filter(has_text="nơi khác")).to_have_count(1)
    back = page.get_by_role("link", name="← Danh sách thôn, ấp")
    assert back.get_attribute("href") == "/#villages"

    # Far down the list: open someone, save a visit, come back to the same place, told what
    # was saved, with the next member of the household at hand.
    first, second = day["houses"][0][0], day["houses"][0][1]
    row_ = page.locator(f'[data-resident-id="{first["id"]}"]')
    row_.scroll_into_view_if_needed()
    page.mouse.wheel(0, -250)
    page.wait_for_timeout(200)
    top = row_.bounding_box()["y"]
    assert page.evaluate("scrollY") > 1000
    row_.locator("a").first.click()
    page.wait_for_url("**/visits/new?resident=*")

    # The visit form: every outcome on screen, no "Đã đăng ký" that saves without money, the
    # chips apart from the date label, and only today's campaign, chosen by nobody yet.
    assert page.evaluate("scrollY") == 0
    outcomes = page.locator(".outcomes .outcome")
    expect(outcomes).to_have_count(8)
    assert max(bottom(outcomes.nth(i)) for i in range(8)) <= 740
    expect(page.locator('input[name="outcome"][value="enrolled"]')).to_have_count(0)
    expect(page.locator("header.topbar")).to_be_visible()
    assert bottom(page.locator("[data-follow-up] button").first) + 4 <= \
        page.locator('label[for="follow_up_on"]').bounding_box()["y"]
    expect(page.locator("[data-back-to-checklist]")).to_have_text("← Ấp Bình Hoà")
    page.click("summary")
    campaigns = page.locator("[data-campaigns] label:visible")
    expect(campaigns).to_have_text(["Không", "Ngày cao điểm 28/11"])
    expect(page.get_by_label("Không", exact=True)).to_be_checked()
    page.get_by_label("Không gặp", exact=True).click()

    page.wait_for_url(f"{server.url}/villages/{village}")
    note = page.locator("#saved-note")
    expect(note).to_contain_text(f"Đã lưu lần đến nhà: {first['full_name']} · Không gặp")
    expect(note.locator(".saved-sync")).to_have_text("đã gửi lên máy chủ")
    assert row_.bounding_box()["y"] == pytest.approx(top, abs=3)      # where it was on screen
    assert page.evaluate("scrollY") > 1000
    nxt = note.locator("[data-next-member]")
    expect(nxt).to_have_text(f"Tiếp: {second['full_name']}")
    saved = row(db, "SELECT outcome, campaign FROM visits WHERE resident_id = ?", (first["id"],))
    assert saved == {"outcome": "not_home", "campaign": None}

    # The next member, then a search: the search is there again after the save, and its
    # results start above where the keyboard would be.
    nxt.click()
    page.wait_for_url(f"**/visits/new?resident={second['id']}")
    page.goto(f"{server.url}/villages/{village}")
    third = day["houses"][1][0]
    page.fill("#q", third["search_key"])
    page.wait_for_url("**q=*")
    found = page.locator(f'#checklist [data-resident-id="{third["id"]}"]')
    found.wait_for()
    assert found.bounding_box()["y"] < KEYBOARD_TOP
    found.locator("a").first.click()

    # "Đã đăng ký" leads to the sign-up: money shown as /quote shows it, and a receipt number
    # or an explicit "chưa có biên lai".
    page.click("text=Đã đăng ký: ghi đăng ký")
    page.locator("#sign-up").get_by_role("link", name="Đăng ký BHXH tự nguyện").click()
    page.wait_for_url("**/enrolments/new?*")
    expect(page.locator("#income")).to_have_value("1.500.000")
    assert page.locator("#income").get_attribute("inputmode") == "numeric"
    page.select_option("#months", "6")
    expect(page.locator("#amount")).to_have_value("1.584.000")
    page.fill("#amount", "1584000")
    page.press("#amount", "Tab")
    expect(page.locator("#amount")).to_have_value("1.584.000")
    page.click("text=Lưu đăng ký")
    expect(page.locator("#check-error-receipt_no")).to_have_text(
        "Nhập số biên lai, hoặc chọn “Chưa có biên lai”.")
    assert "/enrolments/new" in page.url
    page.get_by_label("Chưa có biên lai").check()
    page.click("text=Lưu đăng ký")
    page.wait_for_url(f"**/villages/{village}?*")
    expect(page.locator("#q")).to_have_value(third["search_key"])
    expect(page.locator("#saved-note")).to_contain_text(
        f"Đã lưu đăng ký: {third['full_name']} · 1.584.000 đ")
    expect(page.locator("#saved-note .saved-sync")).to_have_text("đã gửi lên máy chủ")
    signed = row(db, "SELECT amount, receipt_no FROM enrolments WHERE resident_id = ?",
                 (third["id"],))
    assert signed == {"amount": 1584000, "receipt_no": None}

    # The supervisor's day lists it, on the page and in the export.
    client.post("/login", data={"username": "supervisor1", "password": "demo1234",
                                "csrf_token": csrf_token(client)})
    report = client.get(f"/supervisor/?date={TODAY.isoformat()}").get_data(as_text=True)
    alert = report.split('data-alert="no_receipt"')[1].split("</details>")[0]
    assert "Đăng ký chưa có biên lai" in alert and third["full_name"] in alert
    export = load_workbook(io.BytesIO(client.get(
        f"/supervisor/day.xlsx?date={TODAY.isoformat()}").data))
    alerts = [[str(cell or "") for cell in line] for line in export["Cảnh báo"].values]
    assert any("Đăng ký chưa có biên lai" in line and
               f"{third['full_name']} (Ấp Bình Hoà), BHXH tự nguyện: thu 1.584.000 đ,"
               " chưa có biên lai" in line for line in alerts)


@pytest.mark.browser
def test_offline_the_save_says_it_waits_and_comes_back_to_the_place(browser, live_server, db,
                                                                    day):
    server, village = live_server, day["village"]
    context = phone_context(browser, service_workers="allow")
    page = context.new_page()
    browser_login(page, server, "agent1")
    page.click("#prepare-start")
    page.wait_for_selector("#prepare-result.ok", timeout=30000)
    page.goto(f"{server.url}/villages/{village}")
    page.wait_for_load_state("networkidle")
    context.set_offline(True)

    first, second = day["houses"][2][0], day["houses"][2][1]
    row_ = page.locator(f'[data-resident-id="{first["id"]}"]')
    row_.scroll_into_view_if_needed()
    top = row_.bounding_box()["y"]
    row_.locator("a").first.click()
    page.wait_for_url("**/visits/new?resident=*")
    expect(page.locator(".who h1")).to_have_text(first["full_name"])
    expect(page.locator("[data-back-to-checklist]")).to_have_text("← Ấp Bình Hoà")
    page.get_by_label("Từ chối", exact=True).click()

    page.wait_for_url(f"{server.url}/villages/{village}")
    note = page.locator("#saved-note")
    expect(note).to_contain_text(f"Đã lưu lần đến nhà: {first['full_name']} · Từ chối")
    expect(note.locator(".saved-sync")).to_have_text("chờ đồng bộ")
    expect(note.locator("[data-next-member]")).to_have_text(f"Tiếp: {second['full_name']}")
    assert row_.bounding_box()["y"] == pytest.approx(top, abs=3)
    assert scalar(db, "SELECT count(*) FROM visits WHERE resident_id = ?", (first["id"],)) == 0

    context.set_offline(False)
    expect(note.locator(".saved-sync")).to_have_text("đã gửi lên máy chủ", timeout=20000)
    assert scalar(db, "SELECT outcome FROM visits WHERE resident_id = ?",
                  (first["id"],)) == "refused"
    context.close()


def test_plain_forms_keep_the_same_rules(client, auth, db, day):
    """Without JavaScript: no "Đã đăng ký" visit, a receipt or "chưa có biên lai", amounts as
    shown (1.500.000), a flash that names what was saved, no campaign carried over."""
    auth.login("agent1")
    person = day["houses"][0][2]
    token = auth.csrf("/")
    claimed = client.post("/visits", data={"csrf_token": token, "resident_id": person["id"],
                                           "outcome": "enrolled"})
    assert claimed.status_code == 422 and "bằng nút đăng ký BHXH hoặc BHYT" in \
        claimed.get_data(as_text=True)
    form = client.get(f"/visits/new?resident={day['elsewhere']['id']}").get_data(as_text=True)
    assert 'value="Ngày hội BHXH 22/11"' not in form          # last week's tag does not stick
    data = {"csrf_token": token, "resident_id": person["id"], "scheme": "bhxh_tn",
            "income": "1.500.000", "months": "12", "group": "other", "amount": "3.168.000 đ",
            "receipt_date": TODAY.isoformat()}
    missing = client.post("/enrolments", data=data)
    assert missing.status_code == 422
    assert "Nhập số biên lai, hoặc chọn “Chưa có biên lai”." in missing.get_data(as_text=True)
    assert 'value="1.500.000"' in missing.get_data(as_text=True)
    saved = client.post("/enrolments", data={**data, "receipt_no": "BL-0042"},
                        follow_redirects=True)
    assert f"Đã lưu đăng ký: {person['full_name']} · 3.168.000 đ" in saved.get_data(as_text=True)
    assert row(db, "SELECT income, amount, receipt_no FROM enrolments WHERE resident_id = ?",
               (person["id"],)) == {"income": 1500000, "amount": 3168000, "receipt_no": "BL-0042"}
