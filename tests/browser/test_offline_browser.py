"""Offline in real Chromium: prepare, lose the network, record, reload, restart, sync once.

One live server for the module (with the test-only fault switch); each test has its own browser
profile, so a restart is a real restart of the browser with its storage on disk.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect
from support import CHROMIUM, CHROMIUM_ARGS, TEST_PHONE, phone_context

from agent_app import demo
from agent_app.store import rows, scalar

pytestmark = pytest.mark.browser


@pytest.fixture
def launch(playwright_instance, tmp_path):
    """Start Chromium on a profile kept on disk; call again to restart it."""
    opened = []

    def start(offline: bool = False):
        context = playwright_instance.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
            service_workers="allow", viewport={"width": 360, "height": 740}, locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh", offline=offline)
        opened.append(context)
        return context, (context.pages[0] if context.pages else context.new_page())

    yield start
    for context in opened:
        context.close()


def log_in(page, server, username="agent1"):
    page.goto(server.url + "/login")
    page.fill("#username", username)
    page.fill("#password", demo.DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(server.url + "/")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("() => navigator.serviceWorker.controller !== null"):
        page.reload()  # the worker took over after this page had started loading
    poll(page, "() => navigator.serviceWorker.controller !== null")


def eventually(check, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "not within the time"
        time.sleep(0.1)


def poll(page, predicate: str, seconds: float = 30) -> None:
    """Wait until the predicate holds (wait_for_function would need eval, which CSP forbids)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(predicate):
        assert time.monotonic() < deadline, f"still false after {seconds} s: {predicate}"
        time.sleep(0.1)




def agent_residents(db, village_id: int, n: int) -> list[dict]:
    return rows(db, "SELECT id, full_name, household_id FROM residents WHERE village_id = ?"
                    " ORDER BY id LIMIT ?", (village_id, n))


def agent_villages(db, username="agent1") -> list[int]:
    return [r["village_id"] for r in rows(
        db, "SELECT village_id FROM agent_villages av JOIN users u ON u.id = av.user_id"
            " WHERE u.username = ? ORDER BY village_id", (username,))]


def test_offline_work_survives_reload_and_restart_and_syncs_exactly_once(
        server, server_db, launch):
    context, page = launch()
    log_in(page, server)
    page.click("#prepare-start")
    page.wait_for_selector("#prepare-result.ok", timeout=30000)
    assert "thôn, ấp" in page.inner_text("#prepare-result")
    assert page.locator(".sync-offline-made").inner_text()

    village_a, village_b = agent_villages(server_db)[:2]
    first, second = agent_residents(server_db, village_a, 2)
    other = agent_residents(server_db, village_b, 1)[0]
    before = scalar(server_db, "SELECT count(*) FROM records")

    context.set_offline(True)
    page.goto(f"{server.url}/villages/{village_a}")
    page.click(f"[data-resident-id='{first['id']}'] a[href^='/visits/new']")
    page.wait_for_selector("form[data-record-kind=visit]")
    expect(page.locator(".who h1")).to_have_text(first["full_name"])
    page.click("label.outcome-not_home")
    page.wait_for_url(f"{server.url}/villages/{village_a}")
    badge = page.locator(f"[data-resident-id='{first['id']}'] .c-pending")
    expect(badge).to_have_text("đã ghi, chờ đồng bộ")

    page.goto(f"{server.url}/visits/new?resident={other['id']}")
    expect(page.locator(".who h1")).to_have_text(other["full_name"])
    page.click("label.outcome-considering")
    page.wait_for_url(f"{server.url}/villages/{village_b}")

    page.goto(f"{server.url}/enrolments/new?resident={second['id']}&scheme=bhxh_tn")
    expect(page.locator("section.who h1")).to_have_text(second["full_name"])
    born = scalar(server_db, "SELECT birth_year FROM residents WHERE id = ?", (second["id"],))
    expect(page.locator("[data-birth-year]")).to_have_value(str(born))    # the age check's
    page.fill("#income", "1500000")
    page.select_option("#months", "12")
    page.locator("#income").dispatch_event("change")
    page.fill("#amount", "3240000")
    page.fill("#receipt_no", "BL-0001")
    page.click("form[data-record-kind=enrolment] button.primary")
    page.wait_for_url(f"{server.url}/villages/{village_a}")

    page.goto(f"{server.url}/people/new?village={village_a}")
    page.fill("#full_name", "Thạch Thị Sa Rươne")
    page.check("input[name=gender][value=female]")
    page.fill("#birth_year", "1990")
    page.click("form[data-record-kind=resident] button.primary")
    page.wait_for_url(f"{server.url}/villages/{village_a}")
    added = page.locator("li[data-resident-id]", has_text="Thạch Thị Sa Rươne")
    expect(added.locator(".c-pending")).to_have_text("đã ghi, chờ đồng bộ")

    page.reload()
    expect(page.locator(".sync-waiting")).to_have_text("4")
    assert scalar(server_db, "SELECT count(*) FROM records") == before
    context.close()

    # After a restart the records come from the phone's storage alone. Chromium may hand them to
    # the worker's Background Sync as it starts (its network is not the page's): either way,
    # once the network is on, each arrives exactly once.
    context, page = launch(offline=True)
    page.goto(f"{server.url}/villages/{village_a}")
    expect(page.locator(".sync-status")).to_be_visible()
    context.set_offline(False)
    page.reload()
    expect(page.locator(".sync-waiting")).to_have_text("0", timeout=30000)
    kinds = {r["kind"]: r["n"] for r in rows(
        server_db, f"SELECT kind, count(*) AS n FROM records WHERE {TEST_PHONE}"
                   " GROUP BY kind")}
    assert kinds == {"visit": 2, "enrolment": 1, "resident": 1}
    assert scalar(server_db, "SELECT count(DISTINCT seq) FROM records"
                             f" WHERE {TEST_PHONE}") == 4
    assert scalar(server_db, "SELECT count(*) FROM residents WHERE full_name = ?",
                  ("Thạch Thị Sa Rươne",)) == 1
    expect(page.locator(".sync-state")).to_have_text("Đã đồng bộ")


