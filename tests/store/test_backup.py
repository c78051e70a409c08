"""`agent-app backup` while the production server takes pushes, and `agent-app restore`."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from click.testing import Result
from production import Phone, agent_people, make_production_ready, production_server

from agent_app import create_app, store
from agent_app.store import rows, scalar

PHONES = 4


def agent_app(database: Path, *args: str) -> Result:
    """`agent-app ARGS` on ``database``, as the operator's shell would run it."""
    app = create_app({"DATABASE": str(database), "SECRET_KEY": "test"})
    return app.test_cli_runner().invoke(args=list(args))


def test_a_backup_taken_during_pushes_restores_every_record_acknowledged_before_it(
        db_path, tmp_path):
    make_production_ready(db_path)
    server = production_server(db_path, workers=2)
    acknowledged: list[tuple[float, str]] = []     # (when the answer came, record id)
    stop = threading.Event()
    failures: list[BaseException] = []

    def pushing(phone: Phone, people: list[str]) -> None:
        try:
            while not stop.is_set():
                batch = phone.visits(people, 20)
                results = phone.push(batch)
                answered = time.monotonic()
                acknowledged.extend((answered, r["id"]) for r in results
                                    if r["status"] == "accepted")
        except BaseException as error:      # reported after the threads stop
            failures.append(error)

    try:
        db = store.connect(db_path)
        people = {name: agent_people(db, name) for name in ("agent1", "agent2")}
        db.conn.close()
        phones = [Phone(server.url, "agent1" if i % 2 else "agent2") for i in range(PHONES)]
        threads = [threading.Thread(target=pushing,
                                    args=(phone, people["agent1" if i % 2 else "agent2"]))
                   for i, phone in enumerate(phones)]
        for thread in threads:
            thread.start()
        time.sleep(2)
        backup_started = time.monotonic()
        made = agent_app(db_path, "backup", str(tmp_path))
        backup_ended = time.monotonic()
        time.sleep(1)
        stop.set()
        for thread in threads:
            thread.join(60)
    finally:
        stop.set()
        server.stop()
    assert not failures, failures
    assert made.exit_code == 0, made.output
    before = {record_id for at, record_id in acknowledged if at < backup_started}
    after = {record_id for at, record_id in acknowledged if at > backup_ended}
    assert before and after, "pushes went on before and after the backup"
    copy = next(tmp_path.glob("agent_app-*.sqlite3"))

    restored_path = tmp_path / "restored" / "app.sqlite3"
    done = agent_app(restored_path, "restore", str(copy))
    assert done.exit_code == 0, done.output
    restored = store.connect(restored_path)
    devices = tuple(phone.device for phone in phones)
    marks = ",".join("?" * len(devices))
    ids = [r["id"] for r in rows(restored, f"SELECT id FROM records WHERE device_id IN ({marks})",
                                 devices)]
    assert before <= set(ids)
    assert len(ids) == len(set(ids))
    assert not set(ids) & after
    assert scalar(restored, "PRAGMA integrity_check") == "ok"
    # Each push in the copy is whole: its log row counts exactly the records that point at it.
    assert scalar(restored, "SELECT count(*) FROM sync_pushes p WHERE p.accepted !="
                            " (SELECT count(*) FROM records r WHERE r.push_id = p.id)") == 0
    restored.conn.close()


def test_restore_replaces_a_database_with_data_only_when_asked_and_keeps_it_aside(
        db_path, tmp_path):
    copy = tmp_path / "copy.sqlite3"
    assert agent_app(db_path, "backup", str(copy)).exit_code == 0
    again = agent_app(db_path, "backup", str(copy))
    assert again.exit_code != 0 and "exists already" in again.output

    db = store.connect(db_path)
    records = scalar(db, "SELECT count(*) FROM records")
    db.conn.execute("DELETE FROM visits")
    db.conn.close()
    refused = agent_app(db_path, "restore", str(copy))
    assert refused.exit_code != 0 and "--replace" in refused.output
    replaced = agent_app(db_path, "restore", str(copy), "--replace")
    assert replaced.exit_code == 0, replaced.output
    db = store.connect(db_path)
    assert scalar(db, "SELECT count(*) FROM records") == records
    assert scalar(db, "SELECT count(*) FROM visits") > 0
    db.conn.close()
    kept = next(db_path.parent.glob("app.sqlite3.before-restore-*"))
    assert scalar(store.connect(kept), "SELECT count(*) FROM visits") == 0

    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"not a database at all" * 100)
    refused = agent_app(tmp_path / "fresh.sqlite3", "restore", str(broken))
    assert refused.exit_code != 0 and "not a database of this app" in refused.output
