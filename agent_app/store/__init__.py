"""The store: the only place that speaks SQL.

One connection per request, kept on ``g`` (as flaskr does). Each submodule holds the queries for
one concern and takes the ``Database`` as its first argument, so the CLI, the sync ingest and the
benchmarks call the same functions as the views. The database is a SQLite file (the default) or,
for a ``postgresql://`` URL, a PostgreSQL database spoken to through ``postgresql.py``.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import sqlite_utils
from flask import Flask, current_app, g

from ..domain.clock import utc_now
from . import postgresql
from .writer import writer_lock

POSTGRESQL_SCHEMES = ("postgresql://", "postgres://")


def is_postgresql(target: object) -> bool:
    """A ``postgresql://`` URL, or a connection to one."""
    if isinstance(target, postgresql.Database):
        return True
    return isinstance(target, str) and target.startswith(POSTGRESQL_SCHEMES)


def connect(path: str | Path) -> sqlite_utils.Database:
    """Open the database (a SQLite file, or a PostgreSQL URL) with the settings it needs."""
    if is_postgresql(path):
        return postgresql.connect(str(path))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=30, check_same_thread=False, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA busy_timeout = 30000")
    # Checkpoints run after the writer lock is released (transaction()), not inside a commit.
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    db = sqlite_utils.Database(conn)
    db.engine = "sqlite"
    db.writer = writer_lock(path)
    return db


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """All-or-nothing. Writers queue on the database's writer lock (store/writer.py), then
    BEGIN IMMEDIATE, so a writer from outside the app still waits instead of failing midway;
    the WAL is checkpointed after the lock is released. PostgreSQL's writers run at once."""
    if is_postgresql(db):
        with postgresql.transaction(db):
            yield db
        return
    conn = db.conn
    if conn.in_transaction:
        yield db
        return
    with db.writer.held():
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    # Copy the WAL back into the database while the next writer goes on: SQLite's automatic
    # checkpoint would do it inside COMMIT, under the lock, a few hundred pages every few pushes.
    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")


def retrying(db: sqlite_utils.Database, work: Callable[[], object], attempts: int = 5):
    """Run ``work`` (which opens its own transaction) again when it lost a race to another
    writer on PostgreSQL (the same key inserted at once, a deadlock): the second run finds the
    winner's rows. SQLite's writers queue, so there it runs once, as it does inside a caller's
    transaction (which the failure ends)."""
    if not is_postgresql(db) or db.conn.in_transaction:
        return work()
    for attempt in range(attempts):
        try:
            return work()
        except postgresql.RETRYABLE:
            if attempt == attempts - 1:
                raise


def lock(db: sqlite_utils.Database, key: str) -> None:
    """Queue the writers of ``key`` until the transaction ends (on SQLite they all queue)."""
    if is_postgresql(db):
        postgresql.lock(db, key)


def integers(param: str) -> str:
    """The integers of a JSON list parameter, for ``x IN {integers(':ids')}`` (cast, because
    PostgreSQL compares an integer column with integers only)."""
    return f"(SELECT CAST(value AS INTEGER) FROM json_each({param}))"


def rows(db: sqlite_utils.Database, sql: str, params: dict | tuple = ()) -> list[dict]:
    """Run a query and return its rows as dicts."""
    return [dict(r) for r in db.conn.execute(sql, params)]


def row(db: sqlite_utils.Database, sql: str, params: dict | tuple = ()) -> dict | None:
    """The first row of a query as a dict, or None."""
    found = db.conn.execute(sql, params).fetchone()
    return dict(found) if found is not None else None


def scalar(db: sqlite_utils.Database, sql: str, params: dict | tuple = ()):
    """The first column of the first row, or None."""
    found = db.conn.execute(sql, params).fetchone()
    return found[0] if found is not None else None


def insert(db: sqlite_utils.Database, table: str, values: dict) -> int:
    """INSERT one row from a dict of column values (names come from our code, never from input)."""
    columns = ", ".join(values)
    marks = ", ".join(f":{name}" for name in values)
    return db.conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values).lastrowid


REBUILDS_TABLES = "-- foreign_keys: off"


