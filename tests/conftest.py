"""Fixtures: an app on a fresh copy of the demo database, clients logged in as each demo role,
a real server process, and Debian's Chromium driven by Playwright.

A module marked ``both_engines`` runs each test that uses the app or its database twice: on a
SQLite file and on a PostgreSQL database (a throwaway cluster for the session,
tests/postgresql_server.py). A test in it marked ``sqlite_only`` runs on SQLite alone."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

# Every test runs on one pinned day, whatever the calendar says: the app, the live server
# processes (they inherit the environment) and Chromium (through Playwright's clock) agree on it.
PINNED = "2026-11-28T09:00:00+07:00"
os.environ["AGENT_APP_CLOCK"] = PINNED

from support import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    AuthActions,
    LiveServer,
    desk_context,
    phone_context,
)

from agent_app import create_app, demo, store  # noqa: E402


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


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def auth(client) -> AuthActions:
    return AuthActions(client)


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


