"""The production server as an operator runs it, and phones that reach it through a TLS proxy.

Used by the production-server and backup tests and by benchmarks/bench_province.py.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.cookies import SimpleCookie
from pathlib import Path

from support import LiveServer

from agent_app import store
from agent_app.store import rows, transaction
from agent_app.store import users as user_store

PASSWORD = "not-the-demo-password"
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


def make_production_ready(path: Path) -> None:
    """Production refuses the published demo password: give every account another one."""
    db = store.connect(path)
    with transaction(db):
        for user in rows(db, "SELECT id FROM users"):
            user_store.set_password(db, user["id"], PASSWORD)
    db.conn.close()


def production_server(path: Path | str, workers: int = 2, extra_env: dict | None = None,
                      log_path: Path | None = None) -> LiveServer:
    """`agent-app serve` with AGENT_APP_ENV=production: gunicorn with ``workers`` processes, on
    the real clock (production refuses a pinned one). ``path`` may be a PostgreSQL URL (then
    ``log_path`` says where the server's log goes)."""
    return LiveServer(path, {"AGENT_APP_ENV": "production", "AGENT_APP_CLOCK": "",
                             "AGENT_APP_SECRET_KEY": "7" * 64, **(extra_env or {})},
                      args=["--workers", str(workers)], log_path=log_path)


class Phone:
    """One phone behind the proxy: it sends what the proxy adds (X-Forwarded-Proto: https, so
    the app sees HTTPS) and keeps the session cookie, which is Secure, by hand."""

    def __init__(self, url: str, username: str, password: str = PASSWORD):
        self.url = url
        self.cookies: dict[str, str] = {}
        self.set_cookie_headers: list[str] = []
        self.status = 0
        self.device = str(uuid.uuid4())
        self.seq = 0
        self.post_form("/login", {"username": username, "password": password})
        if self.status != 302:
            raise RuntimeError(f"{username} could not log in")

    def post_form(self, path: str, fields: dict) -> bytes:
        """Fill in the form on ``path`` and send it, with the Referer an HTTPS page sends (the
        CSRF check insists on it over HTTPS)."""
        token = CSRF.search(self.request("GET", path).decode()).group(1)
        form = urllib.parse.urlencode({**fields, "csrf_token": token}).encode()
        referer = "https://" + self.url.split("://", 1)[1] + path
        return self.request("POST", path, form, {
            "Content-Type": "application/x-www-form-urlencoded", "Referer": referer})

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> bytes:
        headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7",
                   **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        request = urllib.request.Request(self.url + path, data=body, method=method,
                                         headers=headers)
        try:
            response = urllib.request.build_opener(_NoRedirect).open(request, timeout=60)
        except urllib.error.HTTPError as error:      # an answer all the same: kept in status
            response = error
        self.status = response.status
        for header in response.headers.get_all("Set-Cookie") or []:
            self.set_cookie_headers.append(header)
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.read()

    def visits(self, people: list[str], count: int) -> list[dict]:
        """``count`` new visit records with this phone's next seq numbers."""
        records = []
        for _ in range(count):
            self.seq += 1
            records.append({"id": str(uuid.uuid4()), "seq": self.seq, "kind": "visit",
                            "created_at": "2026-11-23T19:30:00+07:00",
                            "data": {"resident_id": people[self.seq % len(people)],
                                     "outcome": "considering", "reasons": ["want_more_info"],
                                     "follow_up_on": "2026-11-30"}})
        return records

    def push(self, records: list[dict]) -> list[dict]:
        """Send a batch; the server's results, one per record."""
        body = json.dumps({"device_id": self.device, "app_version": "production-test",
                           "pending": 0, "records": records}).encode()
        answer = self.request("POST", "/api/sync/push", body,
                              {"Content-Type": "application/json"})
        if self.status != 200:
            raise RuntimeError(f"push answered {self.status}: {answer[:200]!r}")
        return json.loads(answer)["results"]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None


def agent_people(db, username: str) -> list[str]:
    """The residents of an agent's villages."""
    return [r["id"] for r in rows(
        db, "SELECT r.id FROM residents r JOIN agent_villages av ON av.village_id = r.village_id"
            " JOIN users u ON u.id = av.user_id WHERE u.username = ? ORDER BY r.id", (username,))]