@pytest.fixture
def agent_page(browser, server):
    context = phone_context(browser, service_workers="allow")
    page = context.new_page()
    log_in(page, server)
    yield page
    context.close()


def arm(page, server, faults=(), max_batch=None):
    page.request.post(server.url + "/api/sync/test-faults",
                      data={"faults": list(faults), "max_batch": max_batch})


def save_visits(page, resident_ids, outcome="not_home") -> None:
    """Put visits in the outbox the way the form does, without the page round trips."""
    drafts = [{"kind": "visit", "data": {"resident_id": rid, "outcome": outcome}}
              for rid in resident_ids]
    page.evaluate("drafts => DTN.store.addRecords(DTN.session.user().id, drafts)", drafts)


def visits_of(db, resident_id) -> int:
    """Visits sent by the test's phone (the demo has its own)."""
    return scalar(db, "SELECT count(*) FROM visits v JOIN records r ON r.id = v.record_id"
                      f" WHERE v.resident_id = ? AND r.{TEST_PHONE}", (resident_id,))


def test_a_reply_lost_after_commit_comes_back_duplicate_and_500_is_retried(
        agent_page, server, server_db):
    page = agent_page
    village = agent_villages(server_db)[2]
    lost_reply, server_error = agent_residents(server_db, village, 2)
    arm(page, server, ["commit_then_503"])
    save_visits(page, [lost_reply["id"]])
    page.reload()
    expect(page.locator(".sync-state")).to_have_text("Lỗi, sẽ thử lại")
    expect(page.locator(".sync-waiting")).to_have_text("1")
    assert visits_of(server_db, lost_reply["id"]) == 1
    page.reload()
    expect(page.locator(".sync-waiting")).to_have_text("0")
    assert visits_of(server_db, lost_reply["id"]) == 1
    assert scalar(server_db, "SELECT count(*) FROM sync_pushes WHERE records = 1"
                             " AND duplicate = 1") >= 1

    arm(page, server, ["error_500"])
    save_visits(page, [server_error["id"]])
    page.reload()
    expect(page.locator(".sync-state")).to_have_text("Lỗi, sẽ thử lại")
    assert visits_of(server_db, server_error["id"]) == 0
    expect(page.locator(".sync-waiting")).to_have_text("0", timeout=20000)
    assert visits_of(server_db, server_error["id"]) == 1


