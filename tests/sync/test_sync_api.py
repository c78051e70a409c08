"""The push protocol over HTTP, without a browser: idempotency, conflicts, scope, malformed bodies,
the batch limit, seq gaps, and the test-only fault switch."""

import gzip
import json
import uuid

import pytest
from support import TEST_PHONE, TEST_PUSHES

from agent_app import config, create_app
from agent_app.store import row, rows, scalar

pytestmark = pytest.mark.both_engines

DEVICE = str(uuid.uuid4())
# The demo holds records of its own: count only what the test's phone sent.
PHONE_VISITS = ("SELECT count(*) FROM visits v JOIN records r ON r.id = v.record_id"
                f" WHERE r.{TEST_PHONE}")


@pytest.fixture
def app(database):
    return create_app({"TESTING": True, "DATABASE": database, "SECRET_KEY": "test",
                       "TESTING_FAULTS": True, "SYNC_MAX_BATCH": 20})


@pytest.fixture
def agent(auth):
    auth.login("agent1")
    return auth.client


def residents_of(db, username: str, n: int = 3) -> list[str]:
    return [r["id"] for r in rows(
        db, "SELECT r.id FROM residents r JOIN agent_villages av ON av.village_id = r.village_id"
            " JOIN users u ON u.id = av.user_id WHERE u.username = ? ORDER BY r.id LIMIT ?",
        (username, n))]


def visit(resident_id: str, seq: int, outcome: str = "not_home") -> dict:
    return {"id": str(uuid.uuid4()), "seq": seq, "kind": "visit",
            "created_at": "2026-11-23T09:30:00+07:00",
            "data": {"resident_id": resident_id, "outcome": outcome}}


def push(client, records: list, **extra):
    body = {"device_id": DEVICE, "app_version": "test", "pending": 0, "records": records, **extra}
    return client.post("/api/sync/push", json=body)


