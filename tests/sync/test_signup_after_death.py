"""A sign-up recorded offline before a death was marked arrives later: it is kept, the person
stays "deceased", and the official and the supervisor are told until the official decides."""

import uuid

import pytest
from commune_data import actor, new_village, visit

from agent_app.store import audit, row, scalar
from agent_app.store import retention as retention_store
from sync.ingest import ingest


def post(client, auth, url: str, data: dict):
    return client.post(url, data={**data, "csrf_token": auth.csrf("/communes/31843/campaigns")})


def late_signup(db, resident_id: str, day: str = "2026-11-20") -> str:
    """The agent's sign-up made offline on ``day``, reaching the server only now."""
    record_id = str(uuid.uuid4())
    result = ingest(db, actor(db), [{
        "id": record_id, "kind": "enrolment", "created_at": f"{day}T10:00:00+07:00",
        "data": {"resident_id": resident_id, "scheme": "bhxh_tn", "months": 12,
                 "income": 1_500_000, "amount": 3_168_000, "receipt_no": "BL-0042"}}])[0]
    assert result.status == "accepted", result.reason
    return record_id


@pytest.fixture
def dead(db):
    """A person the commune marked deceased on 25/11, whose sign-up of 20/11 arrives later."""
    _village, people = new_village(db)
    person = people[0]
    visit(db, person["id"], "deceased", "2026-11-25", username="agent1")
    record_id = late_signup(db, person["id"])
    return person, record_id


def test_the_sign_up_is_kept_and_the_person_stays_deceased(db, dead):
    person, record_id = dead
    assert scalar(db, "SELECT list_status FROM residents WHERE id = ?", (person["id"],)) \
        == "deceased"
    assert scalar(db, "SELECT amount FROM enrolments WHERE record_id = ?", (record_id,)) \
        == 3_168_000
    alert = row(db, "SELECT * FROM list_alerts WHERE record_id = ?", (record_id,))
    assert (alert["resident_id"], alert["list_status"], alert["resolution"]) == (
        person["id"], "deceased", None)


def test_the_official_is_told_and_decides(client, auth, db, dead):
    person, _record = dead
    auth.login("official1")
    overview = client.get("/communes/31843/").get_data(as_text=True)
    box = overview[overview.index('id="list-alerts"'):]
    assert person["full_name"] in box and "Đã mất" in box and "Trần Thị Mai" in box
    page = client.get(f"/communes/31843/residents/{person['id']}").get_data(as_text=True)
    assert "Đăng ký đến sau khi đã ra khỏi danh sách" in page and "BL-0042" in page
    assert "3.168.000 đ" in page and "20/11/2026" in page

    alert_id = scalar(db, "SELECT id FROM list_alerts WHERE resident_id = ?", (person["id"],))
    response = post(client, auth, f"/communes/31843/residents/{person['id']}/alerts/{alert_id}",
                    {"resolution": "kept_status", "note": "Gia đình đã nhận lại tiền"})
    assert response.status_code == 302
    assert scalar(db, "SELECT list_status FROM residents WHERE id = ?", (person["id"],)) \
        == "deceased"
    assert "list-alerts" not in client.get("/communes/31843/").get_data(as_text=True)
    change = audit.history(db, "resident", person["id"])[-1]
    assert (change["action"], change["after"]["alert"]) == ("alert", "kept_status")
    page = client.get(f"/communes/31843/residents/{person['id']}").get_data(as_text=True)
    assert "Gia đình đã nhận lại tiền" in page and "Phạm Minh Quang" in page


def test_a_death_marked_by_mistake_is_undone_by_the_sign_up(client, auth, db, dead):
    person, _record = dead
    auth.login("official1")
    alert_id = scalar(db, "SELECT id FROM list_alerts WHERE resident_id = ?", (person["id"],))
    post(client, auth, f"/communes/31843/residents/{person['id']}/alerts/{alert_id}",
         {"resolution": "enrolled"})
    now = row(db, "SELECT list_status, bhxh_status, village_id FROM residents WHERE id = ?",
              (person["id"],))
    assert now["list_status"] == "enrolled"
    participants, _signups = retention_store.participants(db, [now["village_id"]])
    assert person["id"] in {p["id"] for p in participants}     # paid-until from the sign-up


def test_the_supervisor_sees_it_but_the_decision_is_the_officials(client, auth, db, dead):
    person, _record = dead
    auth.login("supervisor1")
    day = client.get("/supervisor/").get_data(as_text=True)
    group = day[day.index('data-alert="off_list"'):]
    group = group[:group.index("</details>")]
    assert person["full_name"] in group and "Đã mất" in group and "Trần Thị Mai" in group
    assert f"/communes/31843/residents/{person['id']}" in group
    page = client.get(f"/communes/31843/residents/{person['id']}").get_data(as_text=True)
    assert "Chờ cán bộ xã quyết định." in page and 'name="resolution"' not in page
    alert_id = scalar(db, "SELECT id FROM list_alerts WHERE resident_id = ?", (person["id"],))
    response = post(client, auth, f"/communes/31843/residents/{person['id']}/alerts/{alert_id}",
                    {"resolution": "enrolled"})
    assert response.status_code == 403
    assert scalar(db, "SELECT resolution FROM list_alerts WHERE id = ?", (alert_id,)) is None


def test_a_sign_up_for_someone_on_the_list_raises_nothing(db):
    _village, people = new_village(db)
    late_signup(db, people[1]["id"])
    assert scalar(db, "SELECT list_status FROM residents WHERE id = ?", (people[1]["id"],)) \
        == "enrolled"
    assert scalar(db, "SELECT count(*) FROM list_alerts") == 0
