"""The pull over HTTP, without a browser: the first pull is the agent's whole copy, a later one
what changed (corrections, reassignments, rules, supervisors' questions), paged by size."""

import json
import uuid

import pytest

from agent_app import create_app
from agent_app.store import corrections, rows, scalar, sync_issues, transaction
from agent_app.store import parameters as parameter_store

pytestmark = pytest.mark.both_engines

SQL_VILLAGES = ("SELECT av.village_id FROM agent_villages av JOIN users u ON u.id = av.user_id"
                " WHERE u.username = ? ORDER BY av.village_id")


@pytest.fixture
def app(database):
    return create_app({"TESTING": True, "DATABASE": database, "SECRET_KEY": "test",
                       "SYNC_PULL_PAGE_BYTES": 10_000_000})


@pytest.fixture
def agent(auth):
    auth.login("agent1")
    return auth.client


def village_ids(db, username="agent1") -> list[int]:
    return [r["village_id"] for r in rows(db, SQL_VILLAGES, (username,))]


def pull_all(client, since: str = "") -> tuple[list[dict], dict]:
    """Every page of one pull, and the rows by table (key → row as a dict)."""
    pages, url = [], f"/api/sync/pull?since={since}"
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.get_data(as_text=True)
        pages.append(response.get_json())
        url = pages[-1]["next"]
    found = {}
    for page in pages:
        for table in ("households", "residents", "visits", "enrolments", "questions"):
            if table in page:
                fields = page[table]["fields"]
                for values in page[table]["rows"]:
                    item = dict(zip(fields, values, strict=True))
                    found.setdefault(table, {})[str(item.get("id") or item["record_id"])] = item
    return pages, found


def test_the_first_pull_is_the_whole_copy_of_the_agents_villages(agent, db):
    pages, found = pull_all(agent)
    assert len(pages) == 1 and pages[0]["replace"] is True and pages[0]["next"] is None
    ids = village_ids(db)
    assert [v["id"] for v in pages[0]["villages"]] == sorted(
        ids, key=lambda i: next(v["name"] for v in pages[0]["villages"] if v["id"] == i))
    marks = ",".join("?" * len(ids))
    assert len(found["residents"]) == scalar(
        db, f"SELECT count(*) FROM residents WHERE village_id IN ({marks})"
            " AND merged_into IS NULL", ids)
    assert len(found["visits"]) == scalar(
        db, f"SELECT count(*) FROM visits WHERE village_id IN ({marks})", ids)
    assert {r["village_id"] for r in found["households"].values()} == set(ids)
    assert pages[0]["rules"]["parameters"] and pages[0]["rules"]["messages"]
    assert pages[0]["tally"]["day"] == "2026-11-28"
    visit = next(iter(found["visits"].values()))
    assert isinstance(visit["reasons"], list) and str(visit["user_id"]) in pages[0]["users"]
    assert pages[0]["progress"]["done"] == pages[0]["progress"]["total"]


def test_pages_end_at_the_size_budget_and_add_up_to_the_whole(app, agent):
    _pages, whole = pull_all(agent)
    app.config["SYNC_PULL_PAGE_BYTES"] = 60_000
    pages, paged = pull_all(agent)
    assert len(pages) > 3
    assert [p["replace"] for p in pages] == [True] + [False] * (len(pages) - 1)
    assert {t: set(v) for t, v in paged.items()} == {t: set(v) for t, v in whole.items()}
    assert len({p["cursor"] for p in pages}) == 1
    assert pages[-1]["progress"]["done"] == pages[-1]["progress"]["total"]
    assert all(len(json.dumps(p)) < 120_000 for p in pages)


def test_a_later_pull_brings_only_what_changed(agent, db):
    first, _found = pull_all(agent)
    cursor = first[-1]["cursor"]
    village = village_ids(db)[0]
    moved, visited = rows(db, "SELECT id FROM residents WHERE village_id = ? ORDER BY id"
                              " LIMIT 2", (village,))
    official = scalar(db, "SELECT id FROM users WHERE username = 'official1'")
    corrections.set_list_status(db, official, moved["id"], "moved_away")
    record = {"id": str(uuid.uuid4()), "kind": "visit", "created_at": "2026-11-28T09:30:00+07:00",
              "data": {"resident_id": visited["id"], "outcome": "refused"}}
    answer = agent.post("/api/sync/push", json={"device_id": str(uuid.uuid4()),
                                                "records": [record]})
    assert answer.get_json()["results"][0]["status"] == "accepted"
    pages, found = pull_all(agent, cursor)
    assert len(pages) == 1 and pages[0]["replace"] is False
    assert set(found["residents"]) == {moved["id"]}
    assert found["residents"][moved["id"]]["list_status"] == "moved_away"
    assert set(found["visits"]) == {record["id"]}
    assert pages[0]["tally"]["visits"] >= 1
    assert "rules" not in pages[0]
    again, nothing = pull_all(agent, pages[0]["cursor"])
    assert nothing == {} and again[0]["removed"] == {}


