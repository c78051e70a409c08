"""A generated province for bench_province.py: communes, villages, people, agents and 30 days of
field work, written with executemany in large transactions (fast, not through ingest).

At scale 1: 100 communes of 30 villages, 1,000,000 residents (one village of 1,500, the rest
about 333 each) in households of three or four, 1,000 agents with 3 villages each, and per agent
and day 3 pushes of 10 records (9 visits, 1 household BHYT sign-up), for the 30 days ending
``last_day``.
A commune official of the first commune and a supervisor of the first 20 communes log in.
"""

from __future__ import annotations

import functools
import json
import random
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from werkzeug.security import generate_password_hash

from agent_app.demo import _People
from agent_app.domain.formatting import VIETNAM
from agent_app.domain.text import name_sort_key, search_key
from agent_app.store import scalar, transaction

PROVINCE = ("96", "Cà Mau")
VILLAGES_PER_COMMUNE = 30
BIG_VILLAGE = 1_500
DAYS = 30
PUSHES_PER_DAY = 3
RECORDS_PER_PUSH = 10
SUPERVISED_COMMUNES = 20
PASSWORD = "province-bench"
OUTCOMES = ["not_home"] * 30 + ["considering"] * 24 + ["refused"] * 14 + ["enrolled"] * 10
REASONS = ["low_income", "irregular_income", "distrust_rumour", "lost_state_support"]
STAMP = "%Y-%m-%dT%H:%M:%SZ"


@dataclass
class Province:
    communes: list[str]
    villages: list[int]
    big_village: int
    agents: list[int]               # user ids, agent i works villages 3i..3i+2
    agent_villages: dict[int, list[int]]
    devices: dict[int, str]
    residents: int
    records: int


def sizes(scale: float) -> dict:
    communes = max(1, round(100 * scale))
    villages = communes * VILLAGES_PER_COMMUNE
    return {"communes": communes, "villages": villages,
            "residents": max(BIG_VILLAGE + villages, round(1_000_000 * scale)),
            "agents": villages // 3}


def _many(db, table: str, values: list[dict]) -> None:
    if not values:
        return
    columns = list(values[0])
    db.conn.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        [tuple(v[c] for c in columns) for v in values])


@functools.cache
def _keys(full_name: str) -> tuple[str, str]:
    return search_key(full_name), name_sort_key(full_name)


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def generate(db, scale: float, last_day: date, rng: random.Random) -> Province:
    """Fill an empty, migrated database; returns what the benchmark needs to find."""
    size = sizes(scale)
    db.conn.execute("PRAGMA cache_size = -1000000")
    db.conn.execute("PRAGMA synchronous = OFF")
    now = f"{last_day - timedelta(days=DAYS + 30)}T00:00:00Z"
    with transaction(db):
        db.conn.execute("INSERT INTO provinces (code, name) VALUES (?, ?)", PROVINCE)
        communes = [f"{31000 + n:05d}" for n in range(size["communes"])]
        _many(db, "communes", [{"code": code, "province_code": PROVINCE[0],
                                "name": f"Xã Số {n + 1}", "bhxh_office": "BHXH cơ sở",
                                "population": None} for n, code in enumerate(communes)])
        villages = []
        for code in communes:
            for n in range(1, VILLAGES_PER_COMMUNE + 1):
                villages.append({"id": len(villages) + 1, "commune_code": code,
                                 "name": f"Ấp {n}", "search_key": f"ap {n}",
                                 "population": None})
        _many(db, "villages", villages)
        village_ids = [v["id"] for v in villages]
    residents_by_village = _people(db, village_ids, size["residents"], now, rng)
    province = _accounts(db, communes, village_ids, size["agents"], now, rng)
    province.residents = sum(len(people) for people in residents_by_village.values())
    province.records = _field_work(db, province, residents_by_village, last_day, rng)
    db.conn.execute("ANALYZE")
    return province


