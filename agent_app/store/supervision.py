"""What a supervisor reads about a day: each agent's syncs, records and money, and the alerts.

Every query takes the agents in scope as a JSON list (``json_each``) and groups by agent, so a
day with hundreds of agents costs a handful of indexed queries, not one per agent.
A Vietnam day D runs from (D-1) 17:00 UTC to D 17:00 UTC; stored UTC text compares as time.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta

from sqlite_utils import Database

from ..domain.clock import VIETNAM
from ..domain.text import name_sort_key
from . import integers, jsontext, rows

AGENTS = integers(":agents")


def utc_bounds(day: date) -> tuple[str, str]:
    """The UTC instants where a Vietnam day starts and ends (end excluded)."""
    start = datetime.combine(day, time(0), VIETNAM).astimezone(UTC)
    end = start + timedelta(days=1)
    return start.strftime("%Y-%m-%dT%H:%M:%SZ"), end.strftime("%Y-%m-%dT%H:%M:%SZ")


def minus(stamp: str, *, hours: float = 0, minutes: float = 0) -> str:
    """A stored UTC stamp moved back in time, in the same text form."""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    moment -= timedelta(hours=hours, minutes=minutes)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def scope_agents(db: Database, commune_codes: set[str]) -> list[dict]:
    """Agents with at least one village in these communes, by given name.

    An agent's whole day is shown even when one of their villages lies outside the scope: a
    phone syncs as one, and splitting its pushes by village would make the counts lie.
    """
    found = rows(db, """
        SELECT u.id, u.username, u.display_name, u.active,
               group_concat(DISTINCT c.name) AS communes,
               json_group_array(DISTINCT v.commune_code) AS commune_codes
        FROM users u
        JOIN agent_villages av ON av.user_id = u.id
        JOIN villages v ON v.id = av.village_id
        JOIN communes c ON c.code = v.commune_code
        WHERE u.role = 'agent' AND v.commune_code IN (SELECT value FROM json_each(:codes))
        GROUP BY u.id""", {"codes": json.dumps(sorted(commune_codes))})
    for agent in found:
        agent["communes"] = ", ".join(sorted(agent["communes"].split(",")))
        agent["commune_codes"] = json.loads(agent["commune_codes"])
    return sorted(found, key=lambda a: (name_sort_key(a["display_name"]), a["username"]))


def _agents(agents: list[dict]) -> str:
    return json.dumps([a["id"] for a in agents])


def day_results(db: Database, agents: list[dict], day: date) -> dict[int, dict]:
    """Per agent id: the day's pushes, devices, records received by kind, open gaps, and the
    visits, sign-ups and money made that day (by the time on the record)."""
    start, end = utc_bounds(day)
    params = {"agents": _agents(agents), "start": start, "end": end, "day": day.isoformat()}
    results = {a["id"]: _empty_result() for a in agents}
    for found in rows(db, f"""
            SELECT user_id, count(*) AS syncs, min(received_at) AS first_sync,
                   max(received_at) AS last_sync, sum(accepted) AS accepted,
                   sum(duplicate) AS duplicate, sum(conflict) AS conflict,
                   sum(rejected) AS rejected
            FROM sync_pushes WHERE user_id IN {AGENTS}
              AND received_at >= :start AND received_at < :end
            GROUP BY user_id""", params):
        results[found.pop("user_id")].update(found)
    for device in _devices_of_day(db, params):
        result = results[device["user_id"]]
        result["devices"].append(device)
        if device["pending_reported"] is not None:
            result["pending"] = (result["pending"] or 0) + device["pending_reported"]
    for found in rows(db, f"""
            SELECT user_id, kind, count(*) AS n FROM records
            WHERE user_id IN {AGENTS} AND received_at >= :start AND received_at < :end
            GROUP BY user_id, kind""", params):
        results[found["user_id"]]["received"][found["kind"]] = found["n"]
    for found in rows(db, f"""
            SELECT user_id, sum(to_seq - from_seq + 1) AS missing FROM seq_gaps
            WHERE user_id IN {AGENTS} AND detected_at < :end
              AND (filled_at IS NULL OR filled_at >= :end)
            GROUP BY user_id""", params):
        results[found["user_id"]]["gap_records"] = found["missing"]
    for found in rows(db, f"""
            SELECT user_id, count(*) AS n FROM visits
            WHERE user_id IN {AGENTS} AND visited_on = :day AND superseded_by IS NULL
            GROUP BY user_id""", params):
        results[found["user_id"]]["visits"] = found["n"]
    for found in rows(db, f"""
            SELECT user_id, count(*) AS n, sum(amount) AS amount,
                   count(*) FILTER (WHERE quoted_amount IS NOT NULL
                                    AND amount <> quoted_amount) AS mismatches
            FROM enrolments
            WHERE user_id IN {AGENTS} AND enrolled_on = :day AND superseded_by IS NULL
            GROUP BY user_id""", params):
        result = results[found["user_id"]]
        result.update(enrolments=found["n"], amount=found["amount"],
                      amount_mismatches=found["mismatches"])
    return results


def _empty_result() -> dict:
    return {"syncs": 0, "first_sync": None, "last_sync": None, "accepted": 0, "duplicate": 0,
            "conflict": 0, "rejected": 0, "pending": None, "devices": [], "received": {},
            "gap_records": 0, "visits": 0, "enrolments": 0, "amount": 0, "amount_mismatches": 0}


def _devices_of_day(db: Database, params: dict) -> list[dict]:
    """Each device's last push of the day: its app version and what it still held."""
    return rows(db, f"""
        SELECT user_id, device_id, app_version, pending_reported, received_at FROM (
            SELECT p.*, row_number() OVER (PARTITION BY user_id, device_id
                                           ORDER BY received_at DESC, id DESC) AS n
            FROM sync_pushes p WHERE user_id IN {AGENTS}
              AND received_at >= :start AND received_at < :end) AS ranked
        WHERE n = 1 ORDER BY user_id, received_at""", params)


