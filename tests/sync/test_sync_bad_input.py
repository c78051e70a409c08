"""Bad input to the sync API: non-standard JSON is a 400 naming the place; a record the server
can never take comes back rejected, naming the field; nothing stored ever breaks a page."""

from __future__ import annotations

import json
import random
import uuid

import pytest
from support import TEST_PUSHES

from agent_app.store import insert, rows, scalar, transaction

pytestmark = pytest.mark.both_engines

DEVICE = str(uuid.uuid4())
DAY = "2026-11-23"


@pytest.fixture
def agent(auth):
    auth.login("agent1")
    return auth.client


def resident_of(db, username: str = "agent1") -> dict:
    return rows(db, "SELECT r.id, r.village_id, r.household_id FROM residents r"
                    " JOIN agent_villages av ON av.village_id = r.village_id"
                    " JOIN users u ON u.id = av.user_id WHERE u.username = ?"
                    " ORDER BY r.id LIMIT 1", (username,))[0]


def record(kind: str, data: dict, seq: int = 1) -> dict:
    return {"id": str(uuid.uuid4()), "seq": seq, "kind": kind,
            "created_at": f"{DAY}T09:30:00+07:00", "data": data}


def push_text(client, text: str):
    return client.post("/api/sync/push", data=text.encode("utf-8"),
                       content_type="application/json")


def push(client, records: list):
    return push_text(client, json.dumps({"device_id": DEVICE, "records": records}))


def answers(response) -> list[dict]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["results"]


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_standard_json_is_a_400_naming_the_place_and_nothing_is_stored(agent, db, token):
    visit = record("visit", {"resident_id": resident_of(db)["id"], "outcome": "not_home",
                             "location": {"lat": 0, "lon": 105}})
    text = json.dumps({"device_id": DEVICE, "records": [visit]})
    text = text.replace('"lat": 0', f'"lat": {token}')
    response = push_text(agent, text)
    assert response.status_code == 400
    message = response.get_json()["message"]
    assert "records[0].data.location.lat" in message and visit["id"] in message
    assert scalar(db, f"SELECT count(*) FROM sync_pushes WHERE {TEST_PUSHES}") == 0
    assert scalar(db, "SELECT count(*) FROM sync_issues") == 0


@pytest.mark.parametrize("text, where", [
    ("[" * 100_000 + "]" * 100_000, "sâu"),
    ('{"device_id": "' + DEVICE + '", "records": [' + "[" * 40 + "]" * 40 + "]}", "records[0]"),
    ('{"device_id": "' + DEVICE + '", "records": [], "pending": ' + "9" * 5000 + "}", "pending"),
    ('{"device_id": "' + DEVICE + '", "records": [], "pending": 99999999999999999999}', "pending"),
    ('{"device_id": "' + DEVICE + '", "records": [], "app_version": "\\ud800"}', "app_version"),
    ('{"device_id": "' + DEVICE + '", "records": [], "user_id": [1]}', "user_id"),
    ('{"device_id": "' + DEVICE + '", "records": [}', "JSON"),
])
def test_a_malformed_body_is_a_400_never_a_500(agent, db, text, where):
    response = push_text(agent, text)
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert where in response.get_json()["message"]


def test_bytes_that_are_not_utf8_are_a_400(agent):
    body = b'{"device_id": "' + DEVICE.encode() + b'", "records": [], "app_version": "\xff"}'
    response = agent.post("/api/sync/push", data=body, content_type="application/json")
    assert response.status_code == 400 and "UTF-8" in response.get_json()["message"]