def _people(db, village_ids: list[int], total: int, now: str,
            rng: random.Random) -> dict[int, list[str]]:
    """Households of three or four per village; the first village holds 1,500 people."""
    people = _People(rng)
    per_village, extra = divmod(total - BIG_VILLAGE, max(1, len(village_ids) - 1))
    found: dict[int, list[str]] = {}
    households, residents = [], []
    for index, village_id in enumerate(village_ids):
        wanted = BIG_VILLAGE if index == 0 else per_village + (index <= extra)
        found[village_id] = []
        while len(found[village_id]) < wanted:
            members = people.household()[:wanted - len(found[village_id])]
            household_id = _uuid(rng)
            households.append({"id": household_id, "village_id": village_id,
                               "household_code": f"96{rng.randrange(10**8):08d}",
                               "head_name": members[0]["full_name"],
                               "address": f"Ấp {index % VILLAGES_PER_COMMUNE + 1}",
                               "created_at": now, "updated_at": now})
            for member in members:
                key, sort = _keys(member["full_name"])
                residents.append({**member, "household_id": household_id,
                                  "village_id": village_id, "search_key": key, "sort_key": sort,
                                  "created_at": now, "updated_at": now})
                found[village_id].append(member["id"])
        if len(residents) > 100_000 or index == len(village_ids) - 1:
            with transaction(db):
                _many(db, "households", households)
                _many(db, "residents", residents)
            households, residents = [], []
    return found


def _accounts(db, communes: list[str], village_ids: list[int], agents: int, now: str,
              rng: random.Random) -> Province:
    # A cheap hash: 1,000 logins must not each cost a full scrypt in the benchmark.
    password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
    users, assigned, scopes = [], [], []
    agent_villages: dict[int, list[int]] = {}
    for n in range(agents):
        user_id = n + 1
        users.append({"id": user_id, "username": f"agent{n + 1:04d}",
                      "password_hash": password_hash, "role": "agent",
                      "display_name": f"Nhân viên {n + 1:04d}", "created_at": now,
                      "session_token": secrets.token_hex(16)})
        agent_villages[user_id] = village_ids[3 * n:3 * n + 3]
        assigned += [{"user_id": user_id, "village_id": v} for v in agent_villages[user_id]]
    for username, role, codes in (("official", "commune_official", communes[:1]),
                                  ("supervisor", "supervisor", communes[:SUPERVISED_COMMUNES])):
        user_id = len(users) + 1
        users.append({"id": user_id, "username": username, "password_hash": password_hash,
                      "role": role, "display_name": username.title(), "created_at": now,
                      "session_token": secrets.token_hex(16)})
        scopes += [{"user_id": user_id, "commune_code": code} for code in codes]
    with transaction(db):
        _many(db, "users", users)
        _many(db, "agent_villages", assigned)
        _many(db, "user_communes", scopes)
    devices = {user_id: _uuid(rng) for user_id in agent_villages}
    return Province(communes, village_ids, village_ids[0], list(agent_villages), agent_villages,
                    devices, 0, 0)


