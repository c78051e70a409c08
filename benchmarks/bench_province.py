"""A province on one box: 1,000,000 residents, 3,000 villages, 100 communes, 1,000 agents and
30 days of field records in SQLite (or copied into PostgreSQL with `--engine postgresql`, by
agent-app migrate-to-postgresql's code), then the production server under the evening peak.

Prints the database size; the agent home, a 1,500-person checklist, a commune overview and the
supervisor day page (median and p95, through the app); then pushes of 50 records from 200
concurrent phones through `agent-app serve` in production (gunicorn) for 60 s: records/s,
pushes/s, p50/p95, errors, lost and duplicated records, and "database is locked" in the log.
Targets: pages under 300 ms p95; at least 200 pushes/s with p95 under 1 s; none lost, none
duplicated, no "database is locked".

    python benchmarks/bench_province.py                      # the whole province (minutes)
    python benchmarks/bench_province.py --scale 0.05 --seconds 20   # quicker (make bench)
    python benchmarks/bench_province.py --keep DIR           # keep the database for a rerun
    python benchmarks/bench_province.py --engine postgresql  # a throwaway cluster of Debian's
                                                             # PostgreSQL, durable settings
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import province_data  # noqa: E402
from postgresql_server import BENCH, Cluster  # noqa: E402
from production import Phone, production_server  # noqa: E402

from agent_app import create_app, store  # noqa: E402
from agent_app.domain import clock  # noqa: E402
from agent_app.store import rows, scalar  # noqa: E402
from agent_app.store.transfer import migrate_to_postgresql  # noqa: E402

PAGE_RUNS = 30
PER_PUSH = 50
PAGE_TARGET_MS = 300
PUSH_TARGET_PER_S = 200
PUSH_TARGET_P95_MS = 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(len(ordered) * share) - 1))]


def server_cpu(master: int) -> float:
    """CPU seconds (user + system) used so far by the gunicorn master's workers."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    ticks = 0
    for child in children:
        fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def build(path: Path, scale: float, day: date) -> province_data.Province:
    db = store.connect(path)
    store.migrate(db)
    started = time.perf_counter()
    province = province_data.generate(db, scale, day, random.Random(16))
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    print(f"generated in {time.perf_counter() - started:.0f} s: {province.residents:,} residents"
          f" in {len(province.villages):,} villages of {len(province.communes)} communes,"
          f" {len(province.agents):,} agents, {province.records:,} records over"
          f" {province_data.DAYS} days")
    return province


def to_postgresql(path: Path, cluster: Cluster) -> str:
    """The generated SQLite file copied into a new database, verified, then analysed."""
    url = cluster.create_database("province")
    started = time.perf_counter()
    tables = migrate_to_postgresql(path, url)
    db = store.connect(url)
    db.conn.execute("VACUUM ANALYZE")
    size = scalar(db, "SELECT pg_database_size(current_database())")
    db.conn.close()
    print(f"copied into PostgreSQL in {time.perf_counter() - started:.0f} s"
          f" ({sum(t['rows'] for t in tables.values()):,} rows in {len(tables)} tables, counts"
          f" and hashes equal); database {size / 1e9:.2f} GB")
    return url


