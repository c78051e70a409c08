"""What tests share besides fixtures: the live server process, Chromium's phone and desk,
logging in. Test modules import these from here (conftest.py holds only fixtures)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from agent_app import demo
from agent_app.domain import clock

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


# The demo's week arrives as one push per agent from a device of its own (app version "demo"):
# tests that count what their own phone sent filter with these.
TEST_PHONE = "device_id IN (SELECT id FROM devices WHERE app_version IS NOT 'demo')"


TEST_PUSHES = "app_version IS NOT 'demo'"


CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


def csrf_token(client, url: str = "/login") -> str:
    page = client.get(url).get_data(as_text=True)
    return CSRF.search(page).group(1)


class AuthActions:
    def __init__(self, client):
        self.client = client

    def login(self, username: str = "agent1", password: str = demo.DEMO_PASSWORD):
        token = csrf_token(self.client)
        return self.client.post("/login", data={"username": username, "password": password,
                                                "csrf_token": token})

    def csrf(self, url: str = "/") -> str:
        return csrf_token(self.client, url)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """`agent-app serve` in its own process, on a database file of its own."""

    def __init__(self, db_path: Path | str, extra_env: dict | None = None, args: list[str] = (),
                 log_path: Path | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "AGENT_APP_DATABASE": str(db_path), "AGENT_APP_SECRET_KEY": "test",
               **(extra_env or {})}
        # The request log goes to a file beside the database: a pipe nobody reads fills up
        # under load and stalls the server.
        self.log_path = log_path or Path(db_path).with_suffix(".server.log")
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "agent_app.cli", "serve", "--port", str(self.port), *args],
            cwd=ROOT, env=env, stdout=self._log, stderr=self._log)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/login", timeout=1)
                return
            except OSError:
                if self.process.poll() is not None:
                    self._log.close()
                    raise RuntimeError(self.log_path.read_text("utf-8", "replace")) from None
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._log.close()


def phone_context(browser, **options):
    """A 360 × 740 Vietnamese phone whose clock reads the pinned day, as the server's does."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN",
                                  **options)
    context.clock.install(time=clock.now())
    return context


def desk_context(browser, **options):
    """A 1366 × 768 office screen (officials, supervisors, admins), on the pinned day too."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN",
                                  **options)
    context.clock.install(time=clock.now())
    return context


def browser_login(page, server: LiveServer, username: str) -> None:
    page.goto(server.url + "/login")
    page.fill("#username", username)
    page.fill("#password", demo.DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    page.wait_for_load_state("networkidle")
