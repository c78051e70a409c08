"""Logging in and out, roles, and the scope checks every view makes."""

from __future__ import annotations

import functools
import hmac
import re
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import (
    LoginManager,
    UserMixin,
    current_user,
    login_required,
    login_user,
    logout_user,
)
from werkzeug.security import check_password_hash, generate_password_hash

from .store import get_db
from .store import places as place_store
from .store import residents as resident_store
from .store import users as user_store

bp = Blueprint("auth", __name__)
login_manager = LoginManager()


class User(UserMixin):
    """A logged-in account; scope sets are read once per request."""

    def __init__(self, record: dict):
        self.record = record
        self.id = record["id"]
        self.username = record["username"]
        self.role = record["role"]
        self.display_name = record["display_name"]
        self._villages: set[int] | None = None
        self._communes: set[str] | None = None

    def get_id(self) -> str:
        """What the session and the remember-me cookie hold: the id and the account's session
        token, which logout and a password change replace (so old cookies stop working)."""
        return f"{self.id}:{self.record['session_token']}"

    @property
    def is_active(self) -> bool:
        return bool(self.record["active"])

    @property
    def village_ids(self) -> set[int]:
        if self._villages is None:
            self._villages = user_store.village_ids_for(get_db(), self.record)
        return self._villages

    @property
    def commune_codes(self) -> set[str]:
        if self._communes is None:
            self._communes = user_store.commune_codes_for(get_db(), self.record)
        return self._communes


@login_manager.user_loader
def _load_user(cookie_id: str) -> User | None:
    user_id, _sep, token = cookie_id.partition(":")
    if not (user_id.isascii() and user_id.isdigit()) or not token:
        return None
    record = user_store.get_user(get_db(), int(user_id))
    if record is None or not record["active"]:
        return None
    return User(record) if hmac.compare_digest(record["session_token"], token) else None


def role_required(*roles: str, reason: object = None) -> Callable:
    """Only these roles may use the view; others get 403 (saying ``reason``, if given: a lazy
    translation), anonymous users the login page."""
    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403, description=str(reason) if reason else None)
            return view(*args, **kwargs)
        return wrapped
    return decorate


def village_or_404(village_id: int) -> dict:
    """The village, if this user may see it; 404 otherwise, so existence does not leak."""
    if village_id not in current_user.village_ids:
        abort(404)
    village = place_store.get_village(get_db(), village_id)
    if village is None:
        abort(404)
    return village


def resident_or_404(resident_id: str) -> dict:
    resident = resident_store.get_resident(get_db(), resident_id)
    if resident is None or resident["village_id"] not in current_user.village_ids:
        abort(404)
    return resident


def commune_or_404(code: str) -> dict:
    if code not in current_user.commune_codes:
        abort(404)
    commune = place_store.get_commune(get_db(), code)
    if commune is None:
        abort(404)
    return commune


def _throttle_keys(username: str) -> list[tuple[str, int]]:
    config = current_app.config
    return [(f"user:{username.lower()}", config["LOGIN_MAX_FAILURES_PER_USER"]),
            (f"addr:{request.remote_addr}", config["LOGIN_MAX_FAILURES_PER_ADDRESS"])]


# Only a path on this site: no scheme, no host, nothing a browser reads as "//host" (a second
# slash or backslash, or tabs and newlines, which browsers drop from URLs).
_LOCAL_PATH = re.compile(r"/(?![/\\])[^\s\\\x00-\x1f\x7f]*")


def safe_next(target: str) -> str | None:
    """The page to return to after login, if it is a path on this site; else None."""
    if not _LOCAL_PATH.fullmatch(target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


@functools.cache
def _dummy_hash() -> str:
    """Verified when the username is unknown, so the answer takes as long as for a real one."""
    return generate_password_hash("not a password of anyone")


def over_limit(keys: list[tuple[str, int]], minutes: int) -> bool:
    """True when any key has reached its limit of attempts within the last ``minutes``."""
    db = get_db()
    return any(user_store.recent_attempts(db, key, minutes) >= limit for key, limit in keys)


def count_attempt(keys: list[str]) -> None:
    """One more attempt under each key (a failed login, a CCCD look-up)."""
    user_store.record_attempts(get_db(), keys)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        db = get_db()
        username = request.form.get("username", "").strip()
        password = request.form.get("password", "")
        minutes = current_app.config["LOGIN_LOCKOUT_MINUTES"]
        keys = _throttle_keys(username)
        if over_limit(keys, minutes):
            flash(_("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút.",
                    minutes=minutes), "error")
            return render_template("auth/login.html", username=username), 429
        record = user_store.get_user_by_name(db, username)
        if record is None or not record["active"]:
            check_password_hash(_dummy_hash(), password)
        elif check_password_hash(record["password_hash"], password):
            user_store.clear_attempts(db, keys[0][0])
            login_user(User(record), remember=True)
            return redirect(safe_next(request.args.get("next", "")) or url_for("home.index"))
        count_attempt([key for key, _limit in keys])
        flash(_("Sai tên đăng nhập hoặc mật khẩu."), "error")
        return render_template("auth/login.html", username=username), 401
    return render_template("auth/login.html", username="")


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        user_store.end_sessions(get_db(), current_user.id)
    logout_user()
    return redirect(url_for("auth.login"))


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
