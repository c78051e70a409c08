"""Sync throughput: ingest in process, against plain SQLite, and the real server under 20 clients.

Prints:
- ingest records/s for batches of 100 visits (the push path: log row, ingest, device, gaps);
- the ratio of that to a plain ``executemany`` of the same rows into the same tables;
- 1,000 pushes of 50 records from 20 concurrent clients against `agent-app serve` over loopback:
  records/s, p50/p95 latency, and lost / duplicated records (both must be 0).
Targets: at least 5,000 records/s, zero lost, zero duplicated.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import statistics
import sys
import tempfile
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


from support import TEST_PHONE, LiveServer  # noqa: E402

from agent_app import demo, store  # noqa: E402
from agent_app.store import rows, scalar, transaction  # noqa: E402
from agent_app.store import users as user_store  # noqa: E402
from sync.kinds import Actor  # noqa: E402
from sync.pushes import Push, receive  # noqa: E402

BATCH = 100
BATCHES = 100
CLIENTS = 20
PUSHES = 1000
PER_PUSH = 50


def seeded(folder: Path) -> Path:
    path = folder / "bench.sqlite3"
    db = store.connect(path)
    store.migrate(db)
    demo.seed(db)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    return path


def visit(resident_id: str, seq: int) -> dict:
    return {"id": str(uuid.uuid4()), "seq": seq, "kind": "visit",
            "created_at": "2026-11-23T09:30:00+07:00",
            "data": {"resident_id": resident_id, "outcome": "considering",
                     "reasons": ["want_more_info"], "follow_up_on": "2026-11-30"}}


def agent(db, username: str = "agent1") -> Actor:
    user = user_store.get_user_by_name(db, username)
    return Actor.of(db, user)


def in_process(path: Path) -> tuple[float, float, str]:
    """Records/s through the push path, the seconds the batches took, and the device."""
    db = store.connect(path)
    actor = agent(db)
    marks = ",".join("?" * len(actor.village_ids))
    people = [r["id"] for r in rows(db, f"SELECT id FROM residents WHERE village_id IN ({marks})",
                                    tuple(actor.village_ids))]
    device = str(uuid.uuid4())
    batches = [[visit(people[(b * BATCH + i) % len(people)], b * BATCH + i + 1)
                for i in range(BATCH)] for b in range(BATCHES)]
    started = time.perf_counter()
    for batch in batches:
        receive(db, actor, Push(device, "bench", 0, actor.id, batch))
    elapsed = time.perf_counter() - started
    assert scalar(db, "SELECT count(*) FROM records WHERE device_id = ?", (device,)) \
        == BATCH * BATCHES
    db.conn.close()
    return BATCH * BATCHES / elapsed, elapsed, device


def plain_executemany(path: Path, device: str) -> float:
    """The same rows written with executemany, no checks: the floor ingest is compared to."""
    db = store.connect(path)
    stored = rows(db, "SELECT * FROM records WHERE device_id = ? ORDER BY seq", (device,))
    projected = rows(db, "SELECT v.* FROM visits v JOIN records r ON r.id = v.record_id"
                         " WHERE r.device_id = ? ORDER BY r.seq", (device,))
    with transaction(db):
        db.conn.execute("DELETE FROM visits WHERE record_id IN"
                        " (SELECT id FROM records WHERE device_id = ?)", (device,))
        db.conn.execute("DELETE FROM records WHERE device_id = ?", (device,))
    record_columns, visit_columns = list(stored[0]), list(projected[0])
    record_sql = (f"INSERT INTO records ({', '.join(record_columns)}) VALUES"
                  f" ({', '.join('?' * len(record_columns))})")
    visit_sql = (f"INSERT INTO visits ({', '.join(visit_columns)}) VALUES"
                 f" ({', '.join('?' * len(visit_columns))})")
    started = time.perf_counter()
    for start in range(0, len(stored), BATCH):
        with transaction(db):
            db.conn.executemany(record_sql,
                                [tuple(r.values()) for r in stored[start:start + BATCH]])
            db.conn.executemany(visit_sql,
                                [tuple(v.values()) for v in projected[start:start + BATCH]])
    elapsed = time.perf_counter() - started
    db.conn.close()
    return elapsed


class Client:
    """One phone: its own session, device id and seq numbers."""

    def __init__(self, url: str, username: str):
        self.url = url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = self.opener.open(url + "/login").read().decode()
        token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"username": username, "password": demo.DEMO_PASSWORD,
                                       "csrf_token": token}).encode()
        self.opener.open(url + "/login", data=form).read()
        self.device = str(uuid.uuid4())
        self.seq = 0

    def push(self, people: list[str]) -> tuple[float, list[dict], list[str]]:
        records = []
        for _ in range(PER_PUSH):
            self.seq += 1
            records.append(visit(people[self.seq % len(people)], self.seq))
        body = json.dumps({"device_id": self.device, "app_version": "bench", "pending": 0,
                           "records": records}).encode()
        request = urllib.request.Request(self.url + "/api/sync/push", data=body,
                                         headers={"Content-Type": "application/json"})
        started = time.perf_counter()
        answer = json.loads(self.opener.open(request).read())
        return time.perf_counter() - started, answer["results"], [r["id"] for r in records]


def concurrent(path: Path) -> dict:
    server = LiveServer(path)
    try:
        db = store.connect(path)
        people = {name: [r["id"] for r in rows(
            db, "SELECT r.id FROM residents r JOIN agent_villages av ON av.village_id ="
                " r.village_id JOIN users u ON u.id = av.user_id WHERE u.username = ?", (name,))]
            for name in ("agent1", "agent2")}
        db.conn.close()
        clients = [Client(server.url, "agent1" if i % 2 == 0 else "agent2")
                   for i in range(CLIENTS)]

        def work(index: int):
            client = clients[index % CLIENTS]
            return client.push(people["agent1" if index % CLIENTS % 2 == 0 else "agent2"])

        started = time.perf_counter()
        with ThreadPoolExecutor(CLIENTS) as pool:
            # Each client pushes in order: client i takes pushes i, i+20, i+40, ...
            outcomes = list(pool.map(lambda c: [work(c + CLIENTS * k)
                                                for k in range(PUSHES // CLIENTS)],
                                     range(CLIENTS)))
        elapsed = time.perf_counter() - started
    finally:
        server.stop()
    latencies = [o[0] for per_client in outcomes for o in per_client]
    sent = [rid for per_client in outcomes for o in per_client for rid in o[2]]
    accepted = [r for per_client in outcomes for o in per_client for r in o[1]
                if r["status"] == "accepted"]
    db = store.connect(path)
    stored = scalar(db, f"SELECT count(*) FROM records WHERE {TEST_PHONE}")
    distinct = scalar(db, f"SELECT count(DISTINCT id) FROM records WHERE {TEST_PHONE}")
    gaps = scalar(db, "SELECT count(*) FROM seq_gaps")
    db.conn.close()
    return {
        "records": len(sent), "seconds": elapsed, "per_second": len(sent) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": statistics.quantiles(latencies, n=20)[-1] * 1000,
        "accepted": len(accepted), "lost": len(sent) - stored, "duplicated": stored - distinct,
        "gaps": gaps,
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = seeded(Path(folder))
        rate, ingest_seconds, device = in_process(path)
        plain_seconds = plain_executemany(path, device)
        print(f"ingest, batches of {BATCH}: {rate:,.0f} records/s "
              f"({BATCH * BATCHES:,} records in {ingest_seconds:.2f} s)")
        print(f"plain executemany of the same rows: {plain_seconds:.2f} s; "
              f"ingest takes {ingest_seconds / plain_seconds:.1f}x as long")
    with tempfile.TemporaryDirectory() as folder:
        figures = concurrent(seeded(Path(folder)))
        print(f"server, {PUSHES:,} pushes of {PER_PUSH} from {CLIENTS} clients: "
              f"{figures['per_second']:,.0f} records/s ({figures['records']:,} records in "
              f"{figures['seconds']:.1f} s), p50 {figures['p50_ms']:.0f} ms, "
              f"p95 {figures['p95_ms']:.0f} ms")
        print(f"  accepted {figures['accepted']:,}, lost {figures['lost']}, "
              f"duplicated {figures['duplicated']}, seq gaps {figures['gaps']}")
        if figures["lost"] or figures["duplicated"]:
            sys.exit("records lost or duplicated")


if __name__ == "__main__":
    main()
