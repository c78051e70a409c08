"""A fault switch for tests: make the next pushes fail the ways the field does.

Only an app whose configuration has ``TESTING_FAULTS`` gets the switch (the endpoint does not
exist otherwise) and production refuses to start with it on. Faults are armed in the server's
memory through ``POST /api/sync/test-faults`` and each fires once:

- ``commit_then_503``: store the batch, commit, then answer 503 as if the reply were lost;
- ``error_500``: answer 500 before storing anything;
- ``expire_session``: log the session out and answer 401, as an expired session does.

``max_batch`` lowers the server's batch limit, to see the client halve its batches.
"""

from __future__ import annotations

import threading

from flask import Blueprint, Flask, current_app, jsonify, request

FAULTS = ("commit_then_503", "error_500", "expire_session")

bp = Blueprint("sync_faults", __name__, url_prefix="/api/sync")


class FaultSwitch:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._armed: list[str] = []
        self.max_batch: int | None = None

    def arm(self, faults: list[str], max_batch: int | None) -> None:
        with self._lock:
            self._armed = list(faults)
            self.max_batch = max_batch

    def take(self, fault: str) -> bool:
        """Whether ``fault`` is next in line; firing it disarms it."""
        with self._lock:
            if self._armed and self._armed[0] == fault:
                self._armed.pop(0)
                return True
            return False


def switch() -> FaultSwitch | None:
    """The app's switch, or None when the app is not under a test configuration."""
    return current_app.extensions.get("sync_faults")


def fires(fault: str) -> bool:
    found = switch()
    return found is not None and found.take(fault)


def max_batch() -> int:
    found = switch()
    if found is not None and found.max_batch:
        return found.max_batch
    return current_app.config["SYNC_MAX_BATCH"]


@bp.route("/test-faults", methods=["POST"])
def arm():
    body = request.get_json(silent=True) or {}
    faults = body.get("faults", [])
    if not isinstance(faults, list) or any(f not in FAULTS for f in faults):
        return jsonify(error="malformed", message="faults: one of " + ", ".join(FAULTS)), 400
    switch().arm(faults, body.get("max_batch"))
    return jsonify(armed=faults, max_batch=body.get("max_batch"))


def init_app(app: Flask) -> None:
    if app.config.get("TESTING_FAULTS") and app.config["ENV_NAME"] != "production":
        app.extensions["sync_faults"] = FaultSwitch()
        app.register_blueprint(bp)
