"""`agent-app migrate-to-postgresql`: a province's SQLite file copied into PostgreSQL, every
table verified, and the app carrying on there where it stopped."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from support import ROOT, TEST_PHONE, AuthActions

from agent_app import create_app, store
from agent_app.store import rows, scalar, transaction, transfer
from agent_app.store import users as user_store
from agent_app.store.transfer import TransferRefused, migrate_to_postgresql
from sync.kinds import Actor
from sync.pushes import Push, receive


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "agent_app.cli", *args], cwd=ROOT,
                          env={**os.environ, "AGENT_APP_SECRET_KEY": "test"},
                          capture_output=True, text=True, timeout=300)


def counts(db) -> dict[str, int]:
    tables = ("residents", "households", "records", "visits", "enrolments", "changes",
              "sync_pushes", "users", "audit_log", "premium_parameters")
    return {t: scalar(db, f"SELECT count(*) FROM {t}") for t in tables}


@pytest.fixture
def target(postgresql_cluster):
    name = f"copy_{uuid.uuid4().hex[:8]}"
    yield postgresql_cluster.create_database(name)
    postgresql_cluster.drop_database(name)


def test_the_copy_has_every_row_and_the_app_carries_on(db_path, target):
    lite = store.connect(db_path)
    person = scalar(lite, "SELECT id FROM residents WHERE full_name LIKE '%ễ%' LIMIT 1")
    before = counts(lite)
    last_change = scalar(lite, "SELECT max(id) FROM changes")
    last_user = scalar(lite, "SELECT max(id) FROM users")
    lite.conn.close()

    done = cli("migrate-to-postgresql", str(db_path), target)
    assert done.returncode == 0, done.stderr
    assert "every count and hash is the same on both sides" in done.stdout
    assert f"residents: {before['residents']:,} rows" in done.stdout

    db = store.connect(target)
    assert counts(db) == before
    assert scalar(db, "SELECT full_name FROM residents WHERE id = ?", (person,)) is not None
    # New ids follow the copied ones: users, and the change feed the phones' cursors point into.
    with transaction(db):
        new_user = user_store.create_user(db, "agent_after_copy", "mat-khau-dai-du-12",
                                          "agent", "Sau chuyển")
    assert new_user > last_user
    agent = Actor.of(db, user_store.get_user_by_name(db, "agent1"))
    resident = scalar(db, "SELECT id FROM residents WHERE village_id = ? LIMIT 1",
                      (min(agent.village_ids),))
    visit = {"id": str(uuid.uuid4()), "seq": 1, "kind": "visit",
             "created_at": "2026-11-28T08:00:00+07:00",
             "data": {"resident_id": resident, "outcome": "not_home"}}
    assert [r.status for r in receive(db, agent, Push(str(uuid.uuid4()), "t", 0, None,
                                                      [visit]))] == ["accepted"]
    assert scalar(db, "SELECT min(id) FROM changes WHERE entity_id = ?",
                  (visit["id"],)) > last_change
    assert scalar(db, f"SELECT count(*) FROM records WHERE {TEST_PHONE}") == 1
    db.conn.close()

    app = create_app({"TESTING": True, "DATABASE": target, "SECRET_KEY": "test"})
    agent_client = app.test_client()
    AuthActions(agent_client).login("agent1")
    checklist = agent_client.get(f"/villages/{min(agent.village_ids)}").get_data(as_text=True)
    db = store.connect(target)
    assert scalar(db, "SELECT full_name FROM residents WHERE id = ?", (resident,)) in checklist
    db.conn.close()


def test_a_database_with_data_is_never_written_over(db_path, target):
    migrate_to_postgresql(db_path, target)
    db = store.connect(target)
    before = counts(db)
    db.conn.close()
    with pytest.raises(TransferRefused, match="holds data already"):
        migrate_to_postgresql(db_path, target)
    refused = cli("migrate-to-postgresql", str(db_path), "sqlite:///elsewhere")
    assert refused.returncode != 0 and "postgresql://" in refused.stderr
    db = store.connect(target)
    assert counts(db) == before
    assert rows(db, "SELECT version FROM schema_migrations ORDER BY version")
    db.conn.close()


def test_a_copy_that_came_out_different_is_refused(db_path, target, monkeypatch):
    copy = transfer._copy

    def copy_then_change_a_name(lite, pg, tables):
        copy(lite, pg, tables)
        pg.execute("UPDATE residents SET full_name = full_name || ' ' WHERE id ="
                   " (SELECT min(id) FROM residents)")

    monkeypatch.setattr(transfer, "_copy", copy_then_change_a_name)
    with pytest.raises(TransferRefused, match="differ from the source in: .*residents"):
        migrate_to_postgresql(db_path, target)
