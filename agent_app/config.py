"""Configuration from the environment, and the production safety checks."""

from __future__ import annotations

import os
from datetime import timedelta

from .domain import clock

DEFAULT_SECRET_KEY = "dev-only-not-secret"
SECRET_KEY_MIN_BYTES = 32
# An agent logs in once and works the week offline, weekend campaign days included, and syncs
# on the next working day: ten days from the login covers that with a day to spare. The cookie
# is not renewed by use, so a lost phone's login ends within ten days whatever happens to it.
REMEMBER_DAYS = 10


class ProductionRefused(RuntimeError):
    """Production must not start like this; ``problems`` says why, one reason each."""

    def __init__(self, problems: list[str]):
        super().__init__("Refusing to start in production:\n- " + "\n- ".join(problems))
        self.problems = problems


def from_environment(instance_path: str) -> dict:
    env = os.environ.get("AGENT_APP_ENV", "development")
    if env not in ("development", "production"):
        raise RuntimeError(f"AGENT_APP_ENV must be 'development' or 'production', not {env!r}")
    if clock.is_pinned():
        try:
            clock.parse_pin(os.environ[clock.ENV])
        except ValueError as error:
            raise RuntimeError(f"{clock.ENV} must be an ISO date or instant: {error}") from None
    return {
        "ENV_NAME": env,
        "DATABASE": os.environ.get("AGENT_APP_DATABASE",
                                   os.path.join(instance_path, "agent_app.sqlite3")),
        "SECRET_KEY": os.environ.get("AGENT_APP_SECRET_KEY", DEFAULT_SECRET_KEY),
        # Reverse proxies in front that set X-Forwarded-For/-Proto/-Host (ProxyFix trusts this
        # many hops); production sits behind one, development behind none.
        "TRUSTED_PROXIES": int(os.environ.get("AGENT_APP_TRUSTED_PROXIES",
                                              "1" if env == "production" else "0")),
        "PREFERRED_URL_SCHEME": "https" if env == "production" else "http",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env == "production",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": env == "production",
        "REMEMBER_COOKIE_DURATION": timedelta(days=REMEMBER_DAYS),
        "WTF_CSRF_TIME_LIMIT": None,          # pages are cached for offline use for days
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
        "LOGIN_MAX_FAILURES_PER_USER": 5,
        "LOGIN_MAX_FAILURES_PER_ADDRESS": 20,
        "LOGIN_LOCKOUT_MINUTES": 15,
        # The duplicate check answers whether a CCCD is listed anywhere: limited like the login.
        "CCCD_LOOKUPS_PER_USER": 60,
        "CCCD_LOOKUP_MINUTES": 15,
        "COMPRESS_MIMETYPES": ["text/html", "text/css", "application/javascript", "text/javascript",
                               "application/json", "image/svg+xml", "text/csv"],
        "COMPRESS_ALGORITHM": ["gzip"],
        "COMPRESS_MIN_SIZE": 500,
        "SUPERVISOR_NO_SYNC_HOURS": int(os.environ.get("AGENT_APP_NO_SYNC_HOURS", "24")),
        "SUPERVISOR_STUCK_OUTBOX_MINUTES": int(os.environ.get("AGENT_APP_STUCK_OUTBOX_MINUTES",
                                                              "30")),
        "RETENTION_DUE_DAYS": int(os.environ.get("AGENT_APP_DUE_DAYS", "30")),
        # The sync fault switch: tests turn it on (AGENT_APP_TESTING_FAULTS=1 for a live server);
        # production refuses to start with it.
        "TESTING_FAULTS": os.environ.get("AGENT_APP_TESTING_FAULTS") == "1",
        "SYNC_MAX_BATCH": 2000,              # records per push; more is a 413
        "SYNC_MAX_BODY": 16 * 1024 * 1024,   # a push's body once inflated; more is a 413
        # A pull's page ends past this much JSON (before gzip: about a third on the wire), so
        # three villages of 1,500 people come in one request.
        "SYNC_PULL_PAGE_BYTES": 2_000_000,
    }


def production_problems(config: dict, demo_users: list[str]) -> list[str]:
    """Why a production start must be refused: a default or short secret, or a demo password in
    use."""
    problems = []
    key_bytes = len(str(config["SECRET_KEY"]).encode("utf-8"))
    if config["SECRET_KEY"] == DEFAULT_SECRET_KEY:
        problems.append("AGENT_APP_SECRET_KEY is not set: the default key is public.")
    elif key_bytes < SECRET_KEY_MIN_BYTES:
        problems.append(f"AGENT_APP_SECRET_KEY has {key_bytes} bytes: use at least "
                        f"{SECRET_KEY_MIN_BYTES} random bytes (for example "
                        "`python3 -c 'import secrets; print(secrets.token_hex(32))'`).")
    if config.get("TESTING_FAULTS"):
        problems.append("AGENT_APP_TESTING_FAULTS is set: the sync fault switch is for tests only.")
    if clock.is_pinned():
        problems.append(f"{clock.ENV} is set: a pinned clock is for tests and demos only.")
    if demo_users:
        problems.append("these accounts still use the demo password: " + ", ".join(demo_users)
                        + " (change it with `agent-app set-password USERNAME`).")
    return problems
