"""How long a 10,000-row list takes to import (target: under 10 s), as XLSX and as CSV.

Each run imports into a fresh database, then imports the same file again (every row matched,
nothing changed), the way an office re-sends a list. Then the bounds: how fast a hostile file of
a million rows is refused, and, for the largest file allowed, how long it is read and parsed
(outside any transaction) against how long the whole import takes (the rest holds the write
lock, which agents' pushes wait for).
"""

from __future__ import annotations

import csv
import io
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook

from agent_app import demo, store
from agent_app.domain.identifiers import make_cccd
from agent_app.imports.columns import COLUMNS
from agent_app.imports.importer import ImportFailed, find_layouts, import_list, parse_rows
from agent_app.imports.list_files import MAX_ROWS, sheets
from agent_app.imports.units import load_units
from agent_app.store import places

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from listfiles import repeated_xlsx  # noqa: E402

UNITS = [folder / "shared" / "data" / "admin_units_2025.csv"
         for folder in (ROOT.parent, ROOT.parent.parent)]       # beside main, or a worktree
ROWS = 10_000
COMMUNE = ("31843", "Xã Hồng Dân")
HEADINGS = [column.heading for column in COLUMNS]


def generate(count: int, seed: int = 7) -> list[list]:
    """Households of about three people across 12 hamlets, as a BHXH office would list them."""
    rng = random.Random(seed)
    out: list[list] = []
    household = 0
    while len(out) < count:
        household += 1
        family = rng.choice(demo.FAMILY)
        village = f"Ấp {rng.randrange(1, 13)}"
        head = None
        for position in range(rng.randrange(1, 6)):
            gender = rng.choice(["male", "female"])
            middle = rng.choice(demo.MIDDLE_MALE if gender == "male" else demo.MIDDLE_FEMALE)
            given = rng.choice(demo.GIVEN_MALE if gender == "male" else demo.GIVEN_FEMALE)
            name = f"{family if position != 1 else rng.choice(demo.FAMILY)} {middle} {given}"
            year = rng.randrange(1940, 2020)
            born = date(year, 1, 1) + timedelta(days=rng.randrange(365))
            head = head or name
            out.append([
                name, born.strftime("%d/%m/%Y") if rng.random() > 0.15 else str(year),
                "Nam" if gender == "male" else "Nữ",
                "'" + make_cccd("096", year, gender, len(out)) if rng.random() < 0.8 else "",
                "", f"09{rng.randrange(10**8):08d}" if rng.random() < 0.5 else "", village,
                f"HGD{household:07d}", head, "Chủ hộ" if position == 0 else "Con",
                f"{village}, {COMMUNE[1]}", "Kinh", rng.choice(["Hộ nghèo", "Hộ cận nghèo", ""]),
                "", ""])
    return out[:count]


def as_xlsx(rows: list[list]) -> bytes:
    """Written as Excel writes it (shared strings), not openpyxl's slower-to-read inline text."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADINGS)
    for cells in rows:
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def as_csv(rows: list[list]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(HEADINGS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def fresh_database(folder: Path, name: str):
    db = store.connect(folder / f"{name}.sqlite3")
    store.migrate(db)
    with store.transaction(db):
        places.upsert_province(db, "96", "Cà Mau")
        places.upsert_commune(db, COMMUNE[0], "96", COMMUNE[1])
    return db


def timed(db, data: bytes, name: str):
    """Wall-clock seconds, CPU seconds (what the machine's other work cannot inflate), report."""
    started, cpu = time.perf_counter(), time.process_time()
    report = import_list(db, data, name, COMMUNE[0])
    return time.perf_counter() - started, time.process_time() - cpu, report


def bounds(folder: Path) -> None:
    db = fresh_database(folder, "bounds")
    for label, line in (("rows", ["Nguyễn Văn An", "1990", "Ấp 1"]), ("empty rows", [])):
        data = repeated_xlsx(["Họ và tên", "Năm sinh", "Thôn"], line, 1_000_000)
        started = time.perf_counter()
        try:
            import_list(db, data, "hostile.xlsx", COMMUNE[0], dry_run=True)
            outcome = "ACCEPTED"
        except ImportFailed as error:
            outcome = f"refused: {str(error)[:48]}…"
        print(f"xlsx, 1,000,000 {label} in {len(data) / 1e6:.1f} MB:"
              f" {time.perf_counter() - started:.2f} s, {outcome}")
    data = as_xlsx(generate(MAX_ROWS - 1))
    started = time.perf_counter()
    parsed = [row for layout in find_layouts(sheets(data)) for row in parse_rows(layout)]
    read = time.perf_counter() - started
    started = time.perf_counter()
    import_list(db, data, "largest.xlsx", COMMUNE[0])
    whole = time.perf_counter() - started
    db.conn.close()
    print(f"xlsx, {len(parsed):,} rows (the most allowed): read and parsed in {read:.2f} s"
          f" outside any transaction; whole import {whole:.2f} s, write lock about"
          f" {whole - read:.2f} s")


def main() -> int:
    rows = generate(ROWS)
    slowest = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for kind, data in (("xlsx", as_xlsx(rows)), ("csv", as_csv(rows))):
            db = fresh_database(Path(folder), kind)
            first, first_cpu, report = timed(db, data, f"list.{kind}")
            again, again_cpu, repeat = timed(db, data, f"list.{kind}")
            db.conn.close()
            slowest = max(slowest, first, again)
            print(f"{kind:>4}: {ROWS:,} rows, {len(data) / 1e6:.1f} MB | first import"
                  f" {first:.2f} s (CPU {first_cpu:.2f} s; {ROWS / first:,.0f} rows/s;"
                  f" created {report.created}, merged {report.unchanged + report.updated},"
                  f" skipped {report.skipped_rows}) | re-import {again:.2f} s"
                  f" (CPU {again_cpu:.2f} s; unchanged {repeat.unchanged})")
        units = next((path for path in UNITS if path.exists()), None)
        if units:
            db = fresh_database(Path(folder), "units")
            started = time.perf_counter()
            counts = load_units(db, units.read_text("utf-8-sig"))
            print(f"load-units: {counts['provinces']} provinces, {counts['communes']:,} communes"
                  f" in {time.perf_counter() - started:.2f} s")
            db.conn.close()
        else:
            print("load-units: admin_units_2025.csv not found beside the project; skipped")
        bounds(Path(folder))
    target = 10.0
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores;"
          f" slowest {slowest:.2f} s; target under {target:.0f} s:"
          f" {'met' if slowest < target else 'MISSED'}")
    return 0 if slowest < target else 1


if __name__ == "__main__":
    sys.exit(main())
