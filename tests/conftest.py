"""Fixtures: an app on a fresh copy of the demo database, clients logged in as each demo role,
a real server process, and Debian's Chromium driven by Playwright.

A module marked ``both_engines`` runs each test that uses the app or its database twice: on a
SQLite file and on a PostgreSQL database (a throwaway cluster for the session,
tests/postgresql_server.py). A test in it marked ``sqlite_only`` runs on SQLite alone."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

# Every test runs on one pinned day, whatever the calendar says: the app, the live server
# processes (they inherit the environment) and Chromium (through Playwright's clock) agree on it.
PINNED = "2026-11-28T09:00:00+07:00"
os.environ["AGENT_APP_CLOCK"] = PINNED

from agent_app import clock, create_app, demo, store  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# The demo's week arrives as one push per agent from a device of its own (app version "demo"):
# tests that count what their own phone sent filter with these.
TEST_PHONE = "device_id IN (SELECT id FROM devices WHERE app_version IS NOT 'demo')"
TEST_PUSHES = "app_version IS NOT 'demo'"
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The demo database, seeded once per test session; tests get copies."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    db = store.connect(path)
    store.migrate(db)
    demo.seed(db)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    return path


@pytest.fixture
def db_path(tmp_path, demo_template) -> Path:
    path = tmp_path / "app.sqlite3"
    shutil.copy(demo_template, path)
    return path


ENGINES = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc):
    if ("engine" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_engines")
            and not metafunc.definition.get_closest_marker("sqlite_only")):
        metafunc.parametrize("engine", ENGINES, indirect=True)


@pytest.fixture
def engine(request) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def postgresql_cluster():
    from postgresql_server import Cluster

    cluster = Cluster()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def postgresql_template(postgresql_cluster) -> str:
    """The demo, seeded once per session into a database the tests' databases are copied from."""
    db = store.connect(postgresql_cluster.create_database("demo_template"))
    store.migrate(db)
    demo.seed(db)
    db.conn.close()
    return "demo_template"


@pytest.fixture
def postgresql_url(request, postgresql_cluster, postgresql_template) -> str:
    name = "test_" + re.sub(r"\W", "_", request.node.name)[-50:].lower()
    url = postgresql_cluster.create_database(name, template=postgresql_template)
    yield url
    postgresql_cluster.drop_database(name)


@pytest.fixture
def database(request, engine) -> str:
    """The app's DATABASE: a copy of the demo on the engine the test runs on."""
    if engine == "postgresql":
        return request.getfixturevalue("postgresql_url")
    return str(request.getfixturevalue("db_path"))


@pytest.fixture
def app(database):
    return create_app({"TESTING": True, "DATABASE": database, "SECRET_KEY": "test"})


@pytest.fixture
def db(app):
    connection = store.connect(app.config["DATABASE"])
    yield connection
    connection.conn.close()


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


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def auth(client) -> AuthActions:
    return AuthActions(client)


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


@pytest.fixture
def live_server(db_path):
    server = LiveServer(db_path)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def playwright_instance():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


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


@pytest.fixture
def desk(browser):
    """A page on the office screen."""
    context = desk_context(browser)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page(browser):
    context = phone_context(browser)
    page = context.new_page()
    yield page
    context.close()


def browser_login(page, server: LiveServer, username: str) -> None:
    page.goto(server.url + "/login")
    page.fill("#username", username)
    page.fill("#password", demo.DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    page.wait_for_load_state("networkidle")