def last_syncs(db: Database, agents: list[dict]) -> dict[int, str]:
    """When each agent's phones last reached the server, from pushes or the device list."""
    found = rows(db, f"""
        SELECT user_id, max(at) AS at FROM (
            SELECT user_id, max(received_at) AS at FROM sync_pushes
            WHERE user_id IN {AGENTS} GROUP BY user_id
            UNION ALL
            SELECT user_id, max(last_seen) FROM devices WHERE user_id IN {AGENTS} GROUP BY user_id
        ) AS seen GROUP BY user_id""", {"agents": _agents(agents)})
    return {r["user_id"]: r["at"] for r in found}


def no_sync_alerts(db: Database, agents: list[dict], now: str, hours: float) -> list[dict]:
    """Active agents whose phones have not synced within ``hours``, never-synced first."""
    last = last_syncs(db, agents)
    since = minus(now, hours=hours)
    stale = [{"agent": a, "last_sync": last.get(a["id"])} for a in agents
             if a["active"] and (last.get(a["id"]) or "") < since]
    return sorted(stale, key=lambda s: s["last_sync"] or "")


def stuck_outbox_alerts(db: Database, agents: list[dict], now: str, minutes: float) -> list[dict]:
    """Devices whose last sync said records were still waiting, silent since (past a grace)."""
    return rows(db, f"""
        SELECT d.id AS device_id, d.user_id, d.last_seen, d.last_pending, d.app_version
        FROM devices d WHERE d.user_id IN {AGENTS} AND d.last_pending > 0
          AND d.last_seen < :since
        ORDER BY d.last_seen""", {"agents": _agents(agents), "since": minus(now, minutes=minutes)})


def open_gap_alerts(db: Database, agents: list[dict]) -> list[dict]:
    """Holes in a device's seq numbers whose records never arrived."""
    return rows(db, f"""
        SELECT id, device_id, user_id, from_seq, to_seq, to_seq - from_seq + 1 AS missing,
               detected_at
        FROM seq_gaps WHERE user_id IN {AGENTS} AND filled_at IS NULL
        ORDER BY detected_at""", {"agents": _agents(agents)})


def amount_alerts(db: Database, agents: list[dict], day: date) -> list[dict]:
    """Sign-ups made that day whose collected amount is not the server's recomputed quote."""
    return rows(db, f"""
        SELECT e.record_id, e.user_id, e.scheme, e.months, e.amount, e.quoted_amount,
               e.enrolled_at, r.full_name AS resident_name, v.name AS village_name
        FROM enrolments e JOIN residents r ON r.id = e.resident_id
        JOIN villages v ON v.id = e.village_id
        WHERE e.user_id IN {AGENTS} AND e.enrolled_on = :day AND e.superseded_by IS NULL
          AND e.quoted_amount IS NOT NULL AND e.amount <> e.quoted_amount
        ORDER BY e.enrolled_at""", {"agents": _agents(agents), "day": day.isoformat()})


