"""The one ingest function: accepted, duplicate, conflict, rejected, each on its own."""

import uuid

import pytest

from agent_app.store import row, scalar
from agent_app.store import users as user_store
from sync.ingest import ingest
from sync.kinds import Actor

pytestmark = pytest.mark.both_engines


def agent(db, username="agent1") -> Actor:
    user = user_store.get_user_by_name(db, username)
    return Actor.of(db, user)


def resident_of(db, actor: Actor) -> str:
    return scalar(db, "SELECT id FROM residents WHERE village_id = ? LIMIT 1",
                  (min(actor.village_ids),))


def visit(resident_id: str, outcome: str = "not_home", **data) -> dict:
    return {"id": str(uuid.uuid4()), "seq": 1, "kind": "visit",
            "created_at": "2026-11-23T09:30:00+07:00",
            "data": {"resident_id": resident_id, "outcome": outcome, **data}}


def test_accepted_then_duplicate_on_retry(db):
    actor = agent(db)
    record = visit(resident_of(db, actor), "considering", follow_up_on="2026-11-30",
                   reasons=["want_more_info"])
    assert [r.status for r in ingest(db, actor, [record])] == ["accepted"]
    assert [r.status for r in ingest(db, actor, [record])] == ["duplicate"]
    assert scalar(db, "SELECT count(*) FROM records WHERE id = ?", (record["id"],)) == 1
    stored = row(db, "SELECT * FROM visits WHERE record_id = ?", (record["id"],))
    assert stored["visited_on"] == "2026-11-23" and stored["follow_up_on"] == "2026-11-30"


def test_same_id_other_content_is_a_conflict_kept_aside(db):
    actor = agent(db)
    record = visit(resident_of(db, actor))
    ingest(db, actor, [record])
    changed = {**record, "data": {**record["data"], "outcome": "refused"}}
    assert ingest(db, actor, [changed])[0].status == "conflict"
    assert row(db, "SELECT outcome FROM visits WHERE record_id = ?", (record["id"],))["outcome"] \
        == "not_home"
    assert scalar(db, "SELECT count(*) FROM sync_issues WHERE status = 'conflict'") == 1


def test_one_bad_record_does_not_block_the_rest(db):
    actor = agent(db)
    resident_id = resident_of(db, actor)
    good, bad = visit(resident_id), visit(resident_id, "flew_away")
    results = ingest(db, actor, [bad, good])
    assert [r.status for r in results] == ["rejected", "accepted"]
    assert "data.outcome" in results[0].reason


def test_resident_outside_the_agents_villages_is_rejected(db):
    actor = agent(db, "agent1")
    elsewhere = resident_of(db, agent(db, "agent2"))
    record = visit(elsewhere)
    result = ingest(db, actor, [record])[0]
    assert result.status == "rejected" and "ngoài địa bàn" in result.reason
    assert scalar(db, "SELECT count(*) FROM records WHERE id = ?", (record["id"],)) == 0


def test_envelope_errors_name_the_field(db):
    actor = agent(db)
    record = visit(resident_of(db, actor))
    record["created_at"] = "2026-11-23 09:30"
    assert "created_at" in ingest(db, actor, [record])[0].reason
    assert "id" in ingest(db, actor, [{**record, "id": "nope"}])[0].reason


def test_moved_away_outcome_updates_the_list_status(db):
    actor = agent(db)
    resident_id = resident_of(db, actor)
    ingest(db, actor, [visit(resident_id, "moved_away")])
    assert scalar(db, "SELECT list_status FROM residents WHERE id = ?", (resident_id,)) \
        == "moved_away"
