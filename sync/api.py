"""The sync HTTP API: ``POST /api/sync/push``, the protocol described in docs/sync.md.

A push is one transaction: its log row, every record with its projections, the device and its
seq gaps are committed together or not at all. A body that is not a push is refused whole (400),
a batch over the limit too (413): nothing of it is stored.
"""

from __future__ import annotations

import logging
import threading
import time

from flask import Blueprint, Flask, jsonify, request
from flask_login import current_user, logout_user

from agent_app.codes import FIELD_WRITERS
from agent_app.security import csrf
from agent_app.store import get_db, utc_now

from . import body as request_body
from . import faults, openapi
from .ingest import Result
from .kinds import Actor
from .pushes import Push, PushError, parse_push, receive

bp = Blueprint("sync", __name__, url_prefix="/api/sync")
log = logging.getLogger(__name__)
# Pushes in one server process queue here rather than in SQLite's busy handler, whose sleeps
# (up to 100 ms each) made the slowest pushes wait seconds under 20 concurrent phones.
_WRITER = threading.Lock()


def actor_for(user) -> Actor:
    return Actor(user.id, user.role, frozenset(user.village_ids))


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
    if current_user.role not in FIELD_WRITERS:
        return _error(403, "forbidden", "Chỉ tài khoản nhân viên thu gửi bản ghi thực địa; "
                                        "tài khoản này chỉ xem")
    if not request.is_json:
        return _error(400, "malformed", "thân yêu cầu phải là một đối tượng JSON"
                                        " (Content-Type: application/json)")
    try:
        body = parse_push(request_body.read(request.get_data(cache=False)))
    except (request_body.BodyError, PushError) as error:
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
    with _WRITER:
        results = receive(get_db(), actor_for(current_user), body, started)
    log.info("push: %d records from device %s", len(results), body.device_id)
    return results


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(openapi.bp)
    faults.init_app(app)
