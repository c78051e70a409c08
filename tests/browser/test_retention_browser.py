"""The retention vectors through static/js/retention.js inside Chromium: the same states, dates
and amounts as Python."""

from datetime import date

import pytest
from commune_data import new_village
from playwright.sync_api import expect
from support import ROOT, browser_login, phone_context
from test_browser_field import assert_accessible
from test_offline_browser import log_in, poll
from test_premiums_browser import load_premiums
from test_retention import VECTORS, WHOLE_LISTS, expected_marks, run_standing
from test_retention_store import sign_up

from agent_app.domain import premiums, retention
from agent_app.store import parameters as parameter_store
from agent_app.store import row, scalar

pytestmark = pytest.mark.browser

STANDING = """(cases) => cases.map(c => {
  const got = {};
  const rules = [["bhxh", Retention.bhxhStanding], ["bhyt", Retention.bhytStanding]];
  for (const [scheme, rule] of rules) {
    const found = rule(c.person, c.signups, c.today, c.days);
    const wanted = c.expect[scheme];
    got[scheme] = found === null || wanted === null ? found
      : Object.fromEntries(Object.keys(wanted).map(k => [k, found[k]]));
  }
  return got;
})"""

LISTS = """(cases) => cases.map(c => Retention.dueLists(c.people, c.signups, c.today,
  Premiums.fromPage(), c.days, c.lapsed_limit))"""


@pytest.fixture
def retention_page(page, db):
    load_premiums(page, premiums.page_data(parameter_store.rules_data(db)))
    page.add_script_tag(content=(ROOT / "static" / "js" / "retention.js").read_text("utf-8"))
    return page


def test_javascript_agrees_with_python_on_every_vector(retention_page, db):
    rules = parameter_store.load_rules(db)
    for case, got in zip(VECTORS["standing"], retention_page.evaluate(STANDING,
                                                                      VECTORS["standing"]),
                         strict=True):
        assert got == case["expect"] == run_standing(case), case["name"]
    for case, got in zip(VECTORS["lists"], retention_page.evaluate(LISTS, VECTORS["lists"]),
                         strict=True):
        from_python = retention.due_lists(case["people"], case["signups"], case["today"], rules,
                                          case["days"], case.get("lapsed_limit"))
        assert got == case["expect"] == from_python, case["name"]


def test_marks_agree(retention_page):
    got = retention_page.evaluate("""(cases) => cases.map(c => Retention.dueMarks(
        c.people, c.signups, c.today, c.days))""", WHOLE_LISTS)
    assert got == [expected_marks(c) for c in WHOLE_LISTS]


def test_reminders_agree(retention_page):
    got = retention_page.evaluate("""(cases) => cases.map(c => Retention.reminderText(
        c.entry, c.full_name, c.agent_name, c.agent_phone))""", VECTORS["reminders"])
    assert got == [c["expect"] for c in VECTORS["reminders"]]


def test_card_start_agrees(retention_page):
    assert retention_page.evaluate("""[Retention.cardValidFrom('2026-11-28', null),
        Retention.cardValidFrom('2026-11-28', '2026-12-15'),
        Retention.cardValidFrom('2026-11-28', '2026-09-01'),
        Retention.cardValidFrom('2026-11-28', '2026-08-28'),
        Retention.cardValidFrom('2024-01-31', '2023-10-31')]""") == [
        "2026-12-28", "2026-12-16", "2026-11-28", "2026-12-28", "2024-03-01"]
    assert retention.card_valid_from(date(2024, 1, 31), date(2023, 10, 31)) == date(2024, 3, 1)


SHARE_STUB = """Object.defineProperty(navigator, 'share', {configurable: true,
    value: async (data) => { window.__shared = data.text; }});"""


