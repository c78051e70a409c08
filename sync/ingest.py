"""Idempotent ingest: the one function every field write goes through.

Per record, in one transaction for the batch and a savepoint per record:
- an id already stored with the same content is a ``duplicate`` (a retry: delivered);
- an id already stored with other content is a ``conflict``, kept aside, never overwriting;
- a record that breaks a rule, or is about someone outside the sender's villages, or comes from
  an account that does not record field work, is ``rejected`` with the field and the rule, and
  kept aside for review;
- anything else is ``accepted``: stored with its projections, fields its kind does not know
  dropped with a warning each.
One bad record never blocks the rest.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from sqlite_utils import Database

from agent_app.domain.codes import FIELD_WRITERS
from agent_app.store import jsontext, transaction
from agent_app.store import records as record_store

from .kinds import KINDS, Actor, Checked, Kind
from .validation import MAX_INT, Envelope, RecordError, known_fields, parse_envelope

log = logging.getLogger(__name__)


# What a record can come back as: the phone drops it from its outbox on the first two.
STATUSES = ("accepted", "duplicate", "conflict", "rejected")


@dataclass(frozen=True)
class Result:
    """One record's answer; ``status`` is one of ``STATUSES``."""

    id: str | None
    status: str
    reason: str = ""
    seq: int | None = None
    warnings: tuple[str, ...] = ()

    def as_json(self) -> dict:
        answer = {"id": self.id, "status": self.status}
        if self.reason:
            answer["reason"] = self.reason
        if self.warnings:
            answer["warnings"] = list(self.warnings)
        return answer


def ingest(db: Database, actor: Actor, raw_records: list, *, device_id: str | None = None,
           push_id: int | None = None) -> list[Result]:
    """Store a batch of records all-or-nothing at the batch level, each judged on its own."""
    with transaction(db):
        return [_ingest_one(db, actor, raw, device_id, push_id) for raw in raw_records]


def sender_may_write(actor: Actor) -> None:
    """Field records come from agents only (codes.FIELD_WRITERS)."""
    if actor.role not in FIELD_WRITERS:
        raise RecordError("user", "chỉ nhân viên thu gửi bản ghi thực địa")


def known_data(kind: Kind, env: Envelope) -> tuple[Envelope, list[str]]:
    """The envelope with only the fields its kind knows, and a warning per field dropped."""
    data, dropped = known_fields(env.data, kind.fields)
    return replace(env, data=data), dropped


def check(db: Database, actor: Actor, raw: object) -> Checked:
    """Judge one record as ingest will, storing nothing: the forms show the result first."""
    sender_may_write(actor)
    env = parse_envelope(raw)
    kind = KINDS.get(env.kind)
    if kind is None:
        raise RecordError("kind", "phải là một trong " + ", ".join(KINDS))
    env, dropped = known_data(kind, env)
    checked = kind.check(db, actor, env)
    checked.warnings.extend(dropped)
    return checked


def _ingest_one(db: Database, actor: Actor, raw: object, device_id: str | None,
                push_id: int | None) -> Result:
    raw_id = raw.get("id") if isinstance(raw, dict) else None
    raw_seq = raw.get("seq") if isinstance(raw, dict) else None
    try:
        sender_may_write(actor)
        env = parse_envelope(raw)
    except RecordError as error:
        return _reject(db, actor, raw, raw_id, raw_seq, str(error), device_id, push_id)

    existing = record_store.get_record(db, env.id)
    if existing is not None:
        if existing["content_hash"] == env.content_hash and existing["user_id"] == actor.id:
            return Result(env.id, "duplicate", seq=env.seq)
        reason = "id đã có với nội dung khác; giữ lại để xem xét"
        _keep_aside(db, actor, raw, env.id, env.seq, "conflict", reason, device_id, push_id)
        return Result(env.id, "conflict", reason, env.seq)

    kind = KINDS.get(env.kind)
    if kind is None:
        reason = "kind: phải là một trong " + ", ".join(KINDS)
        return _reject(db, actor, raw, env.id, env.seq, reason, device_id, push_id)
    db.conn.execute("SAVEPOINT record")
    try:
        env, dropped = known_data(kind, env)
        checked = kind.check(db, actor, env)
        record_store.insert_record(db, _columns(env, actor, checked, device_id, push_id))
        kind.project(db, actor, env, checked)
    except RecordError as error:
        db.conn.execute("ROLLBACK TO record")
        db.conn.execute("RELEASE record")
        return _reject(db, actor, raw, env.id, env.seq, str(error), device_id, push_id)
    db.conn.execute("RELEASE record")
    return Result(env.id, "accepted", seq=env.seq,
                  warnings=tuple(checked.warnings + dropped))


def _columns(env: Envelope, actor: Actor, checked, device_id: str | None,
             push_id: int | None) -> dict:
    return {
        "id": env.id, "kind": env.kind, "created_at": env.created_at,
        "created_at_utc": env.created_at_utc, "data": env.canonical_data,
        "content_hash": env.content_hash, "user_id": actor.id, "device_id": device_id,
        "seq": env.seq, "resident_id": checked.resident_id, "village_id": checked.village_id,
        "corrects": checked.corrects, "push_id": push_id,
    }


def _reject(db: Database, actor: Actor, raw: object, record_id, seq, reason: str,
            device_id: str | None, push_id: int | None) -> Result:
    # The reason names a field and a rule, never the person's data, so it is safe to log.
    log.info("rejected record %s: %s", _shown_id(record_id), reason)
    _keep_aside(db, actor, raw, record_id, seq, "rejected", reason, device_id, push_id)
    return Result(record_id if isinstance(record_id, str) else None, "rejected", reason,
                  seq if isinstance(seq, int) else None)


def _shown_id(record_id: object) -> str:
    """A record's id as stored and logged, whatever was sent in its place."""
    return str(jsontext.clean(str(record_id)))[:64] if record_id is not None else ""


def _keep_aside(db: Database, actor: Actor, raw: object, record_id, seq, status: str,
                reason: str, device_id: str | None, push_id: int | None) -> None:
    record_store.insert_issue(db, {
        "record_id": _shown_id(record_id), "status": status,
        "reason": str(jsontext.clean(reason)),
        "payload": jsontext.dumps(raw, default=str),
        "user_id": actor.id, "device_id": device_id,
        "seq": seq if isinstance(seq, int) and not isinstance(seq, bool)
        and abs(seq) <= MAX_INT else None,
        "push_id": push_id,
    })
