"""The phone's side, in Debian's Chromium: preparing offline, and draining a full outbox.

Prints:
- "Tải về để làm việc offline" for 3 villages with 4,500 residents in all: wall time over
  loopback and the bytes the browser then holds for the origin (navigator.storage.estimate);
- 1,000 records waiting in the browser: the HTTP requests and the wall time to sync them.
Targets: preparation under 10 s and under 5 MB; at most 10 requests for 1,000 records.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, LiveServer  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from agent_app import demo, store  # noqa: E402
from agent_app.store import rows, scalar  # noqa: E402

HOUSEHOLDS_PER_VILLAGE = 500   # about 1,500 people per village, 4,500 for agent1's three
WAITING = 1000


def seeded(folder: Path) -> Path:
    path = folder / "bench.sqlite3"
    db = store.connect(path)
    store.migrate(db)
    demo.seed(db, households_per_village=HOUSEHOLDS_PER_VILLAGE)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    return path


def wait_until(page, predicate: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not page.evaluate(predicate):
        if time.monotonic() > deadline:
            raise TimeoutError(predicate)
        time.sleep(0.05)


def log_in(page, url: str) -> None:
    page.goto(url + "/login")
    page.fill("#username", "agent1")
    page.fill("#password", demo.DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(url + "/")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("() => navigator.serviceWorker.controller !== null"):
        page.reload()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = seeded(Path(folder))
        db = store.connect(path)
        residents = scalar(db, "SELECT count(*) FROM residents r JOIN agent_villages av ON"
                               " av.village_id = r.village_id JOIN users u ON u.id = av.user_id"
                               " WHERE u.username = 'agent1'")
        people = [r["id"] for r in rows(db, "SELECT r.id FROM residents r JOIN agent_villages av"
                                            " ON av.village_id = r.village_id JOIN users u ON"
                                            " u.id = av.user_id WHERE u.username = 'agent1'")]
        db.conn.close()
        server = LiveServer(path)
        try:
            with sync_playwright() as playwright:
                context = playwright.chromium.launch_persistent_context(
                    str(Path(folder) / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                    service_workers="allow", viewport={"width": 360, "height": 740})
                page = context.pages[0]
                log_in(page, server.url)
                before = page.evaluate("() => navigator.storage.estimate().then(e => e.usage)")
                started = time.perf_counter()
                page.click("#prepare-start")
                page.wait_for_selector("#prepare-result.ok", timeout=120000)
                prepared = time.perf_counter() - started
                after = page.evaluate("() => navigator.storage.estimate().then(e => e.usage)")
                print(f"prepare offline, 3 villages, {residents:,} residents: {prepared:.1f} s, "
                      f"{after / 1e6:.2f} MB stored ({(after - before) / 1e6:.2f} MB by the "
                      f"download; {page.inner_text('#prepare-result')})")

                context.set_offline(True)
                drafts = [{"kind": "visit", "data": {"resident_id": people[i % len(people)],
                                                     "outcome": "not_home"}}
                          for i in range(WAITING)]
                page.evaluate("drafts => DTN.store.addRecords(DTN.session.user().id, drafts)",
                              drafts)
                pushes = []
                page.on("request", lambda r: pushes.append(r) if "/api/sync/push" in r.url
                        else None)
                context.set_offline(False)
                started = time.perf_counter()
                page.evaluate("() => { DTN.push(); }")
                wait_until(page, "() => DTN.store.countWaiting(DTN.session.user().id)"
                                 ".then(n => n === 0)")
                synced = time.perf_counter() - started
                context.close()
        finally:
            server.stop()
        db = store.connect(path)
        stored = scalar(db, "SELECT count(*) FROM records WHERE device_id IS NOT NULL")
        db.conn.close()
        print(f"{WAITING:,} records waiting in the browser: {len(pushes)} requests, "
              f"{synced:.1f} s to sync; {stored:,} on the server")


if __name__ == "__main__":
    main()
