"""In real Chromium on a 360 px phone: an official lands on the commune overview and reads it."""

import pytest
from commune_data import enrol, residents, villages, visit
from support import browser_login

from agent_app.domain import clock

pytestmark = pytest.mark.browser


def test_official_reads_the_overview_on_a_phone(page, live_server, db):
    village = villages(db)[0]
    people = residents(db, village, 2)
    day = clock.today().isoformat()                  # the overview opens on this month
    visit(db, people[0]["id"], "enrolled", day)
    enrol(db, people[0], "bhxh_tn", day, 3_960_000)
    visit(db, people[1]["id"], "refused", day, reasons=["low_income"])
    failed = []
    page.on("response", lambda response: failed.append(response.url)
            if response.status >= 400 and not response.url.endswith("/favicon.ico") else None)
    page.on("console", lambda message: failed.append(message.text)
            if message.type == "error" and "404" not in message.text else None)

    browser_login(page, live_server, "official1")
    assert page.url == f"{live_server.url}/communes/31843/"
    assert page.locator("h1").inner_text().startswith("Xã Hồng Dân")
    assert int(page.locator("#total-bhxh .stat-value").inner_text().replace(".", "")) >= 1
    assert page.locator("#total-visited .stat-value").inner_text().endswith("%")
    assert page.locator("#villages tbody tr").count() == 3
    chart = page.locator("svg.chart-villages").bounding_box()
    assert 300 <= chart["width"] <= 360 and chart["height"] > 100
    assert page.locator(f'svg.chart-days g[data-day="{day}"] rect.bar-bhxh').count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360   # only the table scrolls

    page.check("input[name=period][value=year]")
    page.click("form.period button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "period=year" in page.url
    assert page.locator(".period-label strong").inner_text() == str(clock.today().year)
    page.click(f'tr[data-village-id="{village}"] th a')
    assert "Thu nhập thấp" in page.locator("table.reasons").inner_text()
    assert failed == []                                  # no CSP violation, nothing missing