def _field_work(db, province: Province, residents: dict[int, list[str]], last_day: date,
                rng: random.Random) -> int:
    """Per agent and day: pushes in the afternoon and evening, each with its records."""
    total = 0
    push_id = 0
    for back in range(DAYS - 1, -1, -1):
        day = last_day - timedelta(days=back)
        pushes, records, visits, enrolments = [], [], [], []
        for user_id in province.agents:
            villages = province.agent_villages[user_id]
            device = province.devices[user_id]
            seq = (DAYS - 1 - back) * PUSHES_PER_DAY * RECORDS_PER_PUSH
            per_push = RECORDS_PER_PUSH
            for p in range(PUSHES_PER_DAY):
                push_id += 1
                received = datetime.combine(day, time(14 + 3 * p, rng.randrange(60)), VIETNAM)
                pushes.append({"id": push_id, "user_id": user_id, "device_id": device,
                               "app_version": "1.0.0", "received_at": _utc(received),
                               "duration_ms": 40.0, "records": per_push,
                               "accepted": per_push, "duplicate": 0, "conflict": 0,
                               "rejected": 0, "seq_min": seq + 1, "seq_max": seq + per_push,
                               "pending_reported": 0})
                for r in range(per_push):
                    seq += 1
                    made = received - timedelta(minutes=5 * (per_push - r))
                    village_id = rng.choice(villages)
                    resident_id = rng.choice(residents[village_id])
                    kind = "enrolment" if r == per_push - 1 else "visit"
                    record_id = _uuid(rng)
                    data = _visit_data(rng, resident_id, day) if kind == "visit" else {
                        "resident_id": resident_id, "scheme": "bhyt_hgd", "months": 12}
                    records.append({
                        "id": record_id, "kind": kind, "created_at": made.isoformat(),
                        "created_at_utc": _utc(made), "data": json.dumps(data),
                        "content_hash": f"{rng.getrandbits(256):064x}", "user_id": user_id,
                        "device_id": device, "seq": seq, "received_at": _utc(received),
                        "resident_id": resident_id, "village_id": village_id,
                        "corrects": None, "push_id": push_id})
                    if kind == "visit":
                        visits.append({
                            "record_id": record_id, "resident_id": resident_id,
                            "village_id": village_id, "user_id": user_id,
                            "visited_at": _utc(made), "visited_on": day.isoformat(),
                            "outcome": data["outcome"], "reasons": json.dumps(data["reasons"]),
                            "follow_up_on": data["follow_up_on"]})
                    else:
                        enrolments.append({
                            "record_id": record_id, "resident_id": resident_id,
                            "village_id": village_id, "user_id": user_id,
                            "enrolled_at": _utc(made), "enrolled_on": day.isoformat(),
                            "scheme": "bhyt_hgd", "months": 12, "amount": 1_263_600,
                            "quoted_amount": 1_263_600, "receipt_no": f"BL{seq:06d}",
                            "receipt_date": day.isoformat()})
        with transaction(db):
            for table, values in (("sync_pushes", pushes), ("records", records),
                                  ("visits", visits), ("enrolments", enrolments)):
                _many(db, table, values)
        total += len(records)
    last_seq = DAYS * PUSHES_PER_DAY * RECORDS_PER_PUSH
    with transaction(db):
        _many(db, "devices", [{"id": device, "user_id": user_id, "first_seen": "2026-01-01",
                               "last_seen": f"{last_day}T12:00:00Z", "app_version": "1.0.0",
                               "max_seq": last_seq, "last_pending": 0}
                              for user_id, device in province.devices.items()])
    return total


def _visit_data(rng: random.Random, resident_id: str, day: date) -> dict:
    outcome = rng.choice(OUTCOMES)
    return {"resident_id": resident_id, "outcome": outcome,
            "reasons": [rng.choice(REASONS)] if outcome == "refused" else [],
            "follow_up_on": (day + timedelta(days=rng.randrange(1, 10))).isoformat()
            if outcome == "considering" else None}


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(STAMP)


def describe(db) -> Province:
    """The Province of a database generated earlier (a kept benchmark database)."""
    agent_villages: dict[int, list[int]] = {}
    for found in db.conn.execute("SELECT av.user_id, av.village_id FROM agent_villages av"
                                 " JOIN users u ON u.id = av.user_id WHERE u.role = 'agent'"
                                 " ORDER BY av.user_id, av.village_id"):
        agent_villages.setdefault(found[0], []).append(found[1])
    devices = dict(db.conn.execute("SELECT user_id, id FROM devices WHERE app_version = '1.0.0'"))
    villages = [r[0] for r in db.conn.execute("SELECT id FROM villages ORDER BY id")]
    return Province([r[0] for r in db.conn.execute("SELECT code FROM communes ORDER BY code")],
                    villages, villages[0], list(agent_villages), agent_villages, devices,
                    scalar(db, "SELECT count(*) FROM residents"),
                    scalar(db, "SELECT count(*) FROM records"))
