"""Pushes that arrive at once, each on a connection of its own: on SQLite they queue on the
writer lock, on PostgreSQL they run together. Either way every record is stored once, a resend
racing its original comes back duplicate, the same id from two agents is one record and one
conflict, no seq gap opens, and the change feed never shows a cursor past a change not yet seen.
"""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from production import agent_people

from agent_app import store
from agent_app.store import rows, scalar
from agent_app.store import users as user_store
from sync.kinds import Actor
from sync.pushes import Push, receive

pytestmark = pytest.mark.both_engines

DEVICES = 6
PUSHES = 4
PER_PUSH = 20


def visits(people: list[str], first_seq: int, count: int) -> list[dict]:
    return [{"id": str(uuid.uuid4()), "seq": seq, "kind": "visit",
             "created_at": "2026-11-27T19:30:00+07:00",
             "data": {"resident_id": people[seq % len(people)], "outcome": "not_home"}}
            for seq in range(first_seq, first_seq + count)]


def send(database: str, username: str, device: str, records: list[dict]) -> list[str]:
    db = store.connect(database)
    try:
        actor = Actor.of(db, user_store.get_user_by_name(db, username))
        return [r.status for r in receive(db, actor, Push(device, "race", 0, None, records))]
    finally:
        db.conn.close()


def test_pushes_at_once_store_each_record_once(database, db):
    names = ["agent1" if i % 2 else "agent2" for i in range(DEVICES)]
    people = {name: agent_people(db, name) for name in set(names)}
    devices = [str(uuid.uuid4()) for _ in range(DEVICES)]
    batches = [[visits(people[names[d]], 1 + p * PER_PUSH, PER_PUSH) for p in range(PUSHES)]
               for d in range(DEVICES)]
    # The same id from agent1's phone and from agent2's: one record, one conflict.
    contested = visits(people["agent1"], 1, 1)[0]
    start = threading.Barrier(DEVICES + 2)
    feed: list[tuple[int, set[int]]] = []
    done = threading.Event()

    def phone(index: int) -> list[str]:
        start.wait()
        statuses = []
        for number, batch in enumerate(batches[index]):
            if number == 1:      # the answer was lost: the phone resends while the first runs
                with ThreadPoolExecutor(2) as twice:
                    both = [twice.submit(send, database, names[index], devices[index], batch)
                            for _ in range(2)]
                statuses += both[0].result() + both[1].result()
            else:
                statuses += send(database, names[index], devices[index], batch)
        return statuses

    def rival() -> list[str]:
        start.wait()
        first = send(database, "agent1", str(uuid.uuid4()), [contested])
        return first + send(database, "agent2", str(uuid.uuid4()), [{**contested, "seq": 2}])

    def puller() -> None:
        reader = store.connect(database)
        start.wait()
        while not done.is_set():
            until = scalar(reader, "SELECT coalesce(max(id), 0) FROM changes")
            seen = {r["id"] for r in rows(reader, "SELECT id FROM changes WHERE id <= ?",
                                          (until,))}
            feed.append((until, seen))
        reader.conn.close()

    with ThreadPoolExecutor(DEVICES + 2) as pool:
        watching = pool.submit(puller)
        contest = pool.submit(rival)
        try:
            phones = list(pool.map(phone, range(DEVICES)))
        finally:
            done.set()
        watching.result()

    for statuses in phones:
        expected = (PUSHES * PER_PUSH) * ["accepted"] + PER_PUSH * ["duplicate"]
        assert sorted(statuses) == sorted(expected)
    assert sorted(contest.result()) == ["accepted", "conflict"]
    sent = [r["id"] for device in batches for batch in device for r in batch]
    marks = ",".join("?" * DEVICES)
    stored = [r["id"] for r in rows(db, f"SELECT id FROM records WHERE device_id IN ({marks})",
                                    devices)]
    assert sorted(stored) == sorted(sent)
    assert scalar(db, f"SELECT count(*) FROM seq_gaps WHERE device_id IN ({marks})",
                  devices) == 0
    assert scalar(db, f"SELECT count(*) FROM sync_pushes WHERE device_id IN ({marks})",
                  devices) == DEVICES * (PUSHES + 1)
    assert scalar(db, "SELECT count(*) FROM sync_issues WHERE record_id = ?",
                  (contested["id"],)) == 1
    # A phone that pulled up to a cursor never meets a change below it later.
    now = {r["id"] for r in rows(db, "SELECT id FROM changes WHERE id IS NOT NULL")}
    assert feed and all({i for i in now if i <= until} == seen for until, seen in feed)
    assert scalar(db, "SELECT count(*) FROM changes c JOIN visits v"
                      " ON c.entity = 'visit' AND c.entity_id = v.record_id"
                      f" JOIN records r ON r.id = v.record_id WHERE r.device_id IN ({marks})",
                  devices) == len(sent)
