"""In real Chromium at 360 px: the supervisor lands on the day page, alerts come before the
table, the wide table scrolls inside its box (not the page), and a tap opens the agent's day."""

import pytest
from supervisor_day import DAY, build_day
from support import browser_login

from agent_app import store

pytestmark = pytest.mark.browser


@pytest.fixture
def built_day(db_path):
    db = store.connect(db_path)
    try:
        return build_day(db)
    finally:
        db.conn.close()


def test_day_page_on_a_small_phone(page, built_day, live_server):
    refused = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    browser_login(page, live_server, "supervisor1")
    assert page.url.endswith("/supervisor/")
    page.fill("#day-input", DAY.isoformat())
    page.click(".day-picker button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "14/03/2025" in page.locator("h1").inner_text()

    alerts_top = page.locator(".alerts").bounding_box()["y"]
    table_top = page.locator(".day-table").bounding_box()["y"]
    assert alerts_top < table_top
    assert page.locator("[data-alert=amount]").inner_text().count("Võ Văn Tài") == 1
    widths = page.evaluate("""() => {
        const box = document.querySelector('.table-scroll');
        return {page: document.documentElement.scrollWidth, box: box.clientWidth,
                table: box.scrollWidth};
    }""")
    assert widths["page"] <= 360 and widths["table"] > widths["box"]
    assert page.locator("a:has-text('Tải Excel')").bounding_box()["height"] >= 44

    page.click("tr[data-agent=gapagent] th a")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith("Nguyễn Văn Đức")
    assert "4–6" in page.locator("[data-alert=seq_gap]").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert refused == []
