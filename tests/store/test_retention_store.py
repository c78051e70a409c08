"""Paid-until and card expiry from stored data: sign-ups through ingest, a correction, a merge."""

import uuid

import pytest
from commune_data import actor, new_village

from agent_app.domain import retention
from agent_app.store import corrections as correction_store
from agent_app.store import residents as resident_store
from agent_app.store import retention as retention_store
from agent_app.store import transaction
from agent_app.store import users as user_store
from sync.ingest import ingest

pytestmark = pytest.mark.both_engines

TODAY = "2026-11-28"


def sign_up(db, resident: dict, day: str, **data) -> str:
    """A sign-up as the phone sends it, through ingest (the amount need not match the quote)."""
    record_id = str(uuid.uuid4())
    result = ingest(db, actor(db), [{
        "id": record_id, "kind": "enrolment", "created_at": f"{day}T10:00:00+07:00",
        "data": {"resident_id": resident["id"], "amount": 1, "receipt_date": day, **data}}])[0]
    assert result.status == "accepted", result.reason
    return record_id


def standing_of(db, village: int, resident_id: str) -> tuple[dict | None, dict | None]:
    people, signups = retention_store.participants(db, [village])
    person = next(p for p in people if p["id"] == resident_id)
    own = signups.get(resident_id, [])
    return (retention.bhxh_standing(person, own, TODAY),
            retention.bhyt_standing(person, own, TODAY))


def test_a_correction_replaces_the_months_it_paid(db):
    village, people = new_village(db)
    person = people[0]
    first = sign_up(db, person, "2026-11-02", scheme="bhxh_tn", income=1_500_000, months=1,
                    start_month="2026-11")
    bhxh, _bhyt = standing_of(db, village, person["id"])
    assert (bhxh["state"], bhxh["through"]) == ("due", "2026-11")
    sign_up(db, person, "2026-11-02", scheme="bhxh_tn", income=1_500_000, months=12,
            start_month="2026-11", corrects=first)
    bhxh, _bhyt = standing_of(db, village, person["id"])
    assert (bhxh["state"], bhxh["through"], bhxh["ends"]) == ("active", "2027-10", "2027-10-31")


def test_a_merge_brings_the_duplicates_card_and_payments(db):
    village, people = new_village(db)
    kept, duplicate = people[0], people[2]
    with transaction(db):
        resident_store.update_resident(db, duplicate["id"], {"bhyt_status": "valid",
                                                             "bhyt_expiry": "2026-12-10"})
    sign_up(db, duplicate, "2026-06-03", scheme="bhxh_tn", income=1_500_000, months=6,
            start_month="2026-06")
    assert [p["id"] for p in retention_store.participants(db, [village])[0]] == \
        [duplicate["id"]]
    official = user_store.get_user_by_name(db, "official1")
    correction_store.merge_residents(db, official["id"], kept["id"], duplicate["id"])
    people_now, _signups = retention_store.participants(db, [village])
    assert [p["id"] for p in people_now] == [kept["id"]]
    bhxh, bhyt = standing_of(db, village, kept["id"])
    assert (bhxh["state"], bhxh["through"]) == ("due", "2026-11")
    assert (bhyt["state"], bhyt["expires"], bhyt["source"]) == ("due", "2026-12-10", "list")


def test_an_agents_phone_is_set_from_the_command_line(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-user", "agent9", "--role", "agent", "--phone",
                                 "+84 912 345 678", "--password", "a-long-password"])
    assert result.exit_code == 0, result.output
    assert user_store.get_user_by_name(db, "agent9")["phone"] == "0912345678"
    result = runner.invoke(args=["set-phone", "agent9", "0123"])
    assert result.exit_code != 0 and "số điện thoại phải có 10 chữ số" in result.output
    assert runner.invoke(args=["set-phone", "agent9", "-"]).exit_code == 0
    assert user_store.get_user_by_name(db, "agent9")["phone"] is None
    assert "no user" in runner.invoke(args=["set-phone", "nobody", "0912345678"]).output
