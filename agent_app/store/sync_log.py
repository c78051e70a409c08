"""The sync log's write side: pushes, the devices that made them, and holes in their seq numbers.

A gap is a run of seq numbers that a device has gone past without the server seeing them: records
that left the phone's outbox without arriving. Rejected and conflicting records count as arrived
(the server saw them, kept aside in ``sync_issues``). A gap is marked filled when its records
arrive after all; a partly filled gap shrinks to the runs still missing.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from . import insert, row, rows, utc_now

STATUSES = ("accepted", "duplicate", "conflict", "rejected")


def start_push(db: Database, user_id: int, device_id: str, app_version: str | None,
               pending: int | None) -> int:
    """Open the push's log row first: the records stored in the batch point at it."""
    return insert(db, "sync_pushes", {
        "user_id": user_id, "device_id": device_id, "app_version": app_version,
        "received_at": utc_now(), "pending_reported": pending,
    })


def finish_push(db: Database, push_id: int, statuses: list[str], seqs: list[int],
                duration_ms: float) -> None:
    """Counts per status, the seq range the batch carried and how long it took."""
    counts = {status: statuses.count(status) for status in STATUSES}
    db.conn.execute(
        "UPDATE sync_pushes SET records = :records, accepted = :accepted,"
        " duplicate = :duplicate, conflict = :conflict, rejected = :rejected,"
        " seq_min = :seq_min, seq_max = :seq_max, duration_ms = :duration_ms WHERE id = :id",
        {**counts, "records": len(statuses), "seq_min": min(seqs, default=None),
         "seq_max": max(seqs, default=None), "duration_ms": round(duration_ms, 1),
         "id": push_id})


def device_max_seq(db: Database, device_id: str) -> int:
    found = row(db, "SELECT max_seq FROM devices WHERE id = ?", (device_id,))
    return found["max_seq"] if found else 0


def upsert_device(db: Database, device_id: str, user_id: int, app_version: str | None,
                  pending: int | None, max_seq: int) -> None:
    """The device as last seen: who used it, which version, how far its seq numbers went."""
    now = utc_now()
    db.conn.execute(
        "INSERT INTO devices (id, user_id, first_seen, last_seen, app_version, max_seq,"
        " last_pending) VALUES (:id, :user_id, :now, :now, :app_version, :max_seq, :pending)"
        " ON CONFLICT(id) DO UPDATE SET user_id = excluded.user_id, last_seen = excluded.last_seen,"
        " app_version = coalesce(excluded.app_version, devices.app_version),"
        " max_seq = CASE WHEN excluded.max_seq > devices.max_seq THEN excluded.max_seq"
        " ELSE devices.max_seq END, last_pending = excluded.last_pending",
        {"id": device_id, "user_id": user_id, "now": now, "app_version": app_version,
         "max_seq": max_seq, "pending": pending})


def note_arrivals(db: Database, device_id: str, user_id: int, seqs: Iterable[int],
                  previous_max: int) -> None:
    """Record the gaps this batch opens past ``previous_max`` and close those it fills."""
    arrived = set(seqs)
    if not arrived:
        return
    now = utc_now()
    for start, end in _missing_runs(arrived, previous_max + 1, max(arrived)):
        insert(db, "seq_gaps", {"device_id": device_id, "user_id": user_id, "from_seq": start,
                                "to_seq": end, "detected_at": now})
    late = sorted(s for s in arrived if s <= previous_max)
    if late:
        _fill_gaps(db, device_id, late, now)


def _fill_gaps(db: Database, device_id: str, late: list[int], now: str) -> None:
    gaps = rows(db, "SELECT * FROM seq_gaps WHERE device_id = ? AND filled_at IS NULL"
                    " AND to_seq >= ? AND from_seq <= ?", (device_id, late[0], late[-1]))
    for gap in gaps:
        inside = {s for s in late if gap["from_seq"] <= s <= gap["to_seq"]}
        if not inside:
            continue
        still_missing = _missing_runs(inside, gap["from_seq"], gap["to_seq"])
        if not still_missing:
            db.conn.execute("UPDATE seq_gaps SET filled_at = ? WHERE id = ?", (now, gap["id"]))
            continue
        (start, end), *others = still_missing
        db.conn.execute("UPDATE seq_gaps SET from_seq = ?, to_seq = ? WHERE id = ?",
                        (start, end, gap["id"]))
        for start, end in others:
            insert(db, "seq_gaps", {"device_id": device_id, "user_id": gap["user_id"],
                                    "from_seq": start, "to_seq": end,
                                    "detected_at": gap["detected_at"]})


def _missing_runs(present: set[int], first: int, last: int) -> list[tuple[int, int]]:
    """The runs of numbers in first..last (inclusive) not in ``present``, in order."""
    runs, expected = [], first
    for number in sorted(n for n in present if first <= n <= last):
        if number > expected:
            runs.append((expected, number - 1))
        expected = number + 1
    if expected <= last:
        runs.append((expected, last))
    return runs