def pages(path: Path | str, province: province_data.Province, day: date) -> bool:
    """Each page PAGE_RUNS times through the app, logged in as who reads it."""
    app = create_app({"DATABASE": str(path), "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    big_owner = next(u for u, vs in province.agent_villages.items()
                     if province.big_village in vs)
    db = store.connect(path)
    agent_name = scalar(db, "SELECT username FROM users WHERE id = ?", (big_owner,))
    checklist_size = scalar(db, "SELECT count(*) FROM residents WHERE village_id = ?",
                            (province.big_village,))
    supervised = scalar(db, "SELECT count(DISTINCT av.user_id) FROM agent_villages av"
                            " JOIN villages v ON v.id = av.village_id JOIN user_communes uc"
                            " ON uc.commune_code = v.commune_code JOIN users u ON u.id ="
                            " uc.user_id WHERE u.username = 'supervisor'")
    db.conn.close()
    commune = province.communes[0]
    cases = [
        ("agent home (3 villages)", agent_name, "/"),
        (f"checklist ({checklist_size:,} people)", agent_name, f"/villages/{province.big_village}"),
        ("commune overview (30 villages, month)", "official",
         f"/communes/{commune}/?period=month&month={day:%Y-%m}"),
        (f"supervisor day ({supervised} agents)", "supervisor", f"/supervisor/?date={day}"),
    ]
    met = True
    for label, username, url in cases:
        client = app.test_client()
        client.post("/login", data={"username": username, "password": province_data.PASSWORD})
        first = client.get(url)
        assert first.status_code == 200, (url, first.status_code)
        times, cpu = [], []
        for _ in range(PAGE_RUNS):
            started, cpu_started = time.perf_counter(), time.process_time()
            assert client.get(url).status_code == 200
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        p95 = percentile(times, 0.95)
        met &= p95 < PAGE_TARGET_MS
        print(f"  {label:<40} median {statistics.median(times):5.0f} ms   p95 {p95:5.0f} ms"
              f"   CPU median {statistics.median(cpu):4.0f} ms"
              f"   ({len(first.data) / 1024:.0f} KiB)")
    print(f"  (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: a busy machine"
          " stretches wall times, CPU times much less)")
    return met


def pushes(path: Path | str, province: province_data.Province, clients: int, seconds: float,
           workers: int, log_path: Path) -> bool:
    """``clients`` phones (one per agent while there are agents enough) push 50 visits at a time,
    each as soon as its last push was answered, for ``seconds``."""
    server = production_server(path, workers=workers, log_path=log_path)
    db = store.connect(path)
    agents = province.agents[:clients]
    names = {r["id"]: r["username"] for r in rows(db, "SELECT id, username FROM users")}
    people = {user_id: [r["id"] for r in rows(
        db, "SELECT id FROM residents WHERE village_id IN (?, ?, ?)",
        tuple((province.agent_villages[user_id] * 3)[:3]))] for user_id in agents}
    db.conn.close()
    try:
        owners = [agents[i % len(agents)] for i in range(clients)]
        with ThreadPoolExecutor(32) as pool:
            phones = list(pool.map(lambda user_id: Phone(server.url, names[user_id],
                                                         province_data.PASSWORD), owners))
        latencies: list[float] = []
        accepted: list[str] = []
        errors: list[str] = []
        deadline = time.monotonic() + seconds

        def run(index: int) -> None:
            phone = phones[index]
            while time.monotonic() < deadline:
                batch = phone.visits(people[owners[index]], PER_PUSH)
                started = time.perf_counter()
                try:
                    results = phone.push(batch)
                except Exception as error:      # counted and shown, the phone goes on
                    errors.append(str(error)[:120])
                    continue
                latencies.append(time.perf_counter() - started)
                accepted.extend(r["id"] for r in results if r["status"] == "accepted")
                if len(results) != PER_PUSH or any(r["status"] != "accepted" for r in results):
                    errors.append("a record was not accepted")

        load = os.getloadavg()[0]
        cpu_before = server_cpu(server.process.pid)
        started = time.perf_counter()
        threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        cpu = server_cpu(server.process.pid) - cpu_before
    finally:
        server.stop()
    devices = tuple(phone.device for phone in phones)
    marks = ",".join("?" * len(devices))
    db = store.connect(path)
    stored = scalar(db, f"SELECT count(*) FROM records WHERE device_id IN ({marks})", devices)
    distinct = scalar(db, f"SELECT count(DISTINCT id) FROM records WHERE device_id IN ({marks})",
                      devices)
    missing = len(set(accepted) - {r["id"] for r in rows(
        db, f"SELECT id FROM records WHERE device_id IN ({marks})", devices)})
    db.conn.close()
    locked = server.log_path.read_text("utf-8", "replace").count("database is locked")
    per_second = len(latencies) / elapsed
    p50, p95 = statistics.median(latencies) * 1000, percentile(latencies, 0.95) * 1000
    print(f"  {len(latencies):,} pushes in {elapsed:.0f} s: {per_second:,.0f} pushes/s,"
          f" {len(accepted) / elapsed:,.0f} records/s; p50 {p50:,.0f} ms, p95 {p95:,.0f} ms,"
          f" max {max(latencies) * 1000:,.0f} ms")
    print(f"  errors {len(errors)}{' (' + errors[0] + ')' if errors else ''}; accepted"
          f" {len(accepted):,}, stored {stored:,}, lost {missing}, duplicated {stored - distinct};"
          f" \"database is locked\" {locked}; load average at start {load:.1f}"
          f" on {os.cpu_count()} cores")
    print(f"  server CPU {cpu:,.0f} s: {cpu / len(latencies) * 1000:,.1f} ms per push, so about"
          f" {len(latencies) / cpu:,.0f} pushes/s per core the server has to itself")
    return (per_second >= PUSH_TARGET_PER_S and p95 < PUSH_TARGET_P95_MS and not errors
            and not missing and stored == distinct == len(accepted) and not locked)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0,
                        help="share of the province to generate (default 1: 1,000,000 people)")
    parser.add_argument("--seconds", type=float, default=60, help="length of the push run")
    parser.add_argument("--clients", type=int, default=200, help="phones pushing at once")
    parser.add_argument("--workers", type=int, default=None,
                        help="gunicorn workers (default: as `agent-app serve`)")
    parser.add_argument("--keep", type=Path, help="folder to keep the database in (reused)")
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite",
                        help="the store's engine (postgresql: a throwaway cluster)")
    options = parser.parse_args()
    day = clock.today()
    folder = options.keep or Path(tempfile.mkdtemp(prefix="bench-province-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"province-{options.scale:g}.sqlite3"
    cluster = None
    try:
        if path.exists():
            print(f"reusing {path}")
            db = store.connect(path)
            province = province_data.describe(db)
            db.conn.close()
        else:
            province = build(path, options.scale, day)
        size = sum(p.stat().st_size for p in folder.glob(path.name + "*"))
        print(f"database {size / 1e9:.2f} GB ({path})")
        database: Path | str = path
        if options.engine == "postgresql":
            cluster = Cluster(BENCH)
            database = to_postgresql(path, cluster)
        print(f"pages on {options.engine}:")
        pages_met = pages(database, province, day)
        from agent_app.server import default_workers

        workers = options.workers or default_workers()
        print(f"pushes of {PER_PUSH} from {options.clients} phones for {options.seconds:g} s,"
              f" {workers} gunicorn workers:")
        pushes_met = pushes(database, province, options.clients, options.seconds, workers,
                            folder / "server.log")
    finally:
        if cluster is not None:
            cluster.stop()
        if not options.keep:
            for file in folder.glob("*"):
                file.unlink()
            folder.rmdir()
    print(f"targets: pages < {PAGE_TARGET_MS} ms p95 {'met' if pages_met else 'MISSED'};"
          f" ≥ {PUSH_TARGET_PER_S} pushes/s, p95 < {PUSH_TARGET_P95_MS} ms, none lost or"
          f" duplicated, never locked: {'met' if pushes_met else 'MISSED'}")


if __name__ == "__main__":
    main()
