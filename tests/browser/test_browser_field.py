"""In real Chromium: agent1 walks a village, one thumb, and the checklist keeps up.

One test on purpose (the suite shares two cores): search without accents, three visits with
different outcomes (one due back today), a BHXH sign-up, a two-person household BHYT sign-up,
a newborn added to a household; axe-core finds nothing serious on any agent page on the way.
"""

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from support import ROOT, browser_login

from agent_app.domain import clock
from agent_app.store import row, rows

pytestmark = pytest.mark.browser

AXE = (ROOT / "tests" / "vendor" / "axe-core-4.14.1.min.js").read_text("utf-8")
FRESH = """r.village_id = :village AND r.list_status = 'on_list' AND r.support_group = 'other'
           AND NOT EXISTS (SELECT 1 FROM records x JOIN residents m ON m.id = x.resident_id
                           WHERE m.household_id = r.household_id)"""


def assert_accessible(page) -> None:
    if not page.evaluate("() => !!window.axe"):
        page.evaluate(AXE)
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '));
    }""")
    assert found == [], page.url


def fresh_households(db, village_id: int) -> list[str]:
    """Households of three where nobody has a record yet, all on the list."""
    return [r["household_id"] for r in rows(db, f"""
        SELECT r.household_id FROM residents r WHERE {FRESH}
        GROUP BY r.household_id HAVING count(*) = 3 ORDER BY r.household_id LIMIT 5""",
                                            {"village": village_id})]


def head_of(db, household_id: str) -> dict:
    return row(db, "SELECT * FROM residents WHERE household_id = ? AND relation_to_head = 'Chủ hộ'",
               (household_id,))


def visit(page, server, village_id: int, person: dict, outcome_label: str, prepare=None) -> None:
    """Search the checklist without accents, tap the person, (prepare), tap the outcome."""
    page.goto(f"{server.url}/villages/{village_id}")
    page.fill("#q", person["search_key"])
    page.wait_for_function("() => document.querySelectorAll('[data-resident-id]').length < 5")
    row_ = page.locator(f'[data-resident-id="{person["id"]}"]')
    row_.locator("a").first.click()
    page.wait_for_url("**/visits/new?resident=*")
    if prepare:
        prepare()
    page.get_by_label(outcome_label, exact=True).click()
    page.wait_for_url(f"**/villages/{village_id}?*")          # back to the same search


def test_agent_walks_a_village(page, live_server, db):
    server = live_server
    village = row(db, "SELECT id FROM villages WHERE name = 'Ấp Bình Hoà'")["id"]
    households = fresh_households(db, village)
    a, b, c, d = (head_of(db, h) for h in households[:4])
    today = clock.today()

    browser_login(page, server, "agent1")
    assert_accessible(page)
    page.click(".village-list >> text=Ấp Bình Hoà")
    page.wait_for_url(f"**/villages/{village}")
    assert_accessible(page)

    visit(page, server, village, a, "Không gặp")
    visit(page, server, village, b, "Đang cân nhắc",
          lambda: page.fill("#follow_up_on", today.isoformat()))

    def reasons():
        page.click("summary")
        page.get_by_label("Thu nhập thấp").check()
        assert_accessible(page)
    visit(page, server, village, c, "Từ chối", reasons)

    # BHXH for d: six months at the floor, the amount recomputed in the page.
    page.goto(f"{server.url}/residents/{d['id']}")
    assert_accessible(page)
    page.click("text=Đăng ký BHXH tự nguyện")
    page.wait_for_load_state()
    page.select_option("#months", "60")
    prepay = page.locator("[data-quote-prepay]")
    expect(prepay).to_be_visible()
    expect(prepay).to_contain_text("0,363%")
    expect(prepay).to_contain_text("13.867.797 đ")             # support not discounted
    expect(page.locator("#amount")).to_have_value("14.262.238")
    page.select_option("#months", "6")
    expect(prepay).to_be_hidden()
    expect(page.locator("#amount")).to_have_value("1.584.000")
    page.fill("#receipt_no", "BL-0001")
    assert_accessible(page)
    page.click("text=Lưu đăng ký")
    page.wait_for_url(f"**/villages/{village}")

    # Household BHYT for two of the three in a's household: ladder positions 1 and 2.
    page.goto(f"{server.url}/enrolments/new?household={a['household_id']}&scheme=bhyt_hgd")
    boxes = page.locator("[data-member]")
    expect(boxes).to_have_count(3)
    boxes.nth(2).uncheck()
    expect(page.locator("[data-position-text]")).to_have_text(["1", "2", "–"])
    expect(page.locator("[data-total]")).to_have_text("2.322.540 đ")      # 1.366.200 + 956.340
    page.fill("#receipt_no", "BL-0002")
    assert_accessible(page)
    page.click("text=Lưu đăng ký")
    page.wait_for_url(f"**/villages/{village}")

    # A newborn joins c's household.
    page.fill("#q", c["search_key"])
    page.wait_for_function("() => document.querySelectorAll('[data-resident-id]').length < 5")
    page.locator(f'[data-household-id="{c["household_id"]}"] a.add').click()
    page.fill("#full_name", "Nguyễn Ngọc Bé Na")
    page.get_by_label("Nữ").check()
    page.fill("#birth_date", (today - timedelta(days=10)).isoformat())
    assert page.input_value("#relation_to_head") == "Con"
    assert_accessible(page)
    page.click("button:text('Lưu')")
    page.wait_for_url(f"**/villages/{village}?*")            # back to the search

    # The checklist reflects it all.
    page.fill("#q", "be na")
    newborn = page.locator(f'[data-household-id="{c["household_id"]}"] li', has_text="Bé Na")
    newborn.wait_for()
    assert "Chưa đến" in newborn.inner_text()
    page.fill("#q", "")
    page.get_by_label("Đã đăng ký", exact=True).check()
    page.wait_for_url("**filter=enrolled**")
    signed = page.locator("[data-resident-id]")
    signed.first.wait_for()
    texts = {page.locator(f'[data-resident-id="{p["id"]}"]').inner_text() for p in (a, d)}
    assert any("BHYT" in t for t in texts) and any("BHXH" in t for t in texts)
    page.get_by_label("Đến hẹn", exact=True).check()
    page.wait_for_url("**filter=due**")
    page.locator(f'[data-resident-id="{b["id"]}"]').wait_for()
    page.get_by_label("Tất cả", exact=True).check()
    page.wait_for_url("**filter=all**")
    assert "Không gặp" in page.locator(f'[data-resident-id="{a["id"]}"]').inner_text()
    assert "Từ chối" in page.locator(f'[data-resident-id="{c["id"]}"]').inner_text()

    page.goto(server.url + "/")
    due = page.locator("#due-today + ul").inner_text()
    assert b["full_name"] in due
    tally = page.locator("[data-tally] strong").all_inner_texts()
    assert tally == ["3", "3", "3.906.540 đ", "1"]         # 1.584.000 + 2.322.540
    assert_accessible(page)
