"""A supervisor's day built row by row: six agents, each with one thing to notice (or none).

Day 14/03/2025, looked at 17:00 Vietnam time (10:00 UTC):
- agent1 (Trần Thị Mai): two clean syncs; 5 visits received, one of them made the evening
  before; 1 sign-up at the right amount.
- agent2 (Lê Văn Hùng): synced once in the morning with 3 records still waiting, silent since.
- gapagent (Nguyễn Văn Đức): seq 4–6 never arrived.
- conflictagent (Phạm Thị Hoa): a record sent twice with other content, and one rejected.
- cashagent (Võ Văn Tài): a sign-up whose amount is not the server's quote.
- ghost (Đặng Thị Yến): assigned to a hamlet, never synced.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime

from agent_app.store import insert, scalar, transaction
from agent_app.store import users as user_store
from sync.ingest import ingest
from sync.kinds import Actor

DAY = date(2025, 3, 14)
NOW = "2025-03-14T10:00:00Z"
HONG_DAN, NINH_QUOI = "31843", "31849"


def utc(vietnam: str) -> str:
    """'2025-03-14T08:30' in Vietnam time as stored UTC text."""
    moment = datetime.fromisoformat(vietnam + ":00+07:00")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class DayBuilder:
    def __init__(self, db):
        self.db = db
        self.users: dict[str, int] = {}
        self.devices: dict[str, str] = {}

    def village(self, commune: str, index: int = 0) -> int:
        return scalar(self.db, "SELECT id FROM villages WHERE commune_code = ? ORDER BY id"
                               f" LIMIT 1 OFFSET {index}", (commune,))

    def resident(self, village_id: int, index: int = 0) -> str:
        return scalar(self.db, "SELECT id FROM residents WHERE village_id = ? ORDER BY id"
                               f" LIMIT 1 OFFSET {index}", (village_id,))

    def agent(self, username: str, name: str | None, commune: str) -> int:
        user = user_store.get_user_by_name(self.db, username)
        if user is None:
            user_id = user_store.create_user(self.db, username, "demo1234", "agent", name)
            user_store.assign_villages(self.db, user_id, [self.village(commune)])
        else:
            user_id = user["id"]
        self.users[username] = user_id
        return user_id

    def device(self, username: str, last_seen: str, *, pending: int = 0, max_seq: int = 0,
               version: str = "1.4.0") -> str:
        device_id = str(uuid.uuid4())
        self.devices[username] = device_id
        insert(self.db, "devices", {
            "id": device_id, "user_id": self.users[username], "first_seen": "2025-03-01T01:00:00Z",
            "last_seen": last_seen, "app_version": version, "max_seq": max_seq,
            "last_pending": pending})
        return device_id

    def push(self, username: str, at: str, *, accepted: int = 0, duplicate: int = 0,
             conflict: int = 0, rejected: int = 0, seq: tuple[int, int] | None = None,
             pending: int = 0, version: str = "1.4.0") -> int:
        return insert(self.db, "sync_pushes", {
            "user_id": self.users[username], "device_id": self.devices[username],
            "app_version": version, "received_at": at, "duration_ms": 120.0,
            "records": accepted + duplicate + conflict + rejected, "accepted": accepted,
            "duplicate": duplicate, "conflict": conflict, "rejected": rejected,
            "seq_min": seq[0] if seq else None, "seq_max": seq[1] if seq else None,
            "pending_reported": pending})

    def record(self, username: str, kind: str, resident_id: str, made: str, push_id: int,
               seq: int, data: dict) -> str:
        record_id = str(uuid.uuid4())
        village_id = scalar(self.db, "SELECT village_id FROM residents WHERE id = ?",
                            (resident_id,))
        received = scalar(self.db, "SELECT received_at FROM sync_pushes WHERE id = ?", (push_id,))
        insert(self.db, "records", {
            "id": record_id, "kind": kind, "created_at": made + ":00+07:00",
            "created_at_utc": utc(made), "data": json.dumps({"resident_id": resident_id, **data}),
            "content_hash": "test-" + record_id, "user_id": self.users[username],
            "device_id": self.devices[username], "seq": seq, "received_at": received,
            "resident_id": resident_id, "village_id": village_id, "push_id": push_id})
        return record_id

    def visit(self, username: str, resident_id: str, made: str, push_id: int, seq: int,
              outcome: str = "considering") -> str:
        record_id = self.record(username, "visit", resident_id, made, push_id, seq,
                                {"outcome": outcome})
        insert(self.db, "visits", {
            "record_id": record_id, "resident_id": resident_id,
            "village_id": scalar(self.db, "SELECT village_id FROM residents WHERE id = ?",
                                 (resident_id,)),
            "user_id": self.users[username], "visited_at": utc(made),
            "visited_on": made[:10], "outcome": outcome})
        return record_id

    def enrolment(self, username: str, resident_id: str, made: str, push_id: int, seq: int,
                  amount: int, quoted: int) -> str:
        record_id = self.record(username, "enrolment", resident_id, made, push_id, seq,
                                {"scheme": "bhyt_hgd", "months": 12, "amount": amount})
        insert(self.db, "enrolments", {
            "record_id": record_id, "resident_id": resident_id,
            "village_id": scalar(self.db, "SELECT village_id FROM residents WHERE id = ?",
                                 (resident_id,)),
            "user_id": self.users[username], "enrolled_at": utc(made),
            "enrolled_on": made[:10], "scheme": "bhyt_hgd", "months": 12, "position": 1,
            "amount": amount, "quoted_amount": quoted, "receipt_no": "BL-001"})
        return record_id


def build_day(db) -> DayBuilder:
    """The day described above; returns the builder, which knows the ids it made."""
    day = DayBuilder(db)
    hong_dan, ninh_quoi = day.village(HONG_DAN), day.village(NINH_QUOI)
    with transaction(db):
        day.agent("agent1", None, HONG_DAN)
        day.agent("agent2", None, NINH_QUOI)
        day.agent("gapagent", "Nguyễn Văn Đức", NINH_QUOI)
        day.agent("conflictagent", "Phạm Thị Hoa", HONG_DAN)
        day.agent("cashagent", "Võ Văn Tài", HONG_DAN)
        day.agent("ghost", "Đặng Thị Yến", HONG_DAN)

        day.device("agent1", utc("2025-03-14T16:30"), max_seq=6)
        first = day.push("agent1", utc("2025-03-14T08:30"), accepted=3, seq=(1, 3))
        day.visit("agent1", day.resident(hong_dan, 0), "2025-03-13T20:00", first, 1)
        day.visit("agent1", day.resident(hong_dan, 1), "2025-03-14T07:45", first, 2)
        day.visit("agent1", day.resident(hong_dan, 2), "2025-03-14T08:10", first, 3)
        second = day.push("agent1", utc("2025-03-14T16:30"), accepted=3, duplicate=1, seq=(3, 6))
        day.visit("agent1", day.resident(hong_dan, 3), "2025-03-14T14:00", second, 4)
        day.visit("agent1", day.resident(hong_dan, 4), "2025-03-14T15:00", second, 5)
        day.enrolment("agent1", day.resident(hong_dan, 4), "2025-03-14T15:10", second, 6,
                      1_188_000, 1_188_000)

        day.device("agent2", utc("2025-03-14T09:00"), pending=3, max_seq=2, version="1.3.2")
        morning = day.push("agent2", utc("2025-03-14T09:00"), accepted=2, seq=(1, 2),
                           pending=3, version="1.3.2")
        day.visit("agent2", day.resident(ninh_quoi, 0), "2025-03-14T08:00", morning, 1)
        day.visit("agent2", day.resident(ninh_quoi, 1), "2025-03-14T08:40", morning, 2)

        gap_device = day.device("gapagent", utc("2025-03-14T10:00"), max_seq=8)
        pushed = day.push("gapagent", utc("2025-03-14T10:00"), accepted=5, seq=(1, 8))
        for seq in (1, 2, 3, 7, 8):
            day.visit("gapagent", day.resident(ninh_quoi, 10 + seq), "2025-03-14T09:30",
                      pushed, seq)
        insert(db, "seq_gaps", {"device_id": gap_device, "user_id": day.users["gapagent"],
                                "from_seq": 4, "to_seq": 6,
                                "detected_at": utc("2025-03-14T10:00")})

        day.device("conflictagent", utc("2025-03-14T11:00"), max_seq=3)
        pushed = day.push("conflictagent", utc("2025-03-14T11:00"), accepted=1, conflict=1,
                          rejected=1, seq=(1, 3))
        day.stored_id = day.visit("conflictagent", day.resident(hong_dan, 20),
                                  "2025-03-14T10:15", pushed, 1, outcome="not_home")

        day.device("cashagent", utc("2025-03-14T15:00"), max_seq=1)
        pushed = day.push("cashagent", utc("2025-03-14T15:00"), accepted=1, seq=(1, 1))
        day.enrolment("cashagent", day.resident(hong_dan, 30), "2025-03-14T14:20", pushed, 1,
                      1_000_000, 990_000)

    actor = Actor.of(db, {"id": day.users["conflictagent"], "role": "agent"})
    resident_id = day.resident(hong_dan, 20)
    device_id = day.devices["conflictagent"]
    ingest(db, actor, [
        {"id": day.stored_id, "seq": 1, "kind": "visit", "created_at": "2025-03-14T10:15:00+07:00",
         "data": {"resident_id": resident_id, "outcome": "considering",
                  "follow_up_on": "2025-03-21"}},
        {"id": str(uuid.uuid4()), "seq": 3, "kind": "visit",
         "created_at": "2025-03-14T10:40:00+07:00",
         "data": {"resident_id": resident_id, "outcome": "flew_away"}},
    ], device_id=device_id)
    day.conflict_id = scalar(db, "SELECT id FROM sync_issues WHERE status = 'conflict'")
    day.rejected_id = scalar(db, "SELECT id FROM sync_issues WHERE status = 'rejected'")
    return day
