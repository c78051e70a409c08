"""The supervisor's day page with 200 agents and 20,000 records that day (goal: < 300 ms median).

Builds a database from the demo plus generated field work: 200 agents (10 never synced), each
synced agent with 5 pushes and about 105 records (4 visits to 1 sign-up) on the measured day,
20,000 in all, and 29 earlier days at a quarter of that; open gaps, issues and wrong amounts
for the alerts. Then times the page, its exports, a drill-down and the trends through the app.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agent_app import create_app, demo, store  # noqa: E402
from agent_app.domain.clock import VIETNAM  # noqa: E402
from agent_app.store import supervision  # noqa: E402
from agent_app.store import users as user_store  # noqa: E402

AGENTS = 200
NEVER_SYNCED = 10
RECORDS_THAT_DAY = 20_000
PUSHES_PER_DAY = 5
HISTORY_DAYS = 29
DAY = date(2026, 11, 20)
STAMP = "%Y-%m-%dT%H:%M:%SZ"


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(STAMP)


def generate(db, rng: random.Random) -> None:
    villages = [r["id"] for r in store.rows(db, "SELECT id FROM villages")]
    residents: dict[int, list[str]] = {}
    for r in store.rows(db, "SELECT id, village_id FROM residents"):
        residents.setdefault(r["village_id"], []).append(r["id"])
    with store.transaction(db):
        agents = []
        for n in range(AGENTS):
            user_id = store.insert(db, "users", {   # no password: these accounts never log in
                "username": f"bench{n:03d}", "password_hash": "!", "role": "agent",
                "display_name": f"Nhân viên {n:03d}", "created_at": "2026-10-01T00:00:00Z"})
            village_id = villages[n % len(villages)]
            user_store.assign_villages(db, user_id, [village_id])
            agents.append((user_id, village_id, str(uuid.UUID(int=rng.getrandbits(128)))))
    pushes, records, visits, enrolments, devices = [], [], [], [], []
    push_id = 0
    syncing = agents[:AGENTS - NEVER_SYNCED]
    share, extra = divmod(RECORDS_THAT_DAY, len(syncing))
    for index, (user_id, village_id, device_id) in enumerate(syncing):
        seq = 0
        last_seen = None
        for back in range(HISTORY_DAYS, -1, -1):
            day = DAY - timedelta(days=back)
            per_day = share + (index < extra) if back == 0 else share // 4
            for p in range(PUSHES_PER_DAY):
                per_push = per_day // PUSHES_PER_DAY + (p < per_day % PUSHES_PER_DAY)
                push_id += 1
                at = datetime(day.year, day.month, day.day, 9 + p * 2, rng.randrange(60),
                              tzinfo=VIETNAM)
                last_seen = stamp(at)
                pushes.append({"id": push_id, "user_id": user_id, "device_id": device_id,
                               "app_version": "1.4.0", "received_at": last_seen,
                               "duration_ms": 80.0, "records": per_push, "accepted": per_push,
                               "duplicate": 0, "conflict": 0, "rejected": 0,
                               "seq_min": seq + 1, "seq_max": seq + per_push,
                               "pending_reported": 0})
                for r in range(per_push):
                    seq += 1
                    made = at - timedelta(minutes=per_push - r)
                    resident_id = rng.choice(residents[village_id])
                    record_id = str(uuid.UUID(int=rng.getrandbits(128)))
                    kind = "enrolment" if r % 5 == 4 else "visit"
                    records.append({
                        "id": record_id, "kind": kind, "created_at": made.isoformat(),
                        "created_at_utc": stamp(made),
                        "data": json.dumps({"resident_id": resident_id}),
                        "content_hash": record_id, "user_id": user_id, "device_id": device_id,
                        "seq": seq, "received_at": stamp(at), "resident_id": resident_id,
                        "village_id": village_id, "push_id": push_id})
                    if kind == "visit":
                        visits.append({"record_id": record_id, "resident_id": resident_id,
                                       "village_id": village_id, "user_id": user_id,
                                       "visited_at": stamp(made), "visited_on": day.isoformat(),
                                       "outcome": rng.choice(["not_home", "considering"])})
                    else:
                        quote = 1_263_600
                        amount = quote + (10_000 if rng.random() < 0.01 else 0)
                        enrolments.append({
                            "record_id": record_id, "resident_id": resident_id,
                            "village_id": village_id, "user_id": user_id,
                            "enrolled_at": stamp(made), "enrolled_on": day.isoformat(),
                            "scheme": "bhyt_hgd", "months": 12, "amount": amount,
                            "quoted_amount": quote})
        devices.append({"id": device_id, "user_id": user_id, "first_seen": "2026-10-01T01:00:00Z",
                        "last_seen": last_seen, "app_version": "1.4.0", "max_seq": seq,
                        "last_pending": 2 if index % 25 == 3 else 0})
    gaps = [{"device_id": device_id, "user_id": user_id, "from_seq": 40, "to_seq": 41,
             "detected_at": f"{DAY.isoformat()}T05:00:00Z"}
            for user_id, _v, device_id in agents[:10]]
    issues = [{"record_id": str(uuid.uuid4()), "status": "rejected",
               "reason": "data.outcome: phải là một trong …", "payload": "{}",
               "user_id": user_id, "device_id": device_id, "received_at": f"{DAY}T06:00:00Z"}
              for user_id, _v, device_id in agents[:40]]
    with store.transaction(db):
        for table, values in (("sync_pushes", pushes), ("records", records), ("visits", visits),
                              ("enrolments", enrolments), ("devices", devices),
                              ("seq_gaps", gaps), ("sync_issues", issues)):
            for value in values:
                store.insert(db, table, value)
    db.conn.execute("ANALYZE")


def timed(call, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(name: str, times: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[max(0, round(len(ordered) * 0.95) - 1)]
    print(f"{name:<38} median {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms"
          f"   ({len(times)} runs)")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-supervisor-") as folder:
        run(Path(folder) / "bench.sqlite3")


def run(path: Path) -> None:
    db = store.connect(path)
    store.migrate(db)
    demo.seed(db)
    started = time.perf_counter()
    generate(db, random.Random(7))
    day_records = store.scalar(db, "SELECT count(*) FROM records WHERE received_at >= ?"
                                   " AND received_at < ?", supervision.utc_bounds(DAY))
    print(f"generated in {time.perf_counter() - started:.1f} s: "
          f"{store.scalar(db, 'SELECT count(*) FROM records'):,} records in all, "
          f"{day_records:,} received on {DAY:%d/%m/%Y}, "
          f"{store.scalar(db, 'SELECT count(*) FROM sync_pushes'):,} pushes, {AGENTS} agents")

    agents = supervision.scope_agents(db, {c["code"] for c in store.rows(
        db, "SELECT code FROM communes")})
    report("store: day_results (200 agents)",
           timed(lambda: supervision.day_results(db, agents, DAY), 20))
    db.conn.close()

    app = create_app({"TESTING": True, "DATABASE": str(path), "SECRET_KEY": "bench",
                      "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    client.post("/login", data={"username": "supervisor1", "password": demo.DEMO_PASSWORD})
    url = f"/supervisor/?date={DAY.isoformat()}"
    first = client.get(url)
    assert first.status_code == 200, first.status_code
    html = first.get_data(as_text=True)
    assert html.count('<tr data-agent="bench') == AGENTS
    page_times = timed(lambda: client.get(url), 30)
    report("day page (200 agents, 20,000 records)", page_times)
    report("day export CSV", timed(lambda: client.get(f"/supervisor/day.csv?date={DAY}"), 10))
    report("day export XLSX", timed(lambda: client.get(f"/supervisor/day.xlsx?date={DAY}"), 10))
    agent_id = agents[0]["id"]
    report("agent drill-down (100 records)",
           timed(lambda: client.get(f"/supervisor/agents/{agent_id}?date={DAY}"), 10))
    report("trends (30 days)", timed(lambda: client.get(f"/supervisor/trends?date={DAY}"), 5))
    median = statistics.median(page_times)
    print(f"day page goal < 300 ms median: {'met' if median < 300 else 'MISSED'} "
          f"({median:.1f} ms, page {len(html) / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
