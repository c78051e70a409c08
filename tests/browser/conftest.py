"""Fixtures of the browser tests: a server process per module on its own copy of the demo (the
test-only fault switch on), its database, and a phone whose service worker runs."""

import shutil

import pytest
from support import LiveServer, phone_context

from agent_app import store


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_template):
    path = tmp_path_factory.mktemp("browser") / "app.sqlite3"
    shutil.copy(demo_template, path)
    live = LiveServer(path, {"AGENT_APP_TESTING_FAULTS": "1"})
    live.db_path = path
    yield live
    live.stop()


@pytest.fixture
def server_db(server):
    db = store.connect(server.db_path)
    yield db
    db.conn.close()


@pytest.fixture
def phone(browser):
    context = phone_context(browser, service_workers="allow")
    yield context.new_page()
    context.close()
