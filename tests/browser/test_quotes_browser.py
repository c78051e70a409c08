"""In Chromium: the quote screen recomputes as the agent types, with no request to the server."""


import pytest
from support import browser_login

pytestmark = pytest.mark.browser


def value(page, name: str) -> str:
    return page.locator(f'[data-quote-value="{name}"]').inner_text()


def test_quote_recomputes_in_the_browser_without_the_network(page, server):
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))        # CSP or script errors
    page.on("console", lambda m: problems.append(m.text)
            if m.type == "error" and "Content Security Policy" in m.text else None)
    browser_login(page, server, "agent1")
    page.goto(server.url + "/quote?on=2025-08-01")
    assert value(page, "payable") == "3.168.000 đ"            # other group: 20% state support
    requests = []
    # The phone's own background sync (its local copy's pull) may run meanwhile: not a quote.
    background = ("/api/sync/", "/api/offline/shell")          # the phone's own sync layer
    page.on("request", lambda r: None if any(b in r.url for b in background)
            else requests.append(r.url))

    page.select_option("#quote-group", "poor")
    assert value(page, "payable") == "1.980.000 đ"
    assert value(page, "per_month") == "165.000 đ"

    page.select_option("#quote-months", "60")
    assert value(page, "gross") == "17.827.797 đ"
    assert page.locator("[data-quote-discount]").is_visible()
    page.get_by_text("Căn cứ tính").click()
    assert "Lãi suất đầu tư quỹ (r): 0,363%" in page.locator("[data-quote-sources]").inner_text()

    page.fill("#quote-income", "1.520.000")
    error = page.locator('[data-error-for="income"]')
    assert error.is_visible()
    assert "gần nhất: 1.500.000 đ hoặc 1.550.000 đ" in error.inner_text()
    assert not page.locator("[data-quote-result]").is_visible()

    page.check("input[name=scheme][value=bhyt_hgd]")
    assert not page.locator("#quote-income").is_visible()
    assert page.locator("#quote-months").input_value() == "12"     # 60 is not a BHYT method
    assert page.locator('#quote-months option[value="1"]').is_disabled()
    page.fill("#quote-position", "2")
    group_error = page.locator('[data-error-for="support_group"]')
    assert "Người thuộc hộ nghèo được Nhà nước đóng BHYT" in group_error.inner_text()
    page.select_option("#quote-group", "other")
    assert value(page, "payable") == "884.520 đ"
    assert not error.is_visible() and not group_error.is_visible()

    page.fill("#quote-on", "2021-06-15")
    assert value(page, "per_month") == "46.935 đ"                 # 70% of 4,5% × 1.490.000 đ
    assert requests == []
    assert problems == []


def test_quote_form_works_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    browser_login(page, server, "agent1")
    page.goto(server.url + "/quote?on=2025-08-01")
    page.select_option("#quote-group", "near_poor")
    page.click("main button[type=submit]")
    assert value(page, "payable") == "2.376.000 đ"                # 12 × (330.000 − 132.000)
    context.close()


def test_prepayment_shows_its_yield_and_the_other_reading_offline(page, server):
    browser_login(page, server, "agent1")
    page.goto(server.url + "/quote")                               # the pinned day, 28/11/2026
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    note = page.locator("[data-quote-prepay]")
    assert not note.is_visible()
    page.select_option("#quote-months", "60")
    assert value(page, "payable") == "14.262.238 đ"
    assert note.is_visible()
    assert page.locator("[data-quote-yield]").inner_text() == "0,363%"
    assert page.locator("[data-quote-yield-unconfirmed]").is_visible()
    assert value(page, "alternative_payable") == "13.867.797 đ"
    page.select_option("#quote-group", "island")
    assert value(page, "state_support") == "8.913.899 đ"            # 50%, discounted
    page.fill("#quote-on", "2027-01-15")
    page.fill("#quote-income", "2.200.000")
    page.select_option("#quote-group", "other")
    assert value(page, "payable") == "20.917.949 đ"
    assert value(page, "alternative_payable") == "20.339.436 đ"
    page.check("input[name=scheme][value=bhyt_cn]")
    assert "Chưa có tham số tỷ lệ Nhà nước hỗ trợ BHYT (near_poor)" in page.locator(
        '[data-error-for="on"]').inner_text()
    page.check("input[name=scheme][value=bhyt_hgd]")
    page.fill("#quote-position", "1")
    assert value(page, "payable") == "1.366.200 đ"
    assert not note.is_visible()
    assert [url for url in requests if "/quote" in url] == []       # computed in the page
