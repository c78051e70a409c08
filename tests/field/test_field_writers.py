"""Who may write field records: agents, each inside their own villages. A correction stays in
the sender's villages on both sides; supervisors, officials and admins read only."""

from __future__ import annotations

import uuid

import pytest

from agent_app.store import row, rows, scalar
from agent_app.store import users as user_store
from sync.ingest import ingest
from sync.kinds import Actor

DEVICE = str(uuid.uuid4())


def actor(db, username: str) -> Actor:
    user = user_store.get_user_by_name(db, username)
    return Actor.of(db, user)


def village(db, username: str) -> int:
    return min(actor(db, username).village_ids)


def household_in(db, village_id: int) -> str:
    return scalar(db, "SELECT id FROM households WHERE village_id = ? ORDER BY id LIMIT 1",
                  (village_id,))


def new_person(full_name: str, household_id: str, **data) -> dict:
    return {"id": str(uuid.uuid4()), "kind": "resident",
            "created_at": "2026-11-23T09:30:00+07:00",
            "data": {"id": str(uuid.uuid4()), "household_id": household_id,
                     "full_name": full_name, "birth_year": 1990, **data}}


def moved_here(db, original: dict, username: str, full_name: str) -> dict:
    """A correction of ``original`` that renames the person into ``username``'s village."""
    return {"id": str(uuid.uuid4()), "kind": "resident",
            "created_at": "2026-11-24T09:30:00+07:00",
            "data": {"id": original["data"]["id"], "corrects": original["id"],
                     "village_id": village(db, username),
                     "household": {"id": str(uuid.uuid4())},
                     "full_name": full_name, "birth_year": 1990}}


def test_a_correction_of_another_agents_person_is_refused_and_changes_nothing(auth, client, db):
    theirs = new_person("Đào Thị Của Người Khác", household_in(db, village(db, "agent2")))
    assert ingest(db, actor(db, "agent2"), [theirs])[0].status == "accepted"
    auth.login("agent1")
    rewrite = moved_here(db, theirs, "agent1", "Tên Đã Bị Đổi")
    answer = client.post("/api/sync/push", json={"device_id": DEVICE, "records": [rewrite]})
    result = answer.get_json()["results"][0]
    assert result["status"] == "rejected" and result["reason"].startswith("data.corrects:")
    person = row(db, "SELECT full_name, village_id FROM residents WHERE id = ?",
                 (theirs["data"]["id"],))
    assert person == {"full_name": "Đào Thị Của Người Khác",
                      "village_id": village(db, "agent2")}


def test_a_person_another_agent_added_by_form_cannot_be_rewritten_by_form(auth, client, db):
    auth.login("agent2")
    home = village(db, "agent2")
    client.post("/people", data={"csrf_token": auth.csrf("/"), "id": "", "village_id": str(home),
                                 "household_id": household_in(db, home),
                                 "full_name": "Mai Văn Thêm", "birth_year": "1988"})
    added = row(db, "SELECT r.id, rec.id AS record_id FROM residents r JOIN records rec"
                    " ON rec.resident_id = r.id WHERE r.full_name = 'Mai Văn Thêm'")
    client.post("/logout", data={"csrf_token": auth.csrf("/")})
    auth.login("agent1")
    mine = village(db, "agent1")
    answer = client.post("/people", data={
        "csrf_token": auth.csrf("/"), "id": added["id"], "corrects": added["record_id"],
        "village_id": str(mine), "household_id": household_in(db, mine),
        "full_name": "Mai Văn Đổi", "birth_year": "1988", "confirm": "1"})
    assert answer.status_code == 422
    assert "ngoài địa bàn" in answer.get_data(as_text=True)
    assert scalar(db, "SELECT full_name FROM residents WHERE id = ?", (added["id"],)) \
        == "Mai Văn Thêm"


def test_an_agent_still_corrects_their_own_person_but_not_into_another_village(db):
    agent1 = actor(db, "agent1")
    mine = new_person("Võ Thị Của Mình", household_in(db, village(db, "agent1")))
    assert ingest(db, agent1, [mine])[0].status == "accepted"
    away = moved_here(db, mine, "agent2", "Võ Thị Đi Xa")
    assert ingest(db, agent1, [away])[0].reason.startswith("data.village_id:")
    fixed = moved_here(db, mine, "agent1", "Võ Thị Đã Sửa")
    assert ingest(db, agent1, [fixed])[0].status == "accepted"
    assert scalar(db, "SELECT full_name FROM residents WHERE id = ?", (mine["data"]["id"],)) \
        == "Võ Thị Đã Sửa"


