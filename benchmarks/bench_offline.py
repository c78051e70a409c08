"""The phone's side, in Debian's Chromium under network emulation (CDP
``Network.emulateNetworkConditions``): pulls and pushes as an agent's phone makes them.

Prints, beside the targets of issue 12:
- the first pull of 3 villages / 4,500 residents on Fast 3G (562.5 ms latency, 180.000 B/s down,
  84.375 B/s up): wall time, requests, bytes on the wire (target ≤ 3 s);
- a pull bringing 10 changes on Fast 3G (target: 1 request, ≤ 0.8 s);
- 1,000 waiting visits pushed on Fast 3G (target ≤ 1.5 s) and on 300 ms / 50.000 B/s up
  (target ≤ 1.6 s): wall time, requests, bytes up;
- the bytes the browser then holds for the origin (navigator.storage.estimate).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402
from support import CHROMIUM, CHROMIUM_ARGS, LiveServer  # noqa: E402

from agent_app import demo, store  # noqa: E402
from agent_app.store import corrections, rows, scalar  # noqa: E402

HOUSEHOLDS_PER_VILLAGE = 500   # about 1,500 people per village, 4,500 for agent1's three
WAITING = 1000
FAST_3G = {"latency": 562.5, "downloadThroughput": 180000, "uploadThroughput": 84375}
SLOW_UP = {"latency": 300, "downloadThroughput": 180000, "uploadThroughput": 50000}


def seeded(folder: Path) -> Path:
    path = folder / "bench.sqlite3"
    db = store.connect(path)
    store.migrate(db)
    demo.seed(db, households_per_village=HOUSEHOLDS_PER_VILLAGE)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    return path


def wait_until(page, predicate: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while not page.evaluate(predicate):
        if time.monotonic() > deadline:
            raise TimeoutError(predicate)
        time.sleep(0.02)


def log_in(page, url: str) -> None:
    page.goto(url + "/login")
    page.fill("#username", "agent1")
    page.fill("#password", demo.DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(url + "/")


class Wire:
    """Requests to one API path and their bytes on the wire, from the DevTools protocol."""

    def __init__(self, cdp, path: str):
        self.path, self.ids, self.down, self.up = path, set(), 0, 0
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.loadingFinished", self._done)

    def _sent(self, event) -> None:
        if self.path in event["request"]["url"]:
            self.ids.add(event["requestId"])
            for entry in event["request"].get("postDataEntries", []):
                self.up += len(entry.get("bytes", "")) * 3 // 4    # base64
            if "postDataEntries" not in event["request"]:
                self.up += len(event["request"].get("postData", ""))

    def _done(self, event) -> None:
        if event["requestId"] in self.ids:
            self.down += event["encodedDataLength"]

    def reset(self) -> None:
        self.ids, self.down, self.up = set(), 0, 0


def timed_pull(page) -> float:
    started = time.perf_counter()
    state = page.evaluate("() => DTN.copy.pull(DTN.session.user().id)")
    assert state == "idle", state
    return time.perf_counter() - started


def timed_push(page, people: list[str], cdp, conditions: dict, wire: Wire) -> float:
    cdp.send("Network.emulateNetworkConditions", {"offline": True, **FAST_3G})
    drafts = [{"kind": "visit", "data": {"resident_id": people[i % len(people)],
                                         "outcome": "not_home"}} for i in range(WAITING)]
    page.evaluate("drafts => DTN.store.addRecords(DTN.session.user().id, drafts)", drafts)
    cdp.send("Network.emulateNetworkConditions", {"offline": False, **conditions})
    wire.reset()
    started = time.perf_counter()
    page.evaluate("() => DTN.sync.run(DTN.session.user().id, 'bench')")
    took = time.perf_counter() - started
    assert page.evaluate("() => DTN.store.countWaiting(DTN.session.user().id)") == 0
    return took


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = seeded(Path(folder))
        db = store.connect(path)
        villages = [r["village_id"] for r in rows(
            db, "SELECT village_id FROM agent_villages av JOIN users u ON u.id = av.user_id"
                " WHERE u.username = 'agent1'")]
        marks = ",".join("?" * len(villages))
        residents = scalar(db, f"SELECT count(*) FROM residents WHERE village_id IN ({marks})",
                           villages)
        people = [r["id"] for r in rows(db, f"SELECT id FROM residents WHERE village_id IN"
                                            f" ({marks}) ORDER BY id", villages)]
        server = LiveServer(path)
        try:
            with sync_playwright() as playwright:
                context = playwright.chromium.launch_persistent_context(
                    str(Path(folder) / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                    service_workers="block", viewport={"width": 360, "height": 740})
                page = context.pages[0]
                log_in(page, server.url)
                wait_until(page, "() => DTN.store.copyState().then(s => Boolean(s && s.complete))")
                page.evaluate("() => DTN.prepare.forget()")
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
                pulls = Wire(cdp, "/api/sync/pull")
                cdp.send("Network.emulateNetworkConditions", {"offline": False, **FAST_3G})
                took = timed_pull(page)
                print(f"first pull, {len(villages)} villages, {residents:,} residents, Fast 3G: "
                      f"{took:.2f} s, {len(pulls.ids)} requests, {pulls.down / 1e3:.0f} KB down"
                      f" (target ≤ 3 s)")

                official = scalar(db, "SELECT id FROM users WHERE username = 'official1'")
                for resident_id in people[:10]:
                    corrections.update_details(db, official, resident_id,
                                               {"phone": "0912345678"}, {})
                pulls.reset()
                took = timed_pull(page)
                print(f"a pull with 10 changes, Fast 3G: {took:.2f} s, {len(pulls.ids)} request(s),"
                      f" {pulls.down / 1e3:.1f} KB down (target: 1 request, ≤ 0.8 s)")

                pushes = Wire(cdp, "/api/sync/push")
                for label, conditions, target in (("Fast 3G", FAST_3G, 1.5),
                                                  ("300 ms / 50.000 B/s up", SLOW_UP, 1.6)):
                    took = timed_push(page, people, cdp, conditions, pushes)
                    server_ms = scalar(db, "SELECT sum(duration_ms) FROM (SELECT duration_ms"
                                           " FROM sync_pushes ORDER BY id DESC LIMIT ?)",
                                       (len(pushes.ids),))
                    print(f"push {WAITING:,} visits, {label}: {took:.2f} s, {len(pushes.ids)}"
                          f" request(s), {pushes.up / 1e3:.0f} KB up, {pushes.down / 1e3:.0f} KB"
                          f" down, {server_ms / 1e3:.2f} s of it in the server's transaction"
                          f" (target ≤ {target} s)")
                usage = page.evaluate("() => navigator.storage.estimate().then(e => e.usage)")
                print(f"the browser holds {usage / 1e6:.1f} MB for the origin")
                context.close()
        finally:
            server.stop()
            db.conn.close()


if __name__ == "__main__":
    main()
