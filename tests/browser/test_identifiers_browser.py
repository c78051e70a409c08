"""The identifier vectors through static/js/identifiers.js in Chromium, and the two field forms
that check with it before a record reaches the phone's outbox."""

from __future__ import annotations

import json
import time
from datetime import date

import pytest
from commune_data import new_village
from flask_babel import gettext
from playwright.sync_api import expect
from support import ROOT, browser_login
from test_identifiers import VECTORS, codes, run_case, young

from agent_app.domain import identifiers
from agent_app.store import scalar

pytestmark = pytest.mark.browser

RUN_ALL = """(cases) => cases.map(c => {
  const i = c.input;
  if (c.check === 'cccd') {
    return Identifiers.checkCccd(Identifiers.cleanCccd(i.value), i.today, i.birth_year, i.gender);
  }
  if (c.check === 'birth') {
    return {error: Identifiers.checkBirth(i.born, i.year, i.today), warnings: []};
  }
  return Identifiers.checkBhxhAge(i.born, i.year, i.start);
})"""


def load_identifiers(page, data: dict) -> None:
    """A bare page with the rules as the server renders them, and identifiers.js."""
    rules = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    page.set_content(f'<script type="application/json" id="identifier-rules">{rules}</script>')
    page.add_script_tag(content=(ROOT / "static" / "js" / "identifiers.js").read_text("utf-8"))


def test_javascript_agrees_with_python_on_every_vector(page, app):
    load_identifiers(page, identifiers.page_data())
    from_js = page.evaluate(RUN_ALL, VECTORS["cases"])
    for case, got in zip(VECTORS["cases"], from_js, strict=True):
        assert codes(got) == case["expect"], case["name"]
        assert got == run_case(case), case["name"]          # the same Vietnamese messages


def test_the_browser_speaks_the_pages_language(browser, app):
    """English messages, with their values and the translated gender, as Python gives them."""
    case = next(c for c in VECTORS["cases"] if c["name"] == "every doubt at once, in order")
    given = case["input"]
    with app.test_request_context("/?lang=en"):
        data = identifiers.page_data(gettext)
        expected = [w.message(gettext) for w in identifiers.check_cccd(
            given["value"], date.fromisoformat(given["today"]),
            given["birth_year"], given["gender"])[1]]
    context = browser.new_context()
    page = context.new_page()
    load_identifiers(page, data)
    got = page.evaluate(RUN_ALL, [case])[0]
    context.close()
    assert [w["message"] for w in got["warnings"]] == expected
    assert expected[2] == "gives gender Female, not the gender entered"


def wait_for(db, sql: str, params: tuple, expected, seconds: float = 15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if scalar(db, sql, params) == expected:
            return
        time.sleep(0.2)
    assert scalar(db, sql, params) == expected


def test_the_person_form_checks_before_the_outbox(page, live_server, db):
    village, people = new_village(db)
    household = people[0]["household_id"]
    browser_login(page, live_server, "agent1")
    page.goto(f"{live_server.url}/people/new?village={village}&household={household}")
    page.fill("#full_name", "Đinh Văn Kiểm")
    page.get_by_label("Nam", exact=True).check()
    page.fill("#birth_year", "2027")
    page.fill("#cccd", "96090001234")
    page.press("#cccd", "Enter")                # submits: nothing reaches the outbox
    expect(page.locator("#check-error-birth_year")).to_have_text("phải là năm từ 1900 đến 2026")
    expect(page.locator("#check-error-cccd")).to_have_text(
        "có 11 chữ số: thiếu một chữ số (số bắt đầu bằng 0 thì ghi cả số 0 đầu)")
    expect(page.locator("#cccd")).to_have_attribute("aria-invalid", "true")
    assert "/people/new" in page.url
    expect(page.locator(".sync-waiting")).to_have_text("0")

    page.fill("#birth_year", "1991")
    page.fill("#cccd", "099490001234")
    page.press("#cccd", "Tab")                  # the check runs as the agent moves on
    expect(page.locator("#check-error-birth_year")).to_be_hidden()
    expect(page.locator("#check-error-cccd")).to_have_text(
        "có chữ số thứ 4 (thế kỷ sinh và giới tính) khác 0, 1, 2, 3")

    page.fill("#cccd", "099090001234")                     # abroad? and born 1990, not 1991
    page.press("#cccd", "Tab")
    page.click("button:text('Lưu')")
    expect(page.locator("#check-error-cccd")).to_be_hidden()
    warning = page.locator("#check-warning-cccd")
    expect(warning).to_contain_text("không thuộc 63 mã tỉnh")
    expect(warning).to_contain_text("cho năm sinh 1990, khác năm sinh đã nhập 1991")
    confirm = page.get_by_label("Tôi đã kiểm tra, vẫn lưu")
    expect(confirm).to_be_visible()
    assert "/people/new" in page.url
    confirm.check()
    page.click("button:text('Lưu')")
    page.wait_for_url(f"**/villages/{village}")
    wait_for(db, "SELECT count(*) FROM residents WHERE cccd = ?", ("099090001234",), 1)
    assert scalar(db, "SELECT count(*) FROM residents WHERE full_name = 'Đinh Văn Kiểm'") == 1


def test_the_bhxh_form_waits_for_the_fifteenth_birthday(page, live_server, db):
    village, people = new_village(db)
    child = young(db, village, people[0]["household_id"], birth_date="2011-12-20",
                  birth_year=2011)
    browser_login(page, live_server, "agent1")
    page.goto(f"{live_server.url}/enrolments/new?resident={child['id']}&scheme=bhxh_tn")
    page.click("text=Lưu đăng ký")
    expect(page.locator("#check-error-start_month")).to_have_text(
        "người tham gia chưa đủ 15 tuổi vào tháng bắt đầu đóng 11/2026"
        " (BHXH tự nguyện từ đủ 15 tuổi)")
    assert "/enrolments/new" in page.url
    page.fill("#start_month", "2027-01")
    page.press("#start_month", "Tab")
    page.get_by_label("Chưa có biên lai").check()
    expect(page.locator("#check-error-start_month")).to_be_hidden()
    page.click("text=Lưu đăng ký")
    page.wait_for_url(f"**/villages/{village}")
    wait_for(db, "SELECT start_month FROM enrolments WHERE resident_id = ?", (child["id"],),
             "2027-01")
