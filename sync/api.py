"""The sync HTTP API (the push endpoint; the offline work extends it)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_login import current_user

from agent_app.security import csrf
from agent_app.store import get_db, utc_now

from .ingest import ingest
from .kinds import Actor

bp = Blueprint("sync", __name__, url_prefix="/api/sync")


def actor_for(user) -> Actor:
    return Actor(user.id, user.role, frozenset(user.village_ids))


@bp.route("/push", methods=["POST"])
@csrf.exempt
def push():
    if not current_user.is_authenticated:
        return jsonify(error="login_required", message="Phiên đăng nhập đã hết hạn"), 401
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("records"), list):
        message = "Thân yêu cầu phải là JSON có 'records' là danh sách"
        return jsonify(error="malformed", message=message), 400
    results = ingest(get_db(), actor_for(current_user), body["records"],
                     device_id=body.get("device_id"))
    return jsonify(results=[r.as_json() for r in results], server_time=utc_now())
