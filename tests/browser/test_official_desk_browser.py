"""The commune official's pages on a 1366 × 768 office screen, in real Chromium: the overview
uses the screen, a hamlet's list can be searched, and adding someone already listed ends in a
merge that keeps what the list knew about them."""

import pytest
from commune_data import new_village
from support import browser_login

from agent_app import store
from agent_app.store import residents as resident_store

pytestmark = pytest.mark.browser


@pytest.fixture
def hamlet(db_path):
    """Six people of a new hamlet; the first is a poor household's head."""
    db = store.connect(db_path)
    try:
        village, people = new_village(db)
        resident_store.update_resident(db, people[0]["id"], {"support_group": "poor"})
        return village, people
    finally:
        db.conn.close()


def test_the_overview_uses_the_screens_width(desk, live_server):
    browser_login(desk, live_server, "official1")
    assert desk.url.endswith("/communes/31843/")
    main = desk.locator("main").bounding_box()
    assert main["width"] >= 1300                       # not a 60% column in the middle
    widths = desk.evaluate("""() => {
        const box = document.querySelector('#villages').closest('.table-scroll');
        return {box: box.clientWidth, table: box.scrollWidth,
                page: document.documentElement.scrollWidth};
    }""")
    assert widths["table"] <= widths["box"]            # every column without scrolling
    assert widths["page"] <= 1366


def test_a_hamlets_list_is_searched_by_name_or_number(desk, live_server, hamlet):
    village, people = hamlet
    browser_login(desk, live_server, "official1")
    desk.goto(f"{live_server.url}/communes/31843/villages/{village}")
    rows = desk.locator("#people tbody tr")
    assert rows.count() == 6
    desk.fill("#q", "nguyen van")                      # no tones, no capitals
    desk.press("#q", "Enter")
    desk.wait_for_load_state("networkidle")
    names = rows.locator("td:first-child").all_inner_texts()
    assert names and all(name.startswith("Nguyễn Văn") for name in names)
    assert "khớp với “nguyen van”" in desk.locator("#search-result").inner_text()
    desk.fill("#q", people[3]["cccd"][-6:])
    desk.press("#q", "Enter")
    desk.wait_for_load_state("networkidle")
    assert rows.locator("td:first-child").all_inner_texts() == [people[3]["full_name"]]


def test_adding_someone_listed_ends_in_a_merge_that_keeps_the_list(desk, live_server, hamlet):
    village, people = hamlet
    listed = people[0]
    browser_login(desk, live_server, "official1")
    desk.goto(f"{live_server.url}/communes/31843/villages/{village}/residents/new")
    desk.fill("#full_name", listed["full_name"])
    desk.fill("#birth_year", str(listed["birth_year"]))
    desk.locator("#birth_year").blur()
    warning = desk.locator("#twins .twins-box")
    warning.wait_for()                                  # as the agent's form: while typing
    assert "Hộ nghèo" in warning.inner_text()
    desk.click("button.primary:has-text('Thêm')")
    desk.wait_for_load_state("networkidle")
    assert desk.locator(".twins-box").is_visible()      # not added without a second look
    desk.check("input[name=confirm_duplicate]")
    desk.click("button.primary:has-text('Thêm')")
    desk.wait_for_load_state("networkidle")

    desk.click("a:has-text('So sánh và gộp')")
    desk.wait_for_load_state("networkidle")
    heads = desk.locator("#merge thead th[data-side]")
    assert heads.count() == 2
    for index in range(2):                              # both entries side by side, on screen
        box = heads.nth(index).bounding_box()
        assert box["x"] + box["width"] <= 1366
    assert heads.nth(1).bounding_box()["x"] > heads.nth(0).bounding_box()["x"]
    kept = desk.locator("#merge thead input[name=kept_id]").nth(0)
    assert kept.is_checked() and kept.get_attribute("value") == listed["id"]
    group = desk.locator("tr[data-field=support_group] input:checked")
    assert group.locator("xpath=..").inner_text().strip() == "Hộ nghèo"
    desk.click("button:has-text('Gộp làm một hồ sơ')")
    desk.wait_for_load_state("networkidle")
    assert desk.url.endswith(f"/residents/{listed['id']}")
    facts = desk.locator("dl.facts").inner_text()
    assert "Hộ nghèo" in facts and listed["full_name"] in desk.locator("h1").inner_text()
