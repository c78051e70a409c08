"""What each kind of record must hold, and what storing it changes.

A kind checks its ``data`` (raising :class:`RecordError` naming the field) and returns a
:class:`Checked`; ingest stores the record, then calls ``project`` in the same savepoint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from sqlite_utils import Database

from agent_app.codes import OUTCOMES, REASONS, VSSID
from agent_app.formatting import to_vietnam
from agent_app.store import records as record_store
from agent_app.store import residents as resident_store

from .validation import Envelope, RecordError, check_uuid

LIST_STATUS_FROM_OUTCOME = {
    "moved_away": "moved_away",
    "deceased": "deceased",
    "insured_elsewhere": "insured_elsewhere",
}


@dataclass(frozen=True)
class Actor:
    """Who sends: the account the records are stored under, and the villages it may write to."""

    id: int
    role: str
    village_ids: frozenset[int]


@dataclass
class Checked:
    resident_id: str | None
    village_id: int | None
    corrects: str | None = None
    values: dict = field(default_factory=dict)


class Kind(Protocol):
    def check(self, db: Database, actor: Actor, env: Envelope) -> Checked: ...

    def project(self, db: Database, actor: Actor, env: Envelope, checked: Checked) -> None: ...


def optional_text(data: dict, name: str, limit: int = 2000) -> str | None:
    value = data.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise RecordError(f"data.{name}", "phải là chuỗi chữ")
    if len(value) > limit:
        raise RecordError(f"data.{name}", f"dài quá {limit} ký tự")
    return value.strip()


def optional_date(data: dict, name: str) -> str | None:
    value = data.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise RecordError(f"data.{name}", "phải là ngày dạng YYYY-MM-DD")
    try:
        date.fromisoformat(value)
    except ValueError:
        raise RecordError(f"data.{name}", "không phải ngày có thật") from None
    return value


def resident_in_scope(db: Database, actor: Actor, data: dict) -> dict:
    """The resident a record is about; outside the sender's villages counts as not found."""
    resident_id = check_uuid(data.get("resident_id"), "data.resident_id")
    resident = resident_store.get_resident(db, resident_id)
    if resident is None:
        raise RecordError("data.resident_id", "không có người này trong danh sách")
    if resident["village_id"] not in actor.village_ids:
        raise RecordError("data.resident_id", "người này ở ngoài địa bàn được giao")
    return resident


def corrected_record(db: Database, data: dict, kind: str, resident_id: str) -> str | None:
    """A correction points at an earlier record of the same kind about the same person."""
    if data.get("corrects") in (None, ""):
        return None
    old_id = check_uuid(data["corrects"], "data.corrects")
    old = record_store.get_record(db, old_id)
    if old is None or old["kind"] != kind or old["resident_id"] != resident_id:
        raise RecordError("data.corrects", "không tìm thấy bản ghi cần sửa")
    return old_id


class VisitKind:
    """A visit: met or not, the outcome, reasons for declining, when to come back."""

    def check(self, db: Database, actor: Actor, env: Envelope) -> Checked:
        data = env.data
        resident = resident_in_scope(db, actor, data)
        outcome = data.get("outcome")
        if outcome not in OUTCOMES:
            raise RecordError("data.outcome", "phải là một trong: " + ", ".join(OUTCOMES))
        reasons = data.get("reasons") or []
        if not isinstance(reasons, list) or any(r not in REASONS for r in reasons):
            raise RecordError("data.reasons", "phải là danh sách gồm: " + ", ".join(REASONS))
        vssid = data.get("vssid") or None
        if vssid is not None and vssid not in VSSID:
            raise RecordError("data.vssid", "phải là explained, installed hoặc để trống")
        location = data.get("location")
        if location is not None and not (
                isinstance(location, dict)
                and all(isinstance(location.get(k), int | float) for k in ("lat", "lon"))):
            raise RecordError("data.location", "phải có lat và lon là số")
        values = {
            "outcome": outcome,
            "reasons": list(dict.fromkeys(reasons)),
            "reason_text": optional_text(data, "reason_text", 500),
            "follow_up_on": optional_date(data, "follow_up_on"),
            "note": optional_text(data, "note"),
            "vssid": vssid,
            "campaign": optional_text(data, "campaign", 200),
        }
        corrects = corrected_record(db, data, "visit", resident["id"])
        return Checked(resident["id"], resident["village_id"], corrects, values)

    def project(self, db: Database, actor: Actor, env: Envelope, checked: Checked) -> None:
        record_store.insert_visit(db, {
            "record_id": env.id,
            "resident_id": checked.resident_id,
            "village_id": checked.village_id,
            "user_id": actor.id,
            "visited_at": env.created_at_utc,
            "visited_on": to_vietnam(env.created_at_utc).date().isoformat(),
            **checked.values,
        })
        if checked.corrects:
            record_store.supersede(db, "visits", checked.corrects, env.id)
        status = LIST_STATUS_FROM_OUTCOME.get(checked.values["outcome"])
        if status:
            resident_store.update_resident(db, checked.resident_id, {"list_status": status})


KINDS: dict[str, Kind] = {
    "visit": VisitKind(),
}