def bad_records(person: dict, village_id: int) -> list[tuple[dict, str]]:
    """Records no server could ever take, each with the field its rejection must name."""
    rid = person["id"]
    new = {"id": str(uuid.uuid4()), "village_id": village_id,
           "household": {"id": str(uuid.uuid4())}, "full_name": "Lò Thị Test",
           "birth_year": 1990}
    bhxh = {"resident_id": rid, "scheme": "bhxh_tn", "months": 12, "income": 1_500_000,
            "amount": 3_960_000}
    return [
        (record("visit", {"resident_id": rid, "outcome": ["not_home"]}), "data.outcome"),
        (record("visit", {"resident_id": rid, "outcome": "refused", "reasons": [["x"]]}),
         "data.reasons"),
        (record("visit", {"resident_id": rid, "outcome": "not_home", "vssid": ["x"]}),
         "data.vssid"),
        (record("visit", {"resident_id": rid, "outcome": "not_home", "note": "a\ud800b"}),
         "data.note"),
        (record("visit", {"resident_id": rid, "outcome": "not_home",
                          "location": {"lat": "nan", "lon": 105}}), "data.location.lat"),
        (record("visit", {"resident_id": rid, "outcome": "not_home",
                          "location": {"lat": 10, "lon": "1e400"}}), "data.location.lon"),
        (record("visit", {"resident_id": rid, "outcome": "not_home",
                          "location": {"lat": 95, "lon": 105}}), "data.location.lat"),
        (record("visit", {"resident_id": rid, "outcome": "not_home", "note": {"a": 1}}),
         "data.note"),
        (record("enrolment", {**bhxh, "scheme": ["bhxh_tn"]}), "data.scheme"),
        (record("enrolment", {**bhxh, "group": ["poor"]}), "data.group"),
        (record("enrolment", {**bhxh, "amount": 10 ** 30}), "data.amount"),
        (record("enrolment", {**bhxh, "months": 2 ** 63}), "data.months"),
        (record("enrolment", {**bhxh, "receipt_no": ["BL-1"]}), "data.receipt_no"),
        (record("resident", {**new, "full_name": ["Lò Thị Test"]}), "data.full_name"),
        (record("resident", {**new, "gender": ["female"]}), "data.gender"),
        (record("resident", {**new, "support_group": {"poor": True}}), "data.support_group"),
        (record("resident", {**new, "household": {**new["household"], "head_name": ["x"]}}),
         "data.household.head_name"),
        (record("resident", {**new, "full_name": "Lò \udc00 Test"}), "data.full_name"),
        (record("resident", {**new, "village_id": 10 ** 20}), "data.village_id"),
        ({**record("visit", {"resident_id": rid, "outcome": "not_home"}), "seq": 2 ** 64},
         "seq"),
        ({**record("visit", {"resident_id": rid, "outcome": "not_home"}), "id": "\ud800"},
         "id"),
    ]


def test_records_the_server_can_never_take_come_back_rejected_naming_the_field(agent, db):
    person = resident_of(db)
    cases = bad_records(person, person["village_id"])
    results = answers(push(agent, [r for r, _field in cases]))
    for (sent, field), answer in zip(cases, results, strict=True):
        assert answer["status"] == "rejected", (field, answer)
        assert answer["reason"].startswith(field + ":"), (field, answer["reason"])
        if isinstance(sent["id"], str) and not sent["id"].startswith("\ud800"):
            assert answer["id"] == sent["id"]
    assert scalar(db, "SELECT count(*) FROM sync_issues") == len(cases)
    assert all(r["ok"] for r in rows(db, "SELECT json_valid(payload) AS ok FROM sync_issues"))


def test_unknown_fields_are_dropped_with_a_warning(agent, db):
    rid = resident_of(db)["id"]
    visit = record("visit", {"resident_id": rid, "outcome": "not_home", "mood": "tired",
                             "location": {"lat": 9.29, "lon": 105.4, "altitude": 3}})
    answer = answers(push(agent, [visit]))[0]
    assert answer["status"] == "accepted"
    assert sorted(answer["warnings"]) == ["data.location.altitude: trường không dùng, đã bỏ",
                                          "data.mood: trường không dùng, đã bỏ"]
    stored = json.loads(scalar(db, "SELECT data FROM records WHERE id = ?", (visit["id"],)))
    assert "mood" not in stored and stored["location"] == {"lat": 9.29, "lon": 105.4}
    assert answers(push(agent, [visit]))[0]["status"] == "duplicate"


def mutations(value: object, rng: random.Random):
    """Values of the wrong JSON type, size or text for a field."""
    return [None, "", "x" * 3000, "\ud83d", 0, -1, 2 ** 53, 2 ** 70, 1.5, True, [], [value],
            {}, {"a": value}, [[[[]]]], rng.choice(["visit", "0", "2026-02-30", "😀"])]


