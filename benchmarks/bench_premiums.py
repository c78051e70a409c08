"""How fast quotes are: Python per quote, loading the rules, and premiums.js in Chromium.

Run: .venv/bin/python benchmarks/bench_premiums.py (or `make bench`). Prints figures only.
The browser part is skipped when /usr/bin/chromium or Playwright is missing.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

from agent_app import store
from agent_app.domain import premiums
from agent_app.store import parameters as parameter_store

ROOT = Path(__file__).resolve().parent.parent
CASES = {
    "bhxh 12 months": lambda rules: premiums.quote_bhxh("2025-08-01", 1500000, 12, "poor",
                                                        rules=rules),
    "bhxh 60 months ahead": lambda rules: premiums.quote_bhxh("2025-08-01", 1500000, 60, "poor",
                                                              rules=rules),
    "bhyt position 2": lambda rules: premiums.quote_bhyt("2025-08-01", 2, 12, rules=rules),
}


def per_call(fn, repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = store.connect(Path(folder) / "bench.sqlite3")
        store.migrate(db)
        load = per_call(lambda: parameter_store.load_rules(db), 200)
        print(f"load rules from SQLite: {load * 1e3:.3f} ms")
        rules = parameter_store.load_rules(db)
        data = premiums.page_data(parameter_store.rules_data(db))
        db.conn.close()
    for name, quote in CASES.items():
        print(f"python {name}: {per_call(lambda q=quote: q(rules), 2000) * 1e6:.1f} µs per quote")
    print(f"rules JSON in the page: {len(json.dumps(data, ensure_ascii=False).encode())} bytes")
    browser(data)


def browser(data: dict) -> None:
    if not os.path.exists("/usr/bin/chromium"):
        print("chromium: skipped (no /usr/bin/chromium)")
        return
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("chromium: skipped (no playwright)")
        return
    script = (ROOT / "static" / "js" / "premiums.js").read_text("utf-8")
    timing = """([n, months]) => { const t = performance.now();
      for (let i = 0; i < n; i++) Premiums.quoteBhxh({on: '2025-08-01', income: 1500000,
        months: months, group: 'poor'});
      return (performance.now() - t) / n; }"""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                              args=["--no-sandbox", "--disable-gpu"])
        page = chromium.new_page()
        params = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
        page.set_content(f'<script type="application/json" id="premium-params">{params}</script>')
        page.add_script_tag(content=script)
        for months in (12, 60):
            ms = page.evaluate(timing, [2000, months])
            print(f"chromium bhxh {months} months: {ms * 1e3:.1f} µs per quote")
        chromium.close()


if __name__ == "__main__":
    main()
