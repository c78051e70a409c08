"""The supervisor's pages on a 1366 × 768 office screen, in real Chromium: what the eye reads
first is on screen without scrolling sideways, calm colours when nothing needs anyone, and
charts whose lines can be read."""

import pytest
from supervisor_day import DAY, build_day
from support import browser_login

from agent_app import store

pytestmark = pytest.mark.browser

FIRST_READ = ("Còn chờ trên máy", "Lần đến nhà trong ngày", "Người đăng ký", "Tiền thu")


def test_the_day_tables_useful_columns_fit_the_screen(desk, db_path, live_server):
    db = store.connect(db_path)
    try:
        build_day(db)
    finally:
        db.conn.close()
    browser_login(desk, live_server, "supervisor1")
    desk.goto(f"{live_server.url}/supervisor/?date={DAY.isoformat()}")

    box = desk.locator(".table-scroll").bounding_box()
    assert desk.evaluate("document.querySelector('.table-scroll').scrollLeft") == 0
    for header in FIRST_READ:
        cell = desk.locator(".day-table thead th", has_text=header).first.bounding_box()
        assert cell["x"] + cell["width"] <= box["x"] + box["width"], header
        assert cell["x"] + cell["width"] <= 1366, header
    mai = desk.locator("tr[data-agent=agent1]")
    amount = mai.locator("td").nth(3)
    assert amount.inner_text() == "1.188.000 đ"
    spot = amount.bounding_box()
    assert spot["x"] + spot["width"] <= box["x"] + box["width"]
    # the page itself uses the screen: the table box is wider than the old 60rem column
    assert box["width"] > 1200


def _border(page) -> str:
    return page.evaluate(
        "getComputedStyle(document.querySelector('.alerts')).borderTopColor")


RED = "rgb(176, 0, 32)"


def test_the_alerts_box_is_calm_when_all_is_well(desk, db_path, live_server):
    browser_login(desk, live_server, "supervisor1")      # the demo's day: every phone synced
    assert desk.locator(".alerts .all-clear").is_visible()
    assert _border(desk) != RED
    assert _border(desk) == "rgb(20, 108, 46)"                 # the app's "ok" green

    db = store.connect(db_path)
    try:
        build_day(db)                                          # phones silent since 2025
    finally:
        db.conn.close()
    desk.reload()
    assert desk.locator(".alerts [data-alert=no_sync]").is_visible()
    assert _border(desk) == RED


def _top_tick(page, chart: str) -> int:
    labels = page.locator(f"#{chart} text.tick").all_text_contents()
    return max(int(label.replace(".", "")) for label in labels if "/" not in label)


def test_trends_put_sync_volume_and_field_work_on_charts_of_their_own(desk, live_server):
    browser_login(desk, live_server, "supervisor1")
    desk.goto(f"{live_server.url}/supervisor/trends")
    work, sync = desk.locator("#chart-work"), desk.locator("#chart-sync")
    assert work.locator("polyline.chart-line-visits").count() == 1
    assert work.locator("polyline.chart-line-enrolments").count() == 1
    assert work.locator("polyline.chart-line-records").count() == 0
    assert sync.locator("polyline.chart-line-records").count() == 1
    assert sync.locator("polyline.chart-line-visits").count() == 0

    rows = desk.evaluate("""() => [...document.querySelectorAll('.chart-data tbody tr')]
        .map(tr => [...tr.querySelectorAll('td')].slice(1, 4)
        .map(td => Number(td.textContent.replace(/\\./g, ''))))""")
    most_records = max(r[0] for r in rows)
    most_visits = max(r[1] for r in rows)
    assert most_records > 5 * most_visits > 0             # the demo's week, one big push
    assert _top_tick(desk, "chart-sync") >= most_records
    assert most_visits <= _top_tick(desk, "chart-work") < 2 * most_visits + 4
    # the visits line climbs at least half the plot's height on its busiest day
    heights = desk.evaluate("""() => {
        const svg = document.querySelector('#chart-work svg');
        const ys = svg.querySelector('polyline.chart-line-visits').getAttribute('points')
            .split(' ').map(p => Number(p.split(',')[1]));
        const grid = [...svg.querySelectorAll('line.grid')].map(l => Number(l.getAttribute('y1')));
        return {low: Math.max(...grid), high: Math.min(...grid), top: Math.min(...ys)};
    }""")
    assert heights["low"] - heights["top"] >= (heights["low"] - heights["high"]) / 2