def _migrations(engine: str = "sqlite") -> list[tuple[str, str]]:
    """The migrations in order, as (version, SQL). Each version is written once where both
    engines read it alike; where their dialects differ, ``migrations/postgresql/`` holds the
    version in PostgreSQL's words (tests/store/test_store_engines.py holds the two lists equal)."""
    folder = resources.files("agent_app.store") / "migrations"
    found = dict(_sql_files(folder))
    if engine == "postgresql":
        found.update(_sql_files(folder / "postgresql"))
    return sorted(found.items())


def _sql_files(folder) -> list[tuple[str, str]]:
    return [(p.name.split("_", 1)[0], p.read_text("utf-8")) for p in folder.iterdir()
            if p.name.endswith(".sql")]


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply every migration not yet recorded; return the versions applied now.

    A file that starts with ``-- foreign_keys: off`` rebuilds tables (the only way SQLite changes
    a CHECK): it runs with foreign keys off, as SQLite's ALTER TABLE guide prescribes, and is
    refused whole if ``foreign_key_check`` finds a broken reference before it commits.
    """
    if is_postgresql(db):
        return _migrate_postgresql(db)
    db.conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT)"
    )
    done = {r[0] for r in db.conn.execute("SELECT version FROM schema_migrations")}
    applied = []
    for version, sql in _migrations():
        if version in done:
            continue
        rebuilds = sql.startswith(REBUILDS_TABLES)
        if rebuilds:
            db.conn.execute("PRAGMA foreign_keys = OFF")
        try:
            with transaction(db):
                # Asked again under the lock: another process may have applied it meanwhile.
                if scalar(db, "SELECT 1 FROM schema_migrations WHERE version = ?", (version,)):
                    continue
                for statement in _statements(sql):
                    db.conn.execute(statement)
                if rebuilds and db.conn.execute("PRAGMA foreign_key_check").fetchone():
                    raise sqlite3.IntegrityError(f"migration {version} breaks a foreign key")
                db.conn.execute(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                    (version, utc_now()),
                )
        finally:
            db.conn.execute("PRAGMA foreign_keys = ON")
        applied.append(version)
    return applied


def _migrate_postgresql(db: postgresql.Database) -> list[str]:
    """Each migration in a transaction of its own (PostgreSQL's DDL is transactional), under a
    lock, so two processes starting at once apply each version once."""
    applied = []
    done = set()
    if scalar(db, "SELECT to_regclass('schema_migrations') IS NOT NULL"):
        done = {r[0] for r in db.conn.execute("SELECT version FROM schema_migrations")}
    for version, sql in _migrations("postgresql"):
        if version in done:
            continue
        with transaction(db):
            lock(db, "schema_migrations")
            db.conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations"
                            " (version TEXT PRIMARY KEY, applied_at TEXT)")
            if scalar(db, "SELECT 1 FROM schema_migrations WHERE version = ?", (version,)):
                continue
            db.conn.raw.execute(sql)
            db.conn.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                            (version, utc_now()))
        applied.append(version)
    db.conn.forget_schema()
    return applied


def _statements(sql: str) -> list[str]:
    """Split a migration file into statements (executescript would commit behind our back)."""
    statements, current = [], []
    for line in sql.splitlines():
        current.append(line)
        candidate = "\n".join(current)
        if sqlite3.complete_statement(candidate):
            if candidate.strip(" \n;"):
                statements.append(candidate)
            current = []
    return statements


_idle = threading.local()


def get_db() -> sqlite_utils.Database:
    """The request's connection, opened on first use (on PostgreSQL, the thread's last one)."""
    if "db" not in g:
        database = current_app.config["DATABASE"]
        kept = getattr(_idle, "db", None)
        _idle.db = None
        if kept is not None and kept.url == database:
            g.db = kept
        else:
            if kept is not None:
                kept.conn.close()
            g.db = connect(database)
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    """SQLite files are opened per request; a PostgreSQL connection (a server process each)
    is kept for the thread's next request, unless a transaction was left open."""
    db = g.pop("db", None)
    if db is None:
        return
    if is_postgresql(db) and not db.conn.raw.closed and not db.conn.in_transaction:
        _idle.db = db
    else:
        db.conn.close()


def init_app(app: Flask) -> None:
    """Close connections after each request; bring the schema up to date at start-up."""
    app.teardown_appcontext(close_db)
    db = connect(app.config["DATABASE"])
    try:
        migrate(db)
    finally:
        db.conn.close()
