"""`agent-app serve` in production: gunicorn workers behind a TLS proxy, one writer at a time."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from production import Phone, agent_people, make_production_ready, production_server

from agent_app import store
from agent_app.store import rows, scalar
from agent_app.store.writer import writer_lock

PHONES = 8
PUSHES = 5
PER_PUSH = 50


@pytest.fixture
def production_db(db_path) -> Path:
    make_production_ready(db_path)
    return db_path


def workers_of(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return sorted(int(child) for child in children)


def test_concurrent_pushes_to_two_workers_are_stored_once_each(production_db):
    server = production_server(production_db, workers=2)
    try:
        assert len(workers_of(server.process.pid)) == 2
        db = store.connect(production_db)
        people = {name: agent_people(db, name) for name in ("agent1", "agent2")}
        db.conn.close()
        phones = [Phone(server.url, "agent1" if i % 2 else "agent2") for i in range(PHONES)]

        def work(index: int) -> tuple[list[str], list[str]]:
            """Push in order; resend the second batch as if its answer had been lost."""
            phone = phones[index]
            sent, statuses = [], []
            batches = [phone.visits(people["agent1" if index % 2 else "agent2"], PER_PUSH)
                       for _ in range(PUSHES)]
            for number, batch in enumerate(batches):
                statuses += [r["status"] for r in phone.push(batch)]
                sent += [r["id"] for r in batch]
                if number == 1:
                    resent = phone.push(batch)
                    assert {r["status"] for r in resent} == {"duplicate"}
            return sent, statuses

        with ThreadPoolExecutor(PHONES) as pool:
            outcomes = list(pool.map(work, range(PHONES)))
    finally:
        server.stop()
    sent = [record_id for ids, _statuses in outcomes for record_id in ids]
    assert {s for _ids, statuses in outcomes for s in statuses} == {"accepted"}
    devices = tuple(phone.device for phone in phones)
    marks = ",".join("?" * len(devices))
    db = store.connect(production_db)
    stored = [r["id"] for r in rows(db, f"SELECT id FROM records WHERE device_id IN ({marks})",
                                    devices)]
    assert len(stored) == len(sent) == PHONES * PUSHES * PER_PUSH
    assert set(stored) == set(sent)
    assert scalar(db, f"SELECT count(*) FROM seq_gaps WHERE device_id IN ({marks})", devices) == 0
    assert scalar(db, f"SELECT count(*) FROM sync_pushes WHERE device_id IN ({marks})",
                  devices) == PHONES * (PUSHES + 1)
    db.conn.close()


def test_behind_the_proxy_cookies_are_secure_and_the_client_address_is_the_forwarded_one(
        production_db):
    server = production_server(production_db, workers=2)
    try:
        phone = Phone(server.url, "agent1")
        session = next(h for h in phone.set_cookie_headers if h.startswith("session="))
        assert "Secure" in session and "HttpOnly" in session
        assert b"agent1" in phone.request("GET", "/")
        phone.post_form("/login", {"username": "agent2", "password": "wrong"})
        phone.request("GET", "/login?q=Nguy%E1%BB%85n+V%C4%83n+An&cccd=001090012345")

        before = workers_of(server.process.pid)
        os.kill(server.process.pid, signal.SIGHUP)      # graceful reload: new workers
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            now = workers_of(server.process.pid)
            if len(now) == 2 and not set(now) & set(before):
                break
            time.sleep(0.2)
        assert len(now) == 2 and not set(now) & set(before)
        assert b"agent1" in phone.request("GET", "/")
    finally:
        server.stop()
    db = store.connect(production_db)
    assert scalar(db, "SELECT count(*) FROM login_failures WHERE key = 'addr:203.0.113.7'") == 1
    db.conn.close()
    log = server.log_path.read_text("utf-8")
    assert "gunicorn" in log
    assert '"GET /login HTTP/1.1" 200' in log
    assert "001090012345" not in log and "Nguy" not in log


def _hold_writer_lock(path: str, held, release) -> None:
    with writer_lock(Path(path)).held():
        held.set()
        release.wait(10)


def test_the_writer_lock_excludes_another_process(tmp_path):
    database = tmp_path / "app.sqlite3"
    context = multiprocessing.get_context("fork")
    held, release = context.Event(), context.Event()
    other = context.Process(target=_hold_writer_lock, args=(str(database), held, release))
    other.start()
    try:
        assert held.wait(10)
        lock = writer_lock(database)
        acquired = context.Event()

        def take() -> None:
            with lock.held():
                acquired.set()

        with ThreadPoolExecutor(1) as pool:
            waiting = pool.submit(take)
            assert not acquired.wait(0.5)       # the other process holds it
            release.set()
            waiting.result(timeout=10)
        assert acquired.is_set()
    finally:
        release.set()
        other.join(10)