def field_posts(db) -> list[tuple[str, str, dict]]:
    """Every field-form route a non-agent might call, with a body that an agent could save."""
    resident = rows(db, "SELECT id, village_id, household_id FROM residents"
                        " WHERE village_id = ? ORDER BY id LIMIT 1", (village(db, "agent1"),))[0]
    rid, vid, hid = resident["id"], resident["village_id"], resident["household_id"]
    return [
        ("GET", f"/visits/new?resident={rid}", {}),
        ("POST", "/visits", {"resident_id": rid, "outcome": "not_home"}),
        ("GET", f"/enrolments/new?resident={rid}&scheme=bhxh_tn", {}),
        ("GET", f"/enrolments/new?household={hid}&scheme=bhyt_hgd", {}),
        ("POST", "/enrolments", {"resident_id": rid, "scheme": "bhxh_tn", "months": "12",
                                 "income": "1500000", "amount": "3168000",
                                 "receipt_no": "BL-1"}),
        ("POST", f"/enrolments?household={hid}", {"scheme": "bhyt_hgd", "months": "12",
                                                  "resident_id": rid, "position": "1",
                                                  "amount": "1263600", "no_receipt": "1"}),
        ("GET", f"/people/new?village={vid}", {}),
        ("GET", f"/people/check?village_id={vid}&full_name=An&birth_year=1990", {}),
        ("POST", "/people", {"id": "", "village_id": str(vid), "household_id": hid,
                             "full_name": "Người Không Được Thêm", "birth_year": "1990",
                             "confirm": "1"}),
    ]


@pytest.mark.parametrize("username", ["supervisor1", "official1", "admin"])
def test_only_agents_use_the_field_forms_others_get_a_clear_403(auth, client, db, username):
    before = scalar(db, "SELECT count(*) FROM records")
    auth.login(username)
    token = auth.csrf("/quote")
    for method, url, data in field_posts(db):
        if method == "GET":
            answer = client.get(url)
        else:
            answer = client.post(url, data={"csrf_token": token, **data})
        page = answer.get_data(as_text=True)
        assert answer.status_code == 403, (method, url)
        assert 'id="forbidden"' in page and "Chỉ nhân viên thu" in page, url
        assert "<title>403 Forbidden</title>" not in page
    assert scalar(db, "SELECT count(*) FROM records") == before


@pytest.mark.parametrize("username", ["supervisor1", "official1", "admin"])
def test_only_agents_push_records(auth, client, db, username):
    resident = scalar(db, "SELECT id FROM residents WHERE village_id = ?",
                      (village(db, "agent1"),))
    auth.login(username)
    visit = {"id": str(uuid.uuid4()), "seq": 1, "kind": "visit",
             "created_at": "2026-11-23T09:30:00+07:00",
             "data": {"resident_id": resident, "outcome": "moved_away"}}
    answer = client.post("/api/sync/push", json={"device_id": DEVICE, "records": [visit]})
    assert answer.status_code == 403 and answer.get_json()["error"] == "forbidden"
    assert scalar(db, "SELECT count(*) FROM records WHERE id = ?", (visit["id"],)) == 0
    assert scalar(db, "SELECT list_status FROM residents WHERE id = ?", (resident,)) == "on_list"
    result = ingest(db, actor(db, username), [visit])[0]
    assert result.status == "rejected" and result.reason.startswith("user:")


def test_read_only_roles_see_no_buttons_that_would_refuse_them(auth, client, db):
    auth.login("official1")
    home = village(db, "agent1")
    resident = scalar(db, "SELECT id FROM residents WHERE village_id = ?", (home,))
    checklist = client.get(f"/villages/{home}").get_data(as_text=True)
    card = client.get(f"/residents/{resident}").get_data(as_text=True)
    for page in (checklist, card):
        assert "/visits/new" not in page and "/people/new" not in page
        assert "/enrolments/new" not in page
    assert f'href="/residents/{resident}"' in checklist
