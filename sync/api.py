"""The sync HTTP API: ``POST /api/sync/push`` and ``GET /api/sync/pull``, the protocol described
in docs/sync.md.

A push is one transaction: its log row, every record with its projections, the device and its
seq gaps are committed together or not at all. A body that is not a push is refused whole (400),
a batch over the limit too (413): nothing of it is stored.
"""

from __future__ import annotations

import logging
import time

from flask import Blueprint, Flask, current_app, jsonify, request, url_for
from flask_babel import gettext
from flask_login import current_user, logout_user

from agent_app.domain.codes import FIELD_WRITERS
from agent_app.store import get_db, utc_now

from . import body as request_body
from . import compression, faults
from .ingest import Result
from .kinds import Actor
from .pull import PullError, parse_cursor, pull_page
from .pushes import Push, PushError, parse_push, receive

bp = Blueprint("sync", __name__, url_prefix="/api/sync")
log = logging.getLogger(__name__)


def _error(status: int, code: str, message: str, **extra):
    return jsonify(error=code, message=message, **extra), status


@bp.route("/push", methods=["POST"])
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
    body_limit = current_app.config["SYNC_MAX_BODY"]
    try:
        raw = compression.request_body(request.get_data(cache=False),
                                       request.headers.get("Content-Encoding"), body_limit)
    except compression.BodyTooLarge:
        return _error(413, "batch_too_large",
                      f"thân yêu cầu giải nén ra quá {body_limit // 1_000_000} MB: gửi ít bản"
                      " ghi hơn mỗi lần; không lưu gì")
    except compression.BadEncoding as error:
        return _error(400, "malformed", str(error))
    try:
        body = parse_push(request_body.read(raw))
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


@bp.route("/pull")
def pull():
    """One page of what changed for the agent's villages since ``since`` (docs/sync.md)."""
    if not current_user.is_authenticated:
        return _error(401, "login_required", "Phiên đăng nhập đã hết hạn: đăng nhập lại")
    if current_user.role != "agent":
        return _error(403, "agents_only", "Chỉ nhân viên thu có bản sao trên điện thoại")
    args = request.args
    try:
        since = parse_cursor(args.get("since"), "since")
        until = parse_cursor(args.get("until"), "until") if args.get("until") else None
        done = parse_cursor(args.get("done"), "done")
        total = parse_cursor(args.get("total"), "total") if args.get("total") else None
        body = pull_page(get_db(), current_user.id, current_user.village_ids, since=since,
                         until=until, after=args.get("after", ""), done=done, total=total,
                         budget=current_app.config["SYNC_PULL_PAGE_BYTES"], translate=gettext)
    except PullError as error:
        return _error(400, "malformed", str(error))
    if body["next"] is not None:
        body["next"] = url_for("sync.pull", **body["next"])
    body["server_time"] = utc_now()
    return jsonify(body)


def _store(body: Push, started: float) -> list[Result]:
    results = receive(get_db(), Actor.for_user(current_user), body, started)
    log.info("push: %d records from device %s", len(results), body.device_id)
    return results


def init_app(app: Flask) -> None:
    faults.init_app(app)
