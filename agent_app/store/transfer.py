"""A SQLite database copied into PostgreSQL (`agent-app migrate-to-postgresql`), verified.

The target gets the schema from its own migrations, then every table's rows (the rules the
migrations seeded replaced by the source's) by COPY in one
transaction, foreign keys dropped for the copy and added back before the commit (so PostgreSQL
checks every reference once, whatever order the rows came in) and the change-feed triggers off
(the copied ``changes`` rows are the feed; the copy must not add to it). Generated ids carry on
after the largest copied one. Then each table is compared: the same number of rows and the same
SHA-256 over its rows (order-free: a digest per row, sorted), read back from both sides.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import psycopg

from . import _migrations, migrate, postgresql, scalar

SKIPPED = ("schema_migrations", "sqlite_sequence")


class TransferRefused(Exception):
    """A copy that cannot go ahead or did not come out equal: the message says why."""


def migrate_to_postgresql(source: Path, url: str) -> dict[str, dict]:
    """Copy ``source`` into the empty PostgreSQL database at ``url``; per table its row count
    and hash, the same on both sides."""
    lite = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        _check_source(lite, source)
        target = postgresql.connect(url)
        try:
            migrate(target)
            if scalar(target, "SELECT (SELECT count(*) FROM users)"
                              " + (SELECT count(*) FROM residents)"
                              " + (SELECT count(*) FROM records)"):
                raise TransferRefused(f"{_shown(url)} holds data already: copy into an empty"
                                      " database")
            lite.execute("BEGIN")          # one snapshot of the source, even if it is in use
            tables = _tables(lite)
            _copy(lite, target.conn.raw, tables)
            sums = {table: _summary(lite, target.conn.raw, table, columns)
                    for table, columns in tables.items()}
        finally:
            target.conn.close()
    finally:
        lite.close()
    unequal = [t for t, s in sums.items() if s["source"] != s["target"]]
    if unequal:
        raise TransferRefused("copied rows differ from the source in: " + ", ".join(unequal))
    return {table: s["source"] for table, s in sums.items()}


def _check_source(lite: sqlite3.Connection, source: Path) -> None:
    try:
        versions = {r[0] for r in lite.execute("SELECT version FROM schema_migrations")}
    except sqlite3.DatabaseError as error:
        raise TransferRefused(f"{source} is not this app's SQLite database ({error})") from None
    known = {version for version, _sql in _migrations()}
    if versions != known:
        raise TransferRefused(f"{source} is at another schema version: run `agent-app init-db`"
                              " on it with this version first")


def _tables(lite: sqlite3.Connection) -> dict[str, list[str]]:
    names = [r[0] for r in lite.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " ORDER BY name")]
    return {name: [c[1] for c in lite.execute(f'PRAGMA table_info("{name}")')]
            for name in names if name not in SKIPPED}


def _copy(lite: sqlite3.Connection, pg: psycopg.Connection, tables: dict[str, list[str]]) -> None:
    with pg.transaction():
        keys = pg.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
            " FROM pg_constraint WHERE contype = 'f'"
            " AND connamespace = current_schema()::regnamespace").fetchall()
        for table, name, _definition in keys:
            pg.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        # The rows the migrations seeded (the rules) come from the source as it has them.
        pg.execute(f"TRUNCATE {', '.join(tables)}")
        for table, columns in tables.items():
            pg.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            listed = ", ".join(columns)
            with pg.cursor().copy(f"COPY {table} ({listed}) FROM STDIN") as copy:
                for values in lite.execute(f"SELECT {listed} FROM {table}"):
                    copy.write_row(values)
            pg.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        for table, name, definition in keys:
            pg.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for (table,) in pg.execute(
                "SELECT table_name FROM information_schema.columns WHERE column_name = 'id'"
                " AND is_identity = 'YES' AND table_schema = current_schema()").fetchall():
            pg.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                       f" coalesce((SELECT max(id) FROM {table}), 0) + 1, false)")
        pg.execute("SELECT setval('changes_id_seq',"
                   " coalesce((SELECT max(id) FROM changes), 0) + 1, false)")


def _summary(lite: sqlite3.Connection, pg: psycopg.Connection, table: str,
             columns: list[str]) -> dict[str, dict]:
    listed = ", ".join(columns)
    return {"source": _digest(lite.execute(f"SELECT {listed} FROM {table}")),
            "target": _digest(pg.execute(f"SELECT {listed} FROM {table}"))}


def _digest(found) -> dict:
    """Rows and an order-free SHA-256 of them (each value as JSON: 1 and '1' differ)."""
    digests = sorted(hashlib.sha256(json.dumps(list(values), ensure_ascii=False).encode())
                     .digest() for values in found)
    return {"rows": len(digests), "sha256": hashlib.sha256(b"".join(digests)).hexdigest()}


def _shown(url: str) -> str:
    """The URL without its password, for messages."""
    info = psycopg.conninfo.conninfo_to_dict(url)
    return f"{info.get('dbname', '')} on {info.get('host', 'localhost')}"
