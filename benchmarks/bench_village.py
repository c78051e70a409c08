"""The village checklist at 1,500 residents: server render time, HTML size, gzip size.

Targets (issue 4): median under 150 ms, HTML under 200 KB, under 40 KB gzip-compressed. A third
of the residents have a visit (some with follow-ups) and a few have signed up, so the status chips
are realistic. The page shows households 100 at a time (the rest load as the agent scrolls).
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agent_app import create_app, demo, store  # noqa: E402
from agent_app.store import rows  # noqa: E402
from agent_app.store import users as user_store  # noqa: E402
from sync.ingest import ingest  # noqa: E402
from sync.kinds import Actor  # noqa: E402

RUNS = 30
OUTCOMES = ["not_home", "refused", "considering", "considering", "not_home"]


def build(path: Path) -> int:
    db = store.connect(path)
    store.migrate(db)
    demo.seed(db, households_per_village=500)
    user = user_store.get_user_by_name(db, "agent1")
    actor = Actor.of(db, user)
    village_id = min(actor.village_ids)
    people = rows(db, "SELECT id FROM residents WHERE village_id = ?", (village_id,))
    rng = random.Random(7)
    records = []
    for person in rng.sample(people, len(people) // 3):
        outcome = rng.choice(OUTCOMES)
        records.append({"id": str(uuid.uuid4()), "kind": "visit",
                        "created_at": "2026-11-20T09:00:00+07:00",
                        "data": {"resident_id": person["id"], "outcome": outcome,
                                 "follow_up_on": "2026-11-27" if outcome == "considering"
                                 else None}})
    ingest(db, actor, records)
    db.conn.close()
    return village_id


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        village_id = build(path)
        app = create_app({"TESTING": True, "DATABASE": str(path), "SECRET_KEY": "bench",
                          "WTF_CSRF_ENABLED": False})
        client = app.test_client()
        client.post("/login", data={"username": "agent1", "password": demo.DEMO_PASSWORD})
        url = f"/villages/{village_id}"
        residents = len(rows(store.connect(path),
                             "SELECT id FROM residents WHERE village_id = ?", (village_id,)))
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            page = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        html = page.get_data()
        gzipped = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert gzipped.headers.get("Content-Encoding") == "gzip"
        search = []
        for _ in range(RUNS):
            start = time.perf_counter()
            client.get(url, query_string={"q": "nguyen van"}, headers={"HX-Request": "true"})
            search.append((time.perf_counter() - start) * 1000)
        home = []
        for _ in range(RUNS):
            start = time.perf_counter()
            client.get("/")
            home.append((time.perf_counter() - start) * 1000)
        shown = len(re.findall(rb"data-resident-id=", html))
        print(f"village of {residents} residents, first page shows {shown}")
        print(f"render median {statistics.median(times):.1f} ms, "
              f"p90 {sorted(times)[int(RUNS * 0.9)]:.1f} ms (target < 150 ms)")
        print(f"HTML {len(html) / 1024:.1f} KB (target < 200 KB), "
              f"gzip {len(gzipped.get_data()) / 1024:.1f} KB (target < 40 KB)")
        print(f"search fragment median {statistics.median(search):.1f} ms")
        print(f"agent home (3 villages, 4,500 residents) median {statistics.median(home):.1f} ms")


if __name__ == "__main__":
    main()
