"""In real Chromium: the phone's local copy is filled by the first pull and kept current by later
ones; it belongs to one user and to the villages they hold now."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from test_offline_browser import agent_residents, agent_villages, log_in, poll

from agent_app import demo
from agent_app.store import corrections, rows, scalar, transaction

pytestmark = pytest.mark.browser


HELD = "() => DTN.store.copyVillages(DTN.session.user().id).then(vs => vs.map(v => v.id))"


def held(page) -> list[int]:
    return sorted(page.evaluate(HELD))


def person(page, resident_id: str) -> dict | None:
    return page.evaluate("""id => DTN.store.copyVillages(DTN.session.user().id).then(
        vs => (vs.find(v => v.residents[id]) || {residents: {}}).residents[id] || null)""",
                         resident_id)


def pulled(page) -> None:
    """Wait for the pull the page load started to finish."""
    poll(page, "() => DTN.store.copyState().then(s => Boolean(s && s.complete))")
    page.evaluate("() => DTN.copy.pull(DTN.session.user().id)")


def reassign(db, village_id: int, to: str) -> None:
    with transaction(db):
        db.conn.execute("DELETE FROM agent_villages WHERE village_id = ?", (village_id,))
        db.conn.execute("INSERT INTO agent_villages (user_id, village_id)"
                        " SELECT id, ? FROM users WHERE username = ?", (village_id, to))


def test_the_first_pull_fills_the_copy_and_the_next_brings_a_correction(
        phone, server, server_db):
    log_in(phone, server)
    pulled(phone)
    assert held(phone) == agent_villages(server_db)
    residents = phone.evaluate("""() => DTN.store.copyVillages(DTN.session.user().id).then(
        vs => vs.reduce((n, v) => n + Object.keys(v.residents).length, 0))""")
    marks = ",".join("?" * 3)
    assert residents == scalar(server_db, f"SELECT count(*) FROM residents WHERE village_id IN"
                                          f" ({marks}) AND merged_into IS NULL",
                               agent_villages(server_db))
    expect(phone.locator(".sync-offline-made")).to_be_visible()
    keys = phone.evaluate("""() => DTN.store.copyVillages(DTN.session.user().id).then(vs =>
        vs.flatMap(v => Object.values(v.residents)).map(r => [r.id, r.search_key, r.sort_key]))""")
    stored = {r["id"]: [r["id"], r["search_key"], r["sort_key"]] for r in rows(
        server_db, "SELECT id, search_key, sort_key FROM residents")}
    assert sorted(keys) == sorted(stored[k[0]] for k in keys)   # the phone's keys = the server's

    someone = agent_residents(server_db, agent_villages(server_db)[1], 1)[0]
    official = scalar(server_db, "SELECT id FROM users WHERE username = 'official1'")
    corrections.set_list_status(server_db, official, someone["id"], "deceased")
    try:
        requests = []
        phone.on("request", lambda r: requests.append(r.url) if "/api/sync/pull" in r.url
                 else None)
        phone.clock.fast_forward("05:01")               # the pull timer
        poll(phone, f"() => DTN.store.copyVillages(DTN.session.user().id).then(vs => vs.some("
                    f"v => (v.residents['{someone['id']}'] || {{}}).list_status === 'deceased'))")
        assert len(requests) == 1 and "since=" in requests[0] and not requests[0].endswith("=")
    finally:
        corrections.set_list_status(server_db, official, someone["id"], "on_list")


def test_a_village_taken_away_leaves_the_phone_and_its_cached_pages(phone, server, server_db):
    kept, _other, taken = agent_villages(server_db)
    someone = agent_residents(server_db, taken, 1)[0]
    log_in(phone, server)
    phone.click("#prepare-start")
    phone.wait_for_selector("#prepare-result.ok", timeout=60000)
    phone.goto(f"{server.url}/residents/{someone['id']}")
    reassign(server_db, taken, "agent2")
    try:
        phone.goto(server.url + "/")                    # a page naming the villages assigned now
        poll(phone, HELD + f".then(ids => !ids.includes({taken}))")
        assert person(phone, someone["id"]) is None
        poll(phone, "() => caches.open('dtn-pages').then(c => c.keys())"
                    f".then(ks => ks.some(r => r.url.endsWith('/villages/{kept}')))", 60)
        phone.context.set_offline(True)
        for path, shown in ((f"/villages/{taken}", "#offline-generic"),
                            (f"/residents/{someone['id']}", "#not-in-copy")):
            phone.goto(server.url + path)
            expect(phone.locator(shown)).to_be_visible()
            expect(phone.locator("body")).not_to_contain_text(someone["full_name"])
        phone.goto(f"{server.url}/villages/{kept}")
        expect(phone.locator("#checklist")).to_be_visible()
    finally:
        phone.context.set_offline(False)
        reassign(server_db, taken, "agent1")


def test_another_account_on_the_same_phone_sees_nothing_of_the_first(phone, server, server_db):
    log_in(phone, server, "agent1")
    pulled(phone)
    first = set(agent_villages(server_db))
    phone.goto(f"{server.url}/villages/{min(first)}")
    expect(phone.locator("main[data-from-copy] [data-resident-id]").first).to_be_visible()
    phone.click("#logout-form button")
    phone.wait_for_url("**/login**")
    assert phone.evaluate("() => DTN.store.copyState()") is None
    phone.goto(f"{server.url}/villages/{min(first)}")           # no screen from a copy now
    expect(phone).to_have_url(re.compile("/login"))
    phone.fill("#username", "agent2")
    phone.fill("#password", demo.DEMO_PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_url(re.compile(r"/villages/|/$"))
    expect(phone.locator("[data-resident-id]")).to_have_count(0)   # agent1's village: a 404
    pulled(phone)
    assert set(held(phone)) == set(agent_villages(server_db, "agent2"))
    assert not set(held(phone)) & first
    phone.goto(f"{server.url}/villages/{min(first)}")
    expect(phone.locator("[data-resident-id]")).to_have_count(0)
    agent1 = scalar(server_db, "SELECT id FROM users WHERE username = 'agent1'")
    assert phone.evaluate("id => DTN.store.copyVillages(id)", agent1) == []


def test_a_person_the_phone_does_not_hold_gets_a_clear_message_never_another_form(
        phone, server, server_db):
    village_a, village_b = agent_villages(server_db)[:2]
    a = agent_residents(server_db, village_a, 1)[0]
    b = agent_residents(server_db, village_b, 1)[0]
    name_b = scalar(server_db, "SELECT name FROM villages WHERE id = ?", (village_b,))
    log_in(phone, server)
    pulled(phone)
    name_a = scalar(server_db, "SELECT name FROM villages WHERE id = ?", (village_a,))
    household_a = scalar(server_db, "SELECT household_id FROM residents WHERE id = ?",
                         (a["id"],))
    elsewhere = scalar(server_db, "SELECT v.id FROM villages v WHERE v.id NOT IN"
                                  " (SELECT village_id FROM agent_villages av JOIN users u"
                                  " ON u.id = av.user_id WHERE u.username = 'agent1')"
                                  " ORDER BY v.id LIMIT 1")
    phone.goto(f"{server.url}/visits/new?resident={a['id']}")      # cached for A
    phone.goto(f"{server.url}/people/new?village={village_a}")    # A's village, online
    expect(phone.locator("h1 .muted")).to_have_text(name_a)
    phone.context.set_offline(True)
    try:
        phone.goto(f"{server.url}/villages/{village_b}")            # "+ Thêm hộ mới" in B
        phone.click("#checklist a.button[href^='/people/new']")
        expect(phone.locator("h1")).to_contain_text("Thêm hộ mới")
        expect(phone.locator("h1 .muted")).to_have_text(name_b)
        expect(phone.locator("input[name=village_id]")).to_have_value(str(village_b))
        expect(phone.locator(".crumbs a")).to_have_attribute("href", f"/villages/{village_b}")
        expect(phone.locator("body")).not_to_contain_text(name_a)

        for path in (f"/people/new?village={village_b}&household={household_a}",  # A's
                     f"/people/new?village={village_b}&household=nobody-knows",
                     f"/people/new?village={elsewhere}"):
            phone.goto(server.url + path)
            expect(phone.locator("#not-in-copy")).to_be_visible()
            expect(phone.locator("form[data-record-kind]")).to_have_count(0)

        phone.evaluate("() => DTN.store.forgetCopy()")            # the copy is not there yet
        phone.goto(f"{server.url}/visits/new?resident={b['id']}")
        expect(phone.locator("#not-in-copy")).to_be_visible()
        expect(phone.locator("form[data-record-kind]")).to_have_count(0)
        expect(phone.locator("body")).not_to_contain_text(a["full_name"])
        phone.goto(f"{server.url}/people/new?village={village_b}")
        expect(phone.locator("#not-in-copy")).to_be_visible()
        expect(phone.locator("form[data-record-kind]")).to_have_count(0)
    finally:
        phone.context.set_offline(False)
