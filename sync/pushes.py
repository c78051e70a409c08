"""Receiving a push: its log row, every record with its projections, the device and its seq
gaps, committed together or not at all. The HTTP API and the demo deliver records through here."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from sqlite_utils import Database

from agent_app.store import jsontext, lock, retrying, sync_log, transaction

from .ingest import Result, ingest
from .kinds import Actor
from .validation import MAX_INT


class PushError(Exception):
    """A body that is not a push: the message says which part and why."""


@dataclass(frozen=True)
class Push:
    device_id: str
    app_version: str | None
    pending: int | None
    user_id: int | None
    records: list

    @property
    def left_on_phone(self) -> int | None:
        """What the phone still holds once this push is through: it counts its outbox as it
        sends, this push's records included, and every record sent leaves the outbox (settled,
        or moved to "Cần xử lý") when the answer comes back."""
        return None if self.pending is None else max(0, self.pending - len(self.records))


def parse_push(body: object) -> Push:
    """The push envelope; the records themselves are judged one by one by ingest."""
    if not isinstance(body, dict):
        raise PushError("thân yêu cầu phải là một đối tượng JSON (Content-Type: application/json)")
    records = body.get("records")
    if not isinstance(records, list):
        raise PushError("records: phải là một danh sách")
    device_id = body.get("device_id")
    try:
        device_id = str(uuid.UUID(device_id))
    except (TypeError, ValueError, AttributeError):
        raise PushError("device_id: phải là một UUID") from None
    app_version = body.get("app_version")
    if app_version is not None and (not isinstance(app_version, str) or len(app_version) > 64
                                    or jsontext.has_lone_surrogate(app_version)):
        raise PushError("app_version: phải là chuỗi chữ, tối đa 64 ký tự")
    pending = body.get("pending")
    if pending is not None and not whole(pending):
        raise PushError(f"pending: phải là số nguyên từ 0 đến {MAX_INT}")
    user_id = body.get("user_id")
    if user_id is not None and not whole(user_id):
        raise PushError(f"user_id: phải là số nguyên từ 0 đến {MAX_INT}")
    return Push(device_id, app_version, pending, user_id, records)


def whole(value: object) -> bool:
    """An integer a phone holds exactly, not negative (a count, an id, a seq)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_INT


def receive(db: Database, actor: Actor, push: Push, started: float | None = None) -> list[Result]:
    """Store a push in one transaction; ``started`` (perf_counter) times it from the request.

    On PostgreSQL pushes run at once: those of one device queue on its lock (its seq numbers and
    gaps are read and written in order), and a push that lost a race on a record id to another
    device's runs again, finding that record stored (``store.retrying``)."""
    started = time.perf_counter() if started is None else started

    def store_push() -> list[Result]:
        with transaction(db):
            lock(db, "device:" + push.device_id)
            push_id = sync_log.start_push(db, actor.id, push.device_id, push.app_version,
                                         push.left_on_phone)
            results = ingest(db, actor, push.records, device_id=push.device_id,
                             push_id=push_id)
            seqs = [r.seq for r in results if whole(r.seq) and r.seq > 0]
            previous_max = sync_log.device_max_seq(db, push.device_id)
            sync_log.upsert_device(db, push.device_id, actor.id, push.app_version,
                                   push.left_on_phone, max(seqs, default=0))
            sync_log.note_arrivals(db, push.device_id, actor.id, seqs, previous_max)
            sync_log.finish_push(db, push_id, [r.status for r in results], seqs,
                                 (time.perf_counter() - started) * 1000)
        return results

    return retrying(db, store_push)
