"""The agent's screens on the phone, in Debian's Chromium with the service worker on: how long
each screen takes offline and on Fast 3G (CDP ``Network.emulateNetworkConditions``), and offline
search in a village of 1,500 people.

Prints, beside the targets of issue 12:
- offline search in a 1,500-resident village: the search answered by the worker from the copy
  (request to HTML, median and slowest of several queries), then as the agent sees it (typing
  to the list swapped, which includes the checklist's 300 ms pause after the last key)
  (target ≤ 100 ms to results);
- open a resident, tap "Không gặp", back on the checklist, offline and on Fast 3G: each screen
  from the tap to the page loaded (target ≤ 300 ms per screen);
- the home (tallies, counts, due back, renewals priced over every village of the copy) and
  "Cần xử lý", offline: the worker's page, the first time and again (target ≤ 300 ms per
  screen).
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from bench_offline import FAST_3G, log_in, seeded, wait_until  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from support import CHROMIUM, CHROMIUM_ARGS, LiveServer  # noqa: E402

from agent_app import store  # noqa: E402
from agent_app.domain.text import search_key  # noqa: E402
from agent_app.store import rows  # noqa: E402

SEARCH = """async url => {
  const started = performance.now();
  const response = await fetch(url, {headers: {'HX-Request': 'true'}});
  await response.text();
  return performance.now() - started;
}"""

PAGE = """async url => {
  const started = performance.now();
  const html = await (await fetch(url)).text();
  return [performance.now() - started, html.includes('<main id="main" data-from-copy')];
}"""

TYPED = """query => new Promise(resolve => {
  const box = document.getElementById('q');
  let started;
  document.body.addEventListener('htmx:afterSettle', () => resolve(performance.now() - started),
                                 {once: true});
  started = performance.now();
  box.value = query;
  box.dispatchEvent(new Event('input', {bubbles: true}));
})"""


# When the page's HTML was in (from the worker) and when its content was first painted, in ms
# since its navigation started.
PAINTED = """() => [performance.getEntriesByType('navigation')[0].responseEnd,
  (performance.getEntriesByType('paint').find(p => p.name === 'first-contentful-paint') ||
   {startTime: NaN}).startTime]"""


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def walk(page, url: str, village: int, person: dict) -> list[float]:
    """Open the resident's visit form from the checklist, tap "Không gặp", land on the checklist:
    the milliseconds from the tap to each screen loaded, then for the form and the checklist
    when the HTML was in and when it was first painted (from the navigation's start)."""
    resident = person["id"]
    page.goto(f"{url}/villages/{village}?q=" + search_key(person["full_name"]))
    link = page.locator(f"[data-resident-id='{resident}'] a[href^='/visits/new']")
    opened = timed(lambda: (link.click(), page.wait_for_selector("form[data-record-kind=visit]")))
    form = page.evaluate(PAINTED)
    started = time.perf_counter()
    page.click("label.outcome-not_home")
    page.wait_for_url(re.compile(rf"/villages/{village}(\?|#|$)"))   # back to its place
    page.wait_for_selector("#checklist")
    back = (time.perf_counter() - started) * 1000
    return [opened, back, *form, *page.evaluate(PAINTED)]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = seeded(Path(folder))
        db = store.connect(path)
        village = rows(db, "SELECT av.village_id FROM agent_villages av JOIN users u"
                           " ON u.id = av.user_id WHERE u.username = 'agent1'"
                           " ORDER BY av.village_id LIMIT 1")[0]["village_id"]
        people = rows(db, "SELECT id, full_name, phone FROM residents WHERE village_id = ?"
                          " ORDER BY id", (village,))
        db.conn.close()
        server = LiveServer(path)
        try:
            with sync_playwright() as playwright:
                context = playwright.chromium.launch_persistent_context(
                    str(Path(folder) / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                    service_workers="allow", viewport={"width": 360, "height": 740})
                page = context.pages[0]
                log_in(page, server.url)
                page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
                page.reload()
                page.evaluate("() => DTN.prepare.run(() => {})")
                wait_until(page, "() => DTN.store.copyState().then(s => Boolean(s && s.shell))")

                context.set_offline(True)
                page.goto(f"{server.url}/villages/{village}")
                queries = [" ".join(search_key(p["full_name"]).split()[:2]) for p in people[:8]]
                queries += [p["phone"][-4:] for p in people if p["phone"]][:4]
                took = [page.evaluate(SEARCH, f"/villages/{village}?filter=all&q={q}")
                        for q in queries]
                print(f"offline search, {len(people):,} residents, {len(queries)} queries: the"
                      f" worker answers in {statistics.median(took):.0f} ms median,"
                      f" {max(took):.0f} ms slowest (target ≤ 100 ms)")
                typed = [page.evaluate(TYPED, q) for q in queries[:4]]
                print(f"  typing to the list swapped: {statistics.median(typed):.0f} ms median"
                      f" (of which 300 ms is the pause the checklist waits after the last key)")

                for path, name in (("/", "home"), ("/sync", "\"Cần xử lý\"")):
                    answers = [page.evaluate(PAGE, path) for _ in range(5)]
                    assert all(copied for _ms, copied in answers), f"{path} not from the copy"
                    took = [ms for ms, _copied in answers]
                    print(f"offline, {name} from the worker: {took[0]:.0f} ms the first time,"
                          f" {statistics.median(took[1:]):.0f} ms median after"
                          f" (target ≤ 300 ms per screen)")

                for label in ("offline", "Fast 3G"):
                    if label == "Fast 3G":
                        context.set_offline(False)
                        cdp = context.new_cdp_session(page)
                        cdp.send("Network.enable")
                        cdp.send("Network.emulateNetworkConditions",
                                 {"offline": False, **FAST_3G})
                    screens = [walk(page, server.url, village, p) for p in people[20:25]]
                    m = [statistics.median(s[i] for s in screens) for i in range(6)]
                    print(f"{label}: open a resident's visit form {m[0]:.0f} ms to loaded (HTML"
                          f" {m[2]:.0f} ms, painted {m[3]:.0f} ms); tap \"Không gặp\", back on"
                          f" the checklist {m[1]:.0f} ms to loaded (HTML from the worker"
                          f" {m[4]:.0f} ms, painted {m[5]:.0f} ms); medians of {len(screens)},"
                          f" target ≤ 300 ms per screen")
                context.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
