"""The two engines behind the store: one list of migrations, SQLite's SQL read by PostgreSQL."""

from __future__ import annotations

import pytest

from agent_app import store
from agent_app.store import _migrations, postgresql, rows, scalar

pytestmark = pytest.mark.both_engines


def test_every_migration_exists_for_both_engines():
    sqlite = [version for version, _sql in _migrations("sqlite")]
    assert [version for version, _sql in _migrations("postgresql")] == sqlite
    assert sqlite == sorted(set(sqlite))


def test_placeholders_and_percent_signs_outside_quotes_only():
    sql, returns_id = postgresql.translate(
        "SELECT '50% ?' AS t, x FROM t WHERE a = ? AND b = :name AND c::text IS NOT 'x'",
        True, frozenset())
    assert sql == ("SELECT '50%% ?' AS t, x FROM t WHERE a = %s AND b = %(name)s"
                   " AND c::text IS DISTINCT FROM 'x'")
    assert not returns_id
    sql, returns_id = postgresql.translate("INSERT OR IGNORE INTO users (a) VALUES (?)", True,
                                           frozenset({"users"}))
    assert sql == "INSERT INTO users (a) VALUES (%s) ON CONFLICT DO NOTHING RETURNING id"
    assert returns_id


def test_sqlite_functions_answer_alike(db):
    assert rows(db, "SELECT date('2026-11-27T18:30:00Z', '+7 hours') AS day,"
                    " json_extract('{\"kind\": \"visit\"}', '$.kind') AS kind,"
                    " json_valid('{') AS broken, json_array_length('[1, 2]') AS n,"
                    " 1 IS 1 AS same") == [
        {"day": "2026-11-28", "kind": "visit", "broken": 0, "n": 2, "same": 1}]
    assert sorted(scalar(db, "SELECT group_concat(code) FROM (SELECT '1' AS code UNION ALL"
                             " SELECT '2') AS c").split(",")) == ["1", "2"]
    assert scalar(db, "SELECT sum(amount) FROM enrolments") == sum(
        r["amount"] for r in rows(db, "SELECT amount FROM enrolments"))
    assert isinstance(scalar(db, "SELECT sum(amount) FROM enrolments"), int)
    assert store.integers(":ids") == "(SELECT CAST(value AS INTEGER) FROM json_each(:ids))"