def no_receipt_alerts(db: Database, agents: list[dict], day: date) -> list[dict]:
    """Sign-ups made that day with no receipt number: the agent ticked "chưa có biên lai" (or
    the record came from a page made before the form asked)."""
    return rows(db, f"""
        SELECT e.record_id, e.user_id, e.scheme, e.amount, e.enrolled_at,
               r.full_name AS resident_name, v.name AS village_name
        FROM enrolments e JOIN residents r ON r.id = e.resident_id
        JOIN villages v ON v.id = e.village_id
        WHERE e.user_id IN {AGENTS} AND e.enrolled_on = :day AND e.superseded_by IS NULL
          AND coalesce(trim(e.receipt_no), '') = ''
        ORDER BY e.enrolled_at""", {"agents": _agents(agents), "day": day.isoformat()})


def agent_pushes(db: Database, user_id: int, day: date) -> list[dict]:
    """An agent's sync log for a day, oldest first."""
    start, end = utc_bounds(day)
    return rows(db, "SELECT * FROM sync_pushes WHERE user_id = ? AND received_at >= ?"
                    " AND received_at < ? ORDER BY received_at, id", (user_id, start, end))


def agent_records(db: Database, user_id: int, day: date) -> list[dict]:
    """Records the server received from an agent that day, with whom and where they are about."""
    start, end = utc_bounds(day)
    found = rows(db, """
        SELECT rec.id, rec.kind, rec.created_at, rec.created_at_utc, rec.received_at,
               rec.device_id, rec.seq, rec.corrects, rec.data,
               r.full_name AS resident_name, v.name AS village_name
        FROM records rec LEFT JOIN residents r ON r.id = rec.resident_id
        LEFT JOIN villages v ON v.id = rec.village_id
        WHERE rec.user_id = ? AND rec.received_at >= ? AND rec.received_at < ?
        ORDER BY rec.received_at, rec.seq""", (user_id, start, end))
    for record in found:
        record["data"] = jsontext.loads(record["data"], default={})
    return found


def agent_visits(db: Database, user_id: int, day: date) -> list[dict]:
    """Visits made that day by the time on the record (corrected ones left out)."""
    return rows(db, """
        SELECT vi.record_id, vi.visited_at, vi.outcome, r.full_name AS resident_name,
               v.name AS village_name
        FROM visits vi JOIN residents r ON r.id = vi.resident_id
        JOIN villages v ON v.id = vi.village_id
        WHERE vi.user_id = ? AND vi.visited_on = ? AND vi.superseded_by IS NULL
        ORDER BY vi.visited_at""", (user_id, day.isoformat()))


def agent_enrolments(db: Database, user_id: int, day: date) -> list[dict]:
    """Sign-ups made that day, with the amount collected beside the server's quote."""
    return rows(db, """
        SELECT e.record_id, e.enrolled_at, e.scheme, e.months, e.amount, e.quoted_amount,
               e.receipt_no, r.full_name AS resident_name, v.name AS village_name
        FROM enrolments e JOIN residents r ON r.id = e.resident_id
        JOIN villages v ON v.id = e.village_id
        WHERE e.user_id = ? AND e.enrolled_on = ? AND e.superseded_by IS NULL
        ORDER BY e.enrolled_at""", (user_id, day.isoformat()))


def agent_devices(db: Database, user_id: int) -> list[dict]:
    return rows(db, "SELECT * FROM devices WHERE user_id = ? ORDER BY last_seen DESC", (user_id,))


def agent_gaps(db: Database, user_id: int, day: date) -> list[dict]:
    """Gaps seen up to the end of the day: open ones, and those filled since."""
    _start, end = utc_bounds(day)
    return rows(db, "SELECT *, to_seq - from_seq + 1 AS missing FROM seq_gaps"
                    " WHERE user_id = ? AND detected_at < ? ORDER BY detected_at DESC",
                (user_id, end))

