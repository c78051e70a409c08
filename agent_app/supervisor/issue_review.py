"""Deciding a conflicting or rejected record: keep, accept, ask, dismiss; each one audited.

Accepting the incoming version of a conflict never overwrites: it goes through ``ingest`` as a
new record, under the agent who made it, whose ``data.corrects`` points at the stored one, so
the projections mark the stored version superseded and both stay in the append-only log. The
supervisor who decided is in the audit log and in ``sync_issues.resolved_by``.
"""

from __future__ import annotations

import json
import uuid

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlite_utils import Database

from sync.ingest import ingest
from sync.kinds import Actor

from ..domain import codes
from ..domain.formatting import money
from ..domain.text import clean
from ..store import audit, jsontext, transaction
from ..store import sync_issues as issue_store
from ..store import users as user_store

ACTIONS = {
    "keep_stored": "kept_stored",
    "accept_incoming": "accepted_incoming",
    "ask_agent": "asked_agent",
    "dismiss": "dismissed",
}
NOTE_REQUIRED = ("ask_agent", "dismiss")
NOTE_LIMIT = 1000

# What a supervisor reads beside the raw field name, and how coded values read.
FIELD_LABELS = {
    "kind": _l("Loại bản ghi"), "created_at": _l("Giờ trên bản ghi"),
    "data.resident_id": _l("Người"), "data.outcome": _l("Kết quả"),
    "data.reasons": _l("Lý do"), "data.follow_up_on": _l("Hẹn quay lại"),
    "data.note": _l("Ghi chú"), "data.scheme": _l("Loại bảo hiểm"), "data.months": _l("Số tháng"),
    "data.amount": _l("Số tiền thu"), "data.income": _l("Thu nhập làm căn cứ đóng"),
    "data.receipt_no": _l("Số biên lai"), "data.corrects": _l("Sửa bản ghi"),
}
CODED = {"kind": codes.RECORD_KINDS, "data.outcome": codes.OUTCOMES,
         "data.reasons": codes.REASONS, "data.scheme": codes.SCHEMES}


class ReviewError(Exception):
    """A decision that cannot be recorded as asked; names the form field at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def actions_for(issue: dict) -> list[str]:
    """What may still be done: nothing once decided; a question leaves the choice open."""
    if issue["resolution"] in issue_store.FINAL_RESOLUTIONS:
        return []
    if issue["status"] == "conflict":
        return ["keep_stored", "accept_incoming", "ask_agent", "dismiss"]
    return ["ask_agent", "dismiss"]


def decide(db: Database, issue: dict, action: str, note: str | None,
           reviewer_id: int) -> str | None:
    """Record the decision and audit it, all or nothing; returns the new record's id, if any."""
    if action not in actions_for(issue):
        raise ReviewError("action", _("Việc này không làm được với bản ghi này."))
    note = clean(note or "") or None
    if action in NOTE_REQUIRED and not note:
        raise ReviewError("note", _("Hãy ghi lý do hoặc câu hỏi cho nhân viên."))
    if note and len(note) > NOTE_LIMIT:
        raise ReviewError("note", _("Ghi chú dài quá %(n)s ký tự.", n=NOTE_LIMIT))
    resolution = ACTIONS[action]
    with transaction(db):
        record_id = _store_incoming(db, issue) if action == "accept_incoming" else None
        issue_store.resolve(db, issue["id"], resolution, reviewer_id, note)
        audit.record_change(
            db, reviewer_id, "sync_issue", issue["id"], resolution,
            {"resolution": issue["resolution"], "note": issue["resolution_note"]},
            {"resolution": resolution, "note": note, "record_id": record_id})
    return record_id


def _store_incoming(db: Database, issue: dict) -> str:
    payload = issue["payload"]
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), dict):
        raise ReviewError("action", _("Bản mới gửi không đọc được."))
    agent = user_store.get_user(db, issue["user_id"])
    actor = Actor.of(db, agent)
    record = {"id": str(uuid.uuid4()), "kind": payload.get("kind"),
              "created_at": payload.get("created_at"),
              "data": {**payload["data"], "corrects": issue["record_id"]}}
    result = ingest(db, actor, [record])[0]
    if result.status != "accepted":
        raise ReviewError("action", _("Không lưu được bản mới gửi: %(reason)s",
                                      reason=result.reason))
    return record["id"]


def compare(stored: dict | None, payload: object) -> list[dict]:
    """Field by field, the stored record beside the version received; differences flagged."""
    incoming = payload if isinstance(payload, dict) else {}
    kept = ({"kind": stored["kind"], "created_at": stored["created_at"],
             "data": jsontext.loads(stored["data"], default={})} if stored else {})
    lines = [_line(name, kept.get(name), incoming.get(name), stored is not None)
             for name in ("kind", "created_at")]
    kept_data = kept.get("data") or {}
    incoming_data = incoming.get("data") if isinstance(incoming.get("data"), dict) else {}
    lines += [_line("data." + key, kept_data.get(key), incoming_data.get(key), stored is not None)
              for key in sorted(set(kept_data) | set(incoming_data))]
    return lines


def _line(name: str, kept: object, incoming: object, has_stored: bool) -> dict:
    return {"field": name, "label": FIELD_LABELS.get(name, ""), "stored": _shown(name, kept),
            "incoming": _shown(name, incoming), "differs": has_stored and kept != incoming}


def _shown(name: str, value: object) -> str:
    """A value as a person reads it: labels for codes, money as money, the rest as sent."""
    labels = CODED.get(name, {})
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(str(labels.get(v, v)) for v in value)
    if isinstance(value, str):
        return str(labels.get(value, value))
    if name in ("data.amount", "data.income") and isinstance(value, int):
        return money(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