@pytest.mark.parametrize("kind", ["visit", "enrolment", "resident"])
def test_fuzzed_records_are_each_answered_never_a_500(agent, db, kind):
    """Every field of a good record replaced by bad values, one at a time: each push answers
    200 with one result, and whatever was stored reads back as standard JSON."""
    rng = random.Random(kind)
    person = resident_of(db)
    good = {
        "visit": {"resident_id": person["id"], "outcome": "considering",
                  "reasons": ["low_income"], "follow_up_on": "2026-11-30", "note": "n",
                  "vssid": "explained", "campaign": "c", "reason_text": "r",
                  "location": {"lat": 9.2, "lon": 105.4, "accuracy": 12.0}},
        "enrolment": {"resident_id": person["id"], "scheme": "bhxh_tn", "months": 12,
                      "income": 1_500_000, "group": "other", "amount": 3_960_000,
                      "start_month": "2026-11", "receipt_no": "BL-1", "receipt_date": DAY},
        "resident": {"id": "", "village_id": person["village_id"], "full_name": "Lò Thị Test",
                     "household": {"id": "", "address": "a", "head_name": "h"},
                     "birth_year": 1990, "gender": "female", "cccd": None, "phone": None,
                     "relation_to_head": "Con", "support_group": "other", "ethnicity": None},
    }[kind]
    paths = [(k,) for k in good] + [(k, sub) for k, v in good.items() if isinstance(v, dict)
                                    for sub in v]
    seq = 0
    for path in paths:
        for bad in mutations(good, rng):
            data = json.loads(json.dumps(good))
            if kind == "resident":
                data["id"], data["household"]["id"] = str(uuid.uuid4()), str(uuid.uuid4())
            target = data
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = bad
            seq += 1
            response = push(agent, [record(kind, data, seq)])
            assert len(answers(response)) == 1, (path, bad)
    assert all(r["ok"] for r in rows(
        db, "SELECT json_valid(payload) AS ok FROM sync_issues UNION ALL"
            " SELECT json_valid(data) FROM records"))


POISON = ['{"kind": "visit", "data": {"location": {"lat": NaN, "lon": Infinity}}}',
          '{"kind": "\\ud800", "data": {"note": "\\udc00"}}',
          '{"kind": "visit", "data": ',
          '{"kind": "enrolment", "data": {"amount": -Infinity}}']


def test_old_poisoned_rows_never_break_the_supervisor_pages(client, auth, db):
    """Rows stored before the API refused them: every page that reads them still answers."""
    agent_id = scalar(db, "SELECT id FROM users WHERE username = 'agent1'")
    person = resident_of(db)["id"]
    received = f"{DAY}T03:00:00Z"
    stored = [str(uuid.uuid4()) for _ in range(4)]
    with transaction(db):
        for n, (record_id, data) in enumerate(zip(stored, POISON[:2] + [
                '{"outcome": "not_home", "note": "\\ud800"}', '{"outcome": '], strict=True)):
            insert(db, "records", {
                "id": record_id, "kind": "visit", "created_at": f"{DAY}T10:00:00+07:00",
                "created_at_utc": received, "received_at": received, "data": data,
                "content_hash": record_id, "user_id": agent_id, "seq": n + 1,
                "resident_id": person})
        issue_ids = [insert(db, "sync_issues", {
            "record_id": record_id, "status": "conflict", "reason": "id: x",
            "payload": payload, "user_id": agent_id, "received_at": received})
            for record_id, payload in zip(stored, POISON, strict=True)]
    auth.login("supervisor1")
    pages = [f"/supervisor/?date={DAY}", f"/supervisor/day.csv?date={DAY}",
             f"/supervisor/day.xlsx?date={DAY}", f"/supervisor/agents/{agent_id}?date={DAY}",
             "/supervisor/trends", *(f"/supervisor/issues/{i}" for i in issue_ids)]
    for url in pages:
        assert client.get(url).status_code == 200, url
    day = client.get(f"/supervisor/?date={DAY}").get_data(as_text=True)
    assert 'data-alert="issue"' in day
    client.post("/logout", data={"csrf_token": auth.csrf(pages[0])})
    auth.login("admin")
    for url in pages:
        assert client.get(url).status_code == 200, url
    client.post("/logout", data={"csrf_token": auth.csrf(pages[0])})
    auth.login("agent1")
    for record_id in stored:
        assert client.get(f"/visits/new?resident={person}&corrects={record_id}").status_code \
            == 200
    assert client.get(f"/residents/{person}").status_code == 200