def test_a_participant_from_sign_up_to_due_to_renewal_offline(browser, live_server, db):
    """A one-month BHXH sign-up is due at once; the reminder goes to the phone's share sheet;
    then, with no network, the home page prepared for offline work lists the person and "Đóng
    tiếp" opens the cached sign-up form filled in for them; the renewal waits on the phone and
    reaches the server once the network is back. axe finds nothing serious on the way."""
    server = live_server
    _village, people = new_village(db)
    person = people[4]
    context = phone_context(browser, service_workers="allow")
    page = context.new_page()
    page.add_init_script(SHARE_STUB)
    log_in(page, server)

    page.goto(f"{server.url}/enrolments/new?resident={person['id']}&scheme=bhxh_tn")
    page.select_option("#months", "1")
    page.fill("#start_month", "2026-11")
    expect(page.locator("#amount")).to_have_value("264.000")
    page.fill("#receipt_no", "BL-0264")
    page.click("form[data-record-kind] button[type=submit].primary")
    page.wait_for_url("**/villages/*")
    poll(page, "() => DTN.store.unsent().then(u => u.outbox.length === 0)")

    page.goto(server.url + "/")
    due = page.locator(f'[data-renewals="due"] [data-resident-id="{person["id"]}"]')
    expect(due).to_contain_text("đã đóng đến hết tháng 11/2026")
    expect(due).to_contain_text("264.000 đ")
    assert_accessible(page)
    due.locator("a.who-link").click()
    page.wait_for_url(f"**/residents/{person['id']}")
    expect(page.locator('[data-standing="bhxh"]')).to_contain_text("sắp đến hạn")
    page.get_by_role("button", name="Gửi lời nhắc").click()
    poll(page, "() => Boolean(window.__shared)")
    shared = page.evaluate("() => window.__shared")
    assert "đã đóng đến hết tháng 11/2026" in shared and "264.000 đ" in shared
    assert "0912000000" in shared                          # agent1's phone
    assert_accessible(page)

    page.goto(server.url + "/")
    page.click("#prepare-start")
    page.wait_for_selector("#prepare-result.ok", timeout=30000)
    context.set_offline(True)
    page.goto(server.url + "/")
    due = page.locator(f'[data-renewals="due"] [data-resident-id="{person["id"]}"]')
    due.locator("a[data-renew]").click()
    page.wait_for_url("**/enrolments/new?*")
    expect(page.locator("main[data-from-copy] section.who h1")).to_have_text(person["full_name"])
    expect(page.locator("#months")).to_have_value("1")
    expect(page.locator("#start_month")).to_have_value("2026-12")
    expect(page.locator("#amount")).to_have_value("264.000")
    page.fill("#receipt_no", "BL-RENEW")
    page.click("form[data-record-kind] button[type=submit].primary")
    page.wait_for_url("**/villages/*")
    assert page.evaluate("() => DTN.store.unsent().then(u => u.outbox.length)") == 1
    assert scalar(db, "SELECT count(*) FROM enrolments WHERE resident_id = ?",
                  (person["id"],)) == 1

    context.set_offline(False)
    page.goto(server.url + "/")
    poll(page, "() => DTN.store.unsent().then(u => u.outbox.length === 0)")
    renewed = row(db, "SELECT start_month, months, receipt_no FROM enrolments"
                      " WHERE resident_id = ? AND receipt_no = 'BL-RENEW'", (person["id"],))
    assert renewed == {"start_month": "2026-12", "months": 1, "receipt_no": "BL-RENEW"}
    page.reload()
    expect(page.locator(f'[data-renewals="due"] [data-resident-id="{person["id"]}"]')) \
        .to_have_count(0)
    page.goto(f"{server.url}/residents/{person['id']}")
    expect(page.locator('[data-standing="bhxh"]')).to_have_text("Đã đóng đến hết tháng 12/2026")
    for form in ("/enrolments/new?resident=r&scheme=bhxh_tn&months=12&group=other",
                 "/enrolments/new?household=h&scheme=bhyt_hgd&member=a&months=12",
                 "/visits/new?resident=r"):
        key = page.evaluate("url => DTN.keys.pageKey(url)", form)   # screens: their own address
        assert key == server.url + form
    context.close()


def test_without_a_share_sheet_the_reminder_is_copied(browser, live_server, db):
    _village, people = new_village(db)
    person = people[5]
    sign_up(db, person, "2026-11-02", scheme="bhxh_tn", income=1_500_000, months=1,
            start_month="2026-11")
    context = phone_context(browser)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.add_init_script("delete Navigator.prototype.share;")
    browser_login(page, live_server, "agent1")
    page.goto(f"{live_server.url}/residents/{person['id']}")
    page.get_by_role("button", name="Gửi lời nhắc").click()
    expect(page.locator("[data-share-done]")).to_be_visible()
    assert "264.000 đ" in page.evaluate("() => navigator.clipboard.readText()")
    context.close()