def test_a_session_expired_offline_keeps_the_records_until_login(agent_page, server, server_db):
    page = agent_page
    village = agent_villages(server_db)[1]
    resident = agent_residents(server_db, village, 3)[2]
    page.goto(f"{server.url}/villages/{village}")
    page.goto(f"{server.url}/visits/new?resident={resident['id']}")
    page.context.set_offline(True)
    page.goto(f"{server.url}/visits/new?resident={resident['id']}")
    page.click("label.outcome-refused")
    page.wait_for_url(f"{server.url}/villages/{village}")
    page.click("#logout-form button")
    expect(page.locator(".sync-message")).to_contain_text("còn 1 bản ghi")
    page.context.clear_cookies()
    page.context.set_offline(False)
    page.reload()                         # the checklist still comes from the phone's copy
    expect(page.locator(f"[data-resident-id='{resident['id']}'] .c-pending")).to_be_visible()
    expect(page.locator(".sync-state")).to_have_text("Cần đăng nhập lại")
    page.click(".sync-login")
    expect(page).to_have_url(re.compile("/login"))
    expect(page.locator(".sync-waiting")).to_have_text("1")
    page.fill("#username", "agent2")
    page.fill("#password", demo.DEMO_PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator(".sync-message")).to_contain_text("agent1")
    page.fill("#username", "agent1")
    page.click("button[type=submit]")
    page.wait_for_url(f"{server.url}/villages/{village}")
    expect(page.locator(".sync-waiting")).to_have_text("0")
    assert visits_of(server_db, resident["id"]) == 1


def test_an_invalid_record_goes_to_needs_attention_and_is_corrected(agent_page, server,
                                                                       server_db):
    page = agent_page
    village = agent_villages(server_db)[0]
    good, bad, dropped = agent_residents(server_db, village, 6)[3:6]
    save_visits(page, [good["id"]])
    save_visits(page, [bad["id"], dropped["id"]], outcome="flew_away")
    save_visits(page, [good["id"]], outcome="refused")
    page.goto(server.url + "/sync")
    expect(page.locator(".sync-attention-count")).to_have_text("2")
    assert visits_of(server_db, good["id"]) == 2
    items = page.locator(".attention-item")
    expect(items.first).to_contain_text("data.outcome")
    items.first.locator("input[name=outcome]").fill("not_home")
    items.first.locator("button[type=submit]").click()
    expect(page.locator(".attention-item")).to_have_count(1)
    page.locator(".attention-item .discard").click()
    page.locator(".attention-item .confirm-yes").click()
    expect(page.locator(".attention-item")).to_have_count(0)
    eventually(lambda: visits_of(server_db, bad["id"]) == 1)
    expect(page.locator(".sync-waiting")).to_have_text("0")
    assert visits_of(server_db, dropped["id"]) == 0


def test_an_oversized_batch_is_halved_until_the_server_takes_it(agent_page, server, server_db):
    page = agent_page
    village = agent_villages(server_db)[1]
    people = [r["id"] for r in agent_residents(server_db, village, 40)]
    statuses = []
    page.on("response", lambda r: statuses.append(r.status) if "/api/sync/push" in r.url else None)
    arm(page, server, max_batch=12)
    save_visits(page, people, outcome="wrong_info")
    page.reload()
    expect(page.locator(".sync-waiting")).to_have_text("0", timeout=20000)
    arm(page, server)
    assert 413 in statuses
    assert scalar(server_db, "SELECT count(*) FROM visits v JOIN records r ON"
                             " r.id = v.record_id WHERE v.outcome = 'wrong_info'"
                             f" AND r.{TEST_PHONE}") == 40


def test_a_thousand_waiting_visits_go_gzip_compressed_in_one_or_two_requests(
        agent_page, server, server_db):
    page = agent_page
    village = agent_villages(server_db)[0]
    people = [r["id"] for r in rows(server_db, "SELECT id FROM residents WHERE village_id = ?"
                                               " ORDER BY id DESC LIMIT 250", (village,))]
    considering = ("SELECT count(*) FROM visits v JOIN records r ON r.id = v.record_id"
                   f" WHERE v.outcome = 'considering' AND r.{TEST_PHONE}")
    before = scalar(server_db, considering)
    encodings = []
    page.on("request", lambda r: encodings.append(r.headers.get("content-encoding"))
            if "/api/sync/push" in r.url else None)
    save_visits(page, [people[i % len(people)] for i in range(1000)], outcome="considering")
    page.evaluate("() => DTN.push()")
    expect(page.locator(".sync-waiting")).to_have_text("0", timeout=60000)
    assert 1 <= len(encodings) <= 2 and set(encodings) == {"gzip"}
    assert scalar(server_db, considering) == before + 1000