def statuses(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return [r["status"] for r in response.get_json()["results"]]


def test_a_retry_comes_back_duplicate_and_is_stored_once(agent, db):
    records = [visit(rid, n) for n, rid in enumerate(residents_of(db, "agent1"), start=1)]
    assert statuses(push(agent, records)) == ["accepted"] * 3
    assert statuses(push(agent, records)) == ["duplicate"] * 3
    assert scalar(db, f"SELECT count(*) FROM records WHERE {TEST_PHONE}") == 3
    assert scalar(db, PHONE_VISITS) == 3
    logged = rows(db, f"SELECT * FROM sync_pushes WHERE {TEST_PUSHES} ORDER BY id")
    assert [(p["records"], p["accepted"], p["duplicate"]) for p in logged] == [(3, 3, 0),
                                                                             (3, 0, 3)]
    assert (logged[0]["seq_min"], logged[0]["seq_max"], logged[0]["app_version"]) == (1, 3, "test")
    assert logged[0]["duration_ms"] is not None and logged[0]["pending_reported"] == 0
    device = row(db, "SELECT * FROM devices WHERE id = ?", (DEVICE,))
    assert device["max_seq"] == 3 and device["last_pending"] == 0


def test_same_id_with_other_content_is_a_conflict_and_changes_nothing(agent, db):
    record = visit(residents_of(db, "agent1", 1)[0], 1)
    push(agent, [record])
    changed = {**record, "data": {**record["data"], "outcome": "refused"}}
    answer = push(agent, [changed]).get_json()["results"][0]
    assert answer["status"] == "conflict" and answer["reason"]
    assert scalar(db, "SELECT outcome FROM visits WHERE record_id = ?", (record["id"],)) \
        == "not_home"
    assert scalar(db, "SELECT conflict FROM sync_pushes ORDER BY id DESC LIMIT 1") == 1


def test_a_resident_of_another_agent_is_rejected_the_rest_accepted(agent, db):
    mine, theirs = residents_of(db, "agent1", 1)[0], residents_of(db, "agent2", 1)[0]
    answer = push(agent, [visit(theirs, 1), visit(mine, 2)]).get_json()["results"]
    assert [a["status"] for a in answer] == ["rejected", "accepted"]
    assert answer[0]["reason"].startswith("data.resident_id")
    assert scalar(db, "SELECT count(*) FROM sync_issues WHERE status = 'rejected'"
                      " AND device_id IS NOT NULL") == 1


@pytest.mark.parametrize("body, field", [
    ("not json", "JSON"),
    ({"device_id": DEVICE, "records": {}}, "records"),
    ({"device_id": "phone-1", "records": []}, "device_id"),
    ({"device_id": DEVICE, "records": [], "pending": -1}, "pending"),
    ({"device_id": DEVICE, "records": [], "app_version": 7}, "app_version"),
])
def test_a_malformed_body_is_a_400_naming_the_part_and_nothing_is_stored(agent, db, body, field):
    if isinstance(body, str):
        response = agent.post("/api/sync/push", data=body, content_type="text/plain")
    else:
        response = agent.post("/api/sync/push", json=body)
    assert response.status_code == 400
    assert field in response.get_json()["message"]
    assert scalar(db, f"SELECT count(*) FROM sync_pushes WHERE {TEST_PUSHES}") == 0


def test_without_a_session_the_push_is_a_401_in_json(client, db):
    response = push(client, [visit(residents_of(db, "agent1", 1)[0], 1)])
    assert response.status_code == 401 and response.get_json()["error"] == "login_required"
    assert scalar(db, f"SELECT count(*) FROM records WHERE {TEST_PHONE}") == 0


def test_records_of_another_user_are_refused_whole(agent, db):
    response = push(agent, [visit(residents_of(db, "agent1", 1)[0], 1)], user_id=999)
    assert response.status_code == 409
    assert scalar(db, f"SELECT count(*) FROM records WHERE {TEST_PHONE}") == 0


def test_a_batch_over_the_limit_is_a_413_and_nothing_is_stored(agent, db):
    resident = residents_of(db, "agent1", 1)[0]
    response = push(agent, [visit(resident, n) for n in range(1, 22)])
    assert response.status_code == 413 and response.get_json()["max_records"] == 20
    assert scalar(db, f"SELECT count(*) FROM records WHERE {TEST_PHONE}") == 0
    assert statuses(push(agent, [visit(resident, n) for n in range(1, 11)])) == ["accepted"] * 10


def test_seq_gaps_are_stored_and_filled_when_the_records_arrive(agent, db):
    resident = residents_of(db, "agent1", 1)[0]
    push(agent, [visit(resident, 1), visit(resident, 2), visit(resident, 6)])
    assert [(g["from_seq"], g["to_seq"], g["filled_at"]) for g in
            rows(db, "SELECT * FROM seq_gaps")] == [(3, 5, None)]
    push(agent, [visit(resident, 4)])
    open_gaps = rows(db, "SELECT from_seq, to_seq FROM seq_gaps WHERE filled_at IS NULL"
                         " ORDER BY from_seq")
    assert [(g["from_seq"], g["to_seq"]) for g in open_gaps] == [(3, 3), (5, 5)]
    bad = visit(resident, 3, outcome="flew_away")
    push(agent, [bad, visit(resident, 5)])
    assert scalar(db, "SELECT count(*) FROM seq_gaps WHERE filled_at IS NULL") == 0
    assert scalar(db, "SELECT count(*) FROM seq_gaps WHERE filled_at IS NOT NULL") == 2


def test_commit_then_503_the_retry_is_a_duplicate(agent, db):
    agent.post("/api/sync/test-faults", json={"faults": ["commit_then_503"]})
    records = [visit(residents_of(db, "agent1", 1)[0], 1)]
    assert push(agent, records).status_code == 503
    assert statuses(push(agent, records)) == ["duplicate"]
    assert scalar(db, PHONE_VISITS) == 1


def test_error_500_stores_nothing_and_expire_session_logs_out(agent, db):
    agent.post("/api/sync/test-faults", json={"faults": ["error_500", "expire_session"]})
    records = [visit(residents_of(db, "agent1", 1)[0], 1)]
    assert push(agent, records).status_code == 500
    assert scalar(db, f"SELECT count(*) FROM records WHERE {TEST_PHONE}") == 0
    assert push(agent, records).status_code == 401
    assert push(agent, records).status_code == 401
    assert agent.get("/").status_code == 302


def test_the_fault_switch_exists_only_under_a_test_configuration(db_path):
    plain = create_app({"TESTING": True, "DATABASE": str(db_path), "SECRET_KEY": "test"})
    assert plain.test_client().post("/api/sync/test-faults", json={}).status_code == 404
    problems = config.production_problems({"SECRET_KEY": "x", "TESTING_FAULTS": True}, [])
    assert any("AGENT_APP_TESTING_FAULTS" in p for p in problems)


def test_the_protocol_is_published_as_openapi(client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    push_op = spec["paths"]["/api/sync/push"]["post"]
    assert {"200", "400", "401", "413"} <= set(push_op["responses"])


def gzip_push(client, body: bytes, encoding: str = "gzip"):
    return client.post("/api/sync/push", data=body, content_type="application/json",
                       headers={"Content-Encoding": encoding})


def test_a_gzip_body_is_inflated_and_stored(agent, db):
    records = [visit(rid, n) for n, rid in enumerate(residents_of(db, "agent1"), start=1)]
    body = json.dumps({"device_id": DEVICE, "records": records}).encode()
    assert statuses(gzip_push(agent, gzip.compress(body))) == ["accepted"] * 3
    assert scalar(db, PHONE_VISITS) == 3


def test_a_zip_bomb_is_413_and_stores_nothing(app, agent, db):
    app.config["SYNC_MAX_BODY"] = 1_000_000
    record = visit(residents_of(db, "agent1", 1)[0], 1)
    padding = " " * 5_000_000          # valid JSON whitespace: it only inflates
    body = json.dumps({"device_id": DEVICE, "records": [record]})[:-1] + padding + "}"
    bomb = gzip.compress(body.encode(), 9)
    assert len(bomb) < 20_000
    pushes = scalar(db, f"SELECT count(*) FROM sync_pushes WHERE {TEST_PUSHES}")
    response = gzip_push(agent, bomb)
    assert response.status_code == 413 and response.get_json()["error"] == "batch_too_large"
    assert scalar(db, f"SELECT count(*) FROM records WHERE {TEST_PHONE}") == 0
    assert scalar(db, f"SELECT count(*) FROM sync_pushes WHERE {TEST_PUSHES}") == pushes


def test_a_body_that_is_not_gzip_or_in_another_encoding_is_400(agent):
    body = json.dumps({"device_id": DEVICE, "records": []}).encode()
    for data, encoding, says in ((body, "gzip", "giải nén"), (gzip.compress(body)[:-6], "gzip",
                                                               "cắt cụt"),
                                 (body, "br", "br")):
        response = gzip_push(agent, data, encoding)
        assert response.status_code == 400 and says in response.get_json()["message"]
