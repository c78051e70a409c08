"""In real Chromium: what the phone keeps offline belongs to one user and their villages. A
village taken off the agent, or another person logging in after a session expired, and the
lists held on the phone are gone."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect
from test_offline_browser import agent_residents, agent_villages, log_in, poll

from agent_app.store import scalar, transaction

pytestmark = pytest.mark.browser


def prepare(page) -> None:
    page.click("#prepare-start")
    page.wait_for_selector("#prepare-result.ok", timeout=60000)


def opens_offline(page, server, path: str) -> bool:
    """Whether the page opens from the phone (not the "not downloaded" page, nor for a person
    the one saying the phone does not hold them)."""
    page.goto(server.url + path)
    page.wait_for_load_state("load")
    return not any(page.locator(refusal).count() and page.locator(refusal).is_visible()
                   for refusal in ("#offline-generic", "#not-in-copy"))


def reassign(db, village_id: int, to: str) -> None:
    with transaction(db):
        db.conn.execute("DELETE FROM agent_villages WHERE village_id = ?", (village_id,))
        db.conn.execute("INSERT INTO agent_villages (user_id, village_id)"
                        " SELECT id, ? FROM users WHERE username = ?", (village_id, to))


HELD = "DTN.store.villageIds()"


def held_villages(page) -> list[int]:
    return sorted(page.evaluate(f"() => {HELD}"))


def test_a_village_taken_off_the_agent_leaves_the_phone(phone, server, server_db):
    kept, _other, taken = agent_villages(server_db)
    person = agent_residents(server_db, taken, 1)[0]
    log_in(phone, server)
    prepare(phone)
    assert held_villages(phone) == sorted(agent_villages(server_db))
    phone.context.set_offline(True)
    assert opens_offline(phone, server, f"/villages/{taken}")     # the copy works offline
    phone.context.set_offline(False)

    reassign(server_db, taken, "agent2")
    try:
        phone.goto(server.url + "/")
        poll(phone, f"() => {HELD}.then(ids => !ids.includes({taken}))")
        poll(phone, "() => DTN.store.copyState().then(c => Boolean(c && c.complete))", 60)
        assert held_villages(phone) == sorted(agent_villages(server_db))
        poll(phone, "() => caches.open('dtn-pages').then(c => c.keys())"
                    f".then(ks => ks.some(r => r.url.endsWith('/villages/{kept}')))", 60)
        phone.context.set_offline(True)
        assert not opens_offline(phone, server, f"/villages/{taken}")
        assert not opens_offline(phone, server, f"/residents/{person['id']}")
        expect(phone.locator("body")).not_to_contain_text(person["full_name"])
        assert opens_offline(phone, server, f"/villages/{kept}")
    finally:
        phone.context.set_offline(False)
        reassign(server_db, taken, "agent1")


def test_after_a_session_expires_the_next_user_cannot_read_the_last_ones_lists(
        phone, server, server_db):
    village = agent_villages(server_db)[0]
    person = agent_residents(server_db, village, 1)[0]
    log_in(phone, server, "agent1")
    prepare(phone)
    phone.goto(f"{server.url}/residents/{person['id']}")
    phone.context.clear_cookies()                                # the session simply expires
    log_in(phone, server, "agent2")
    theirs = sorted(agent_villages(server_db, "agent2"))       # agent2's own first pull
    poll(phone, f"() => {HELD}.then(ids => JSON.stringify(ids.sort((a, b) => a - b))"
                f" === '{json.dumps(theirs, separators=(',', ':'))}')")
    phone.context.set_offline(True)
    try:
        for path in (f"/villages/{village}", f"/residents/{person['id']}",
                     f"/visits/new?resident={person['id']}"):
            assert not opens_offline(phone, server, path), path
            expect(phone.locator("body")).not_to_contain_text(person["full_name"])
    finally:
        phone.context.set_offline(False)
    assert scalar(server_db, "SELECT count(*) FROM users WHERE username = 'agent2'") == 1
