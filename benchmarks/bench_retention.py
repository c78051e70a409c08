"""Retention at the size of one agent's patch: 4,500 residents (three villages of 1,500), 1,000
of them participants (sign-ups of the last 14 months through ingest, and cards or a stopped BHXH
on the imported list), on the pinned day 28/11/2026.

Prints the list sizes (due, lapsed, per village), the median server render times of the pages
that show them (the agent's home, a checklist and its two filters, a resident card, the commune
overview and retention page, the renewal list as XLSX, CSV and print), the pure rules alone in
Python, and the same lists computed by static/js/retention.js in Chromium (what the phone's
offline copy would run). Each time is the process's CPU time and, in brackets, the wall clock:
on a machine shared with other work the wall clock mostly measures the queue for a core. No
targets: the figures go in the issue's note.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("AGENT_APP_CLOCK", "2026-11-28T09:00:00+07:00")

from agent_app import create_app, demo, store  # noqa: E402
from agent_app.domain import premiums, retention  # noqa: E402
from agent_app.store import parameters as parameter_store  # noqa: E402
from agent_app.store import retention as retention_store  # noqa: E402
from agent_app.store import rows, transaction  # noqa: E402
from agent_app.store import users as user_store  # noqa: E402
from sync.ingest import ingest  # noqa: E402
from sync.kinds import Actor  # noqa: E402

TODAY = date(2026, 11, 28)
RUNS = 15
PARTICIPANTS = 1000
CHROMIUM = "/usr/bin/chromium"


def build(path: Path) -> tuple[list[int], str]:
    """The demo at 500 households a village, agent1's three villages given exactly 1,000
    participants: the demo's own sign-ups, 300 from the list (200 cards ending over the last 18
    months and the next two, 100 stopped BHXH), and BHXH and BHYT sign-ups (4 to 3) spread
    over 14 months for the rest."""
    db = store.connect(path)
    store.migrate(db)
    demo.seed(db, households_per_village=500, today=TODAY)
    user = user_store.get_user_by_name(db, "agent1")
    actor = Actor.of(db, user)
    villages = sorted(actor.village_ids)
    marks = ",".join("?" * len(villages))
    rng = random.Random(17)
    with transaction(db):
        db.conn.execute(f"UPDATE residents SET bhyt_status = 'none', bhyt_expiry = NULL,"
                        f" bhxh_status = 'none' WHERE village_id IN ({marks})", villages)
    people = rows(db, f"SELECT id, support_group, birth_date, birth_year FROM residents r"
                      f" WHERE village_id IN ({marks}) AND list_status = 'on_list'"
                      f" AND NOT EXISTS (SELECT 1 FROM enrolments e WHERE e.resident_id = r.id)"
                      f" ORDER BY id", villages)
    adults = [p for p in people if p["birth_year"] and p["birth_year"] <= 2005
              and p["support_group"] not in premiums.NOT_HOUSEHOLD_GROUPS]
    rng.shuffle(adults)
    already = len(retention_store.participants(db, villages)[0])
    chosen = adults[:PARTICIPANTS - already]
    listed, signing = chosen[:300], chosen[300:]
    bhxh, bhyt = signing[:len(signing) * 4 // 7], signing[len(signing) * 4 // 7:]
    with transaction(db):
        for index, person in enumerate(listed):
            if index < 200:
                expiry = TODAY - timedelta(days=rng.randrange(-60, 540))
                values = ("valid" if expiry >= TODAY else "expired", expiry.isoformat(), "none")
            else:
                values = ("none", None, "stopped")
            db.conn.execute("UPDATE residents SET bhyt_status = ?, bhyt_expiry = ?,"
                            " bhxh_status = ? WHERE id = ?", (*values, person["id"]))
    records = []
    for person in bhxh + bhyt:
        paid = TODAY - timedelta(days=rng.randrange(1, 425))
        scheme = "bhxh_tn" if person in bhxh else "bhyt_hgd"
        months = rng.choice([1, 3, 6, 12, 12]) if scheme == "bhxh_tn" else rng.choice([3, 6, 12])
        data = {"resident_id": person["id"], "scheme": scheme, "months": months, "amount": 1,
                "receipt_date": paid.isoformat(), "group": person["support_group"]}
        if scheme == "bhxh_tn":
            data.update(income=1_500_000, start_month=paid.strftime("%Y-%m"))
        else:
            data["position"] = 1
        records.append({"id": str(uuid.uuid4()), "kind": "enrolment", "data": data,
                        "created_at": f"{paid.isoformat()}T10:00:00+07:00"})
    results = ingest(db, actor, records)
    assert all(r.status == "accepted" for r in results), [r.reason for r in results][:3]
    sample = bhxh[0]["id"]
    db.conn.close()
    return villages, sample


def median_ms(call, runs: int = RUNS) -> str:
    """Median CPU time of the call, and its median wall-clock time, in ms."""
    cpu, wall = [], []
    for _ in range(runs):
        start, started = time.process_time(), time.perf_counter()
        call()
        cpu.append((time.process_time() - start) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return f"{statistics.median(cpu):.1f} ms ({statistics.median(wall):.1f})"


def javascript_lists(people: list[dict], signups: dict, rules_data: dict) -> float | None:
    """The same lists through retention.js in Chromium: median ms, or None without Chromium."""
    if not os.path.exists(CHROMIUM):
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        data = json.dumps(rules_data, ensure_ascii=False).replace("</", "<\\/")
        page.set_content(f'<script type="application/json" id="premium-params">{data}</script>')
        for script in ("premiums.js", "retention.js"):
            page.add_script_tag(content=(ROOT / "static" / "js" / script).read_text("utf-8"))
        found = page.evaluate("""([people, signups]) => {
            const times = [];
            for (let i = 0; i < 15; i++) {
              const start = performance.now();
              Retention.dueLists(people, signups, '2026-11-28');
              times.push(performance.now() - start);
            }
            times.sort((a, b) => a - b);
            return times[7];
        }""", [people, signups])
        browser.close()
        return found


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        villages, sample = build(path)
        app = create_app({"TESTING": True, "DATABASE": str(path), "SECRET_KEY": "bench",
                          "WTF_CSRF_ENABLED": False})
        db = store.connect(path)
        residents = sum(r["n"] for r in rows(
            db, f"SELECT count(*) AS n FROM residents WHERE village_id IN"
                f" ({','.join('?' * len(villages))})", villages))
        people, signups = retention_store.participants(db, villages)
        rules = parameter_store.load_rules(db)
        today = TODAY.isoformat()
        lists = retention.due_lists(people, signups, today, rules)
        print(f"{residents} residents in 3 villages, {len(people)} participants")
        print(f"due (next 30 days): {len(lists['due'])} entries, "
              f"lapsed: {len(lists['lapsed'])} entries")
        for village_id in villages:
            marks = retention.due_marks([p for p in people if p["village_id"] == village_id],
                                        signups, today)
            due = sum(any(m["state"] == "due" for m in v) for v in marks.values())
            lapsed = sum(any(m["state"] == "lapsed" for m in v) for v in marks.values())
            print(f"  village {village_id}: {due} people due, {lapsed} lapsed")
        query = median_ms(lambda: retention_store.participants(db, villages))
        priced = median_ms(lambda: retention.due_lists(people, signups, today, rules))
        marked = median_ms(lambda: retention.due_marks(people, signups, today))
        print(f"rules alone (Python): participants query {query}, due_lists {priced},"
              f" due_marks {marked}")
        js = javascript_lists(people, signups,
                              premiums.page_data(parameter_store.rules_data(db)))
        if js is not None:
            print(f"rules alone (retention.js in Chromium): dueLists {js:.1f} ms")
        agent = app.test_client()
        agent.post("/login", data={"username": "agent1", "password": demo.DEMO_PASSWORD})
        official = app.test_client()
        official.post("/login", data={"username": "official1", "password": demo.DEMO_PASSWORD})
        village = villages[0]
        pages = [
            ("agent home", agent, "/"),
            ("checklist (1,500 residents)", agent, f"/villages/{village}"),
            ("checklist, Sắp đến hạn", agent, f"/villages/{village}?filter=renew"),
            ("checklist, Đã dừng", agent, f"/villages/{village}?filter=lapsed"),
            ("resident card", agent, f"/residents/{sample}"),
            ("commune overview", official, "/communes/31843/"),
            ("commune retention", official, "/communes/31843/retention"),
            ("renewal list XLSX", official, "/communes/31843/renewals.xlsx"),
            ("renewal list CSV", official, "/communes/31843/renewals.csv"),
            ("renewal list print", official, "/communes/31843/renewals/print"),
            ("explainer", agent, "/explain?age=40&gender=male"),
        ]
        for name, client, url in pages:
            client.get(url)
            size = len(client.get(url).data)
            print(f"{name}: median {median_ms(lambda c=client, u=url: c.get(u))},"
                  f" {size / 1024:.1f} KB")


if __name__ == "__main__":
    main()
