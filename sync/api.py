"""The sync HTTP API: ``POST /api/sync/push``, the protocol described in docs/sync.md.

A push is one transaction: its log row, every record with its projections, the device and its
seq gaps are committed together or not at all. A body that is not a push is refused whole (400),
a batch over the limit too (413): nothing of it is stored.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass

from flask import Blueprint, Flask, jsonify, request
from flask_login import current_user, logout_user

from agent_app.security import csrf
from agent_app.store import get_db, sync_log, transaction, utc_now

from . import faults, openapi
from .ingest import Result, ingest
from .kinds import Actor

bp = Blueprint("sync", __name__, url_prefix="/api/sync")
log = logging.getLogger(__name__)


class PushError(Exception):
    """A body that is not a push: the message says which part and why."""


@dataclass(frozen=True)
class Push:
    device_id: str
    app_version: str | None
    pending: int | None
    user_id: int | None
    records: list


def actor_for(user) -> Actor:
    return Actor(user.id, user.role, frozenset(user.village_ids))


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
    if app_version is not None and (not isinstance(app_version, str) or len(app_version) > 64):
        raise PushError("app_version: phải là chuỗi chữ, tối đa 64 ký tự")
    pending = body.get("pending")
    if pending is not None and not _whole(pending):
        raise PushError("pending: phải là số nguyên không âm")
    user_id = body.get("user_id")
    if user_id is not None and not _whole(user_id):
        raise PushError("user_id: phải là số nguyên")
    return Push(device_id, app_version, pending, user_id, records)


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _error(status: int, code: str, message: str, **extra):
    return jsonify(error=code, message=message, **extra), status


@bp.route("/push", methods=["POST"])
@csrf.exempt
def push():
    started = time.perf_counter()
    if not current_user.is_authenticated:
        return _error(401, "login_required", "Phiên đăng nhập đã hết hạn: đăng nhập lại")
    if faults.fires("expire_session"):
        logout_user()
        return _error(401, "login_required", "Phiên đăng nhập đã hết hạn: đăng nhập lại")
    if faults.fires("error_500"):
        return _error(500, "test_fault", "Lỗi thử nghiệm")
    try:
        body = parse_push(request.get_json(silent=True))
    except PushError as error:
        return _error(400, "malformed", str(error))
    limit = faults.max_batch()
    if len(body.records) > limit:
        return _error(413, "batch_too_large",
                      f"records: tối đa {limit} bản ghi mỗi lần gửi", max_records=limit)
    if body.user_id is not None and body.user_id != current_user.id:
        return _error(409, "wrong_user",
                      "Các bản ghi này thuộc tài khoản khác: đăng nhập đúng tài khoản để gửi")
    results = _store(body, started)
    if faults.fires("commit_then_503"):
        return _error(503, "test_fault", "Lỗi thử nghiệm sau khi đã lưu")
    return jsonify(results=[r.as_json() for r in results], server_time=utc_now())


@bp.errorhandler(413)
def _too_large(_exc):
    return _error(413, "batch_too_large", "thân yêu cầu quá lớn: gửi ít bản ghi hơn mỗi lần")


def _store(body: Push, started: float) -> list[Result]:
    db = get_db()
    user_id = current_user.id
    with transaction(db):
        push_id = sync_log.start_push(db, user_id, body.device_id, body.app_version, body.pending)
        results = ingest(db, actor_for(current_user), body.records, device_id=body.device_id,
                         push_id=push_id)
        seqs = [r.seq for r in results if _whole(r.seq) and r.seq > 0]
        previous_max = sync_log.device_max_seq(db, body.device_id)
        sync_log.upsert_device(db, body.device_id, user_id, body.app_version, body.pending,
                               max(seqs, default=0))
        sync_log.note_arrivals(db, body.device_id, user_id, seqs, previous_max)
        sync_log.finish_push(db, push_id, [r.status for r in results], seqs,
                             (time.perf_counter() - started) * 1000)
    log.info("push %s: %d records from device %s", push_id, len(results), body.device_id)
    return results


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(openapi.bp)
    faults.init_app(app)