def test_a_village_taken_away_is_gone_and_one_given_comes_whole(agent, db):
    cursor = pull_all(agent)[0][-1]["cursor"]
    taken = village_ids(db)[0]
    given = village_ids(db, "agent2")[0]
    with transaction(db):
        db.conn.execute("DELETE FROM agent_villages WHERE village_id = ?", (taken,))
        db.conn.execute("INSERT INTO agent_villages (user_id, village_id) SELECT id, ?"
                        " FROM users WHERE username = 'agent1'", (given,))
    pages, found = pull_all(agent, cursor)
    named = {v["id"] for v in pages[0]["villages"]}
    assert taken not in named and given in named
    assert {r["village_id"] for r in found["residents"].values()} == {given}
    assert len(found["residents"]) == scalar(
        db, "SELECT count(*) FROM residents WHERE village_id = ?", (given,))


def test_a_merged_duplicate_is_removed_from_the_phone(agent, db):
    cursor = pull_all(agent)[0][-1]["cursor"]
    village = village_ids(db)[0]
    kept, duplicate = rows(db, "SELECT id FROM residents WHERE village_id = ? ORDER BY id"
                               " LIMIT 2", (village,))
    official = scalar(db, "SELECT id FROM users WHERE username = 'official1'")
    corrections.merge_residents(db, official, kept["id"], duplicate["id"])
    pages, found = pull_all(agent, cursor)
    assert duplicate["id"] in pages[0]["removed"]["residents"]
    assert all(v["resident_id"] == kept["id"] for v in found.get("visits", {}).values())


def test_a_supervisors_question_reaches_the_agent_and_leaves_once_decided(agent, db):
    cursor = pull_all(agent)[0][-1]["cursor"]
    resident = rows(db, "SELECT id FROM residents WHERE village_id = ? LIMIT 1",
                    (village_ids(db)[0],))[0]
    bad = {"id": str(uuid.uuid4()), "kind": "visit", "created_at": "2026-11-28T09:30:00+07:00",
           "data": {"resident_id": resident["id"], "outcome": "flew_away"}}
    agent.post("/api/sync/push", json={"device_id": str(uuid.uuid4()), "records": [bad]})
    issue = scalar(db, "SELECT id FROM sync_issues WHERE record_id = ?", (bad["id"],))
    supervisor = scalar(db, "SELECT id FROM users WHERE username = 'supervisor1'")
    with transaction(db):
        sync_issues.resolve(db, issue, "asked_agent", supervisor, "Kết quả thật là gì?")
    pages, found = pull_all(agent, cursor)
    asked = found["questions"][str(issue)]
    assert asked["question"] == "Kết quả thật là gì?" and asked["record_id"] == bad["id"]
    assert asked["data"]["resident_id"] == resident["id"] and asked["kind"] == "visit"
    with transaction(db):
        sync_issues.resolve(db, issue, "dismissed", supervisor, "Đã xong")
    later, _found = pull_all(agent, pages[-1]["cursor"])
    assert later[0]["removed"]["questions"] == [str(issue)]


def test_a_rule_changed_by_an_admin_is_pulled(agent, db):
    cursor = pull_all(agent)[0][-1]["cursor"]
    admin = scalar(db, "SELECT id FROM users WHERE username = 'admin'")
    with transaction(db):
        parameter_store.add_parameter(db, admin, {
            "name": "base_salary", "key": "", "value": 2_700_000, "valid_from": "2027-07-01",
            "valid_to": None, "source": "Thử nghiệm", "confirmed": 1})
    pages, _found = pull_all(agent, cursor)
    assert any(p["value"] == 2_700_000 for p in pages[0]["rules"]["parameters"])


def test_only_an_agent_pulls_and_a_bad_cursor_is_named(client, auth):
    assert client.get("/api/sync/pull").status_code == 401
    auth.login("official1")
    assert client.get("/api/sync/pull").status_code == 403
    client.post("/logout", data={"csrf_token": auth.csrf("/login")})
    auth.login("agent1")
    response = client.get("/api/sync/pull?since=abc")
    assert response.status_code == 400 and "since" in response.get_json()["message"]
    response = client.get("/api/sync/pull?since=1&after=x.y")
    assert response.status_code == 400 and "after" in response.get_json()["message"]
