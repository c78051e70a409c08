"""Copies of the database that restore: SQLite's online backup API, both ways.

A backup copies every page in one step, so it reads one snapshot: consistent while the server
goes on storing pushes (in WAL mode writers do not wait for it; a backup in several steps would
start over each time a push commits). It is written beside its final name and renamed there only
once it is whole and passes ``quick_check``.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from . import _migrations, connect, migrate, scalar, utc_now


class BackupRefused(Exception):
    """A backup or restore that would lose or spoil data: the message says why."""


def backup(database: Path, target: Path) -> dict:
    """Copy ``database`` to ``target`` (a new file); its size and record count."""
    if target.exists():
        raise BackupRefused(f"{target} exists already: choose a new name or a folder")
    partial = target.with_name(target.name + ".partial")
    source = connect(database)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.conn.backup(copy)
            _check(copy, partial)
            records = copy.execute("SELECT count(*) FROM records").fetchone()[0]
        finally:
            copy.close()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        source.conn.close()
    os.replace(partial, target)
    return {"path": target, "bytes": target.stat().st_size, "records": records}


def restore(source: Path, database: Path, *, replace: bool) -> dict:
    """Copy a backup into the configured database, then bring its schema up to date.

    A database that holds data is replaced only with ``replace``, and is first backed up beside
    itself (``<name>.before-restore-<time>``), so a wrong restore can be undone. The backup API
    writes into it under the writer lock: a server still running sees the restored data, never
    a torn file.
    """
    backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        _check(backup_db, source)
        versions = {r[0] for r in backup_db.execute("SELECT version FROM schema_migrations")}
        newer = sorted(versions - {version for version, _sql in _migrations()})
        if newer:
            raise BackupRefused(f"{source} was made by a newer version (migrations"
                                f" {', '.join(newer)}): restore it with that version")
        live = connect(database)
        try:
            kept = None
            if holds_data(live):
                if not replace:
                    raise BackupRefused(f"{database} holds data: restoring would replace it"
                                        " (add --replace, after stopping the server)")
                kept = backup(database, database.with_name(
                    f"{database.name}.before-restore-{utc_now().replace(':', '')}"))["path"]
            with live.writer.held():
                backup_db.backup(live.conn)
            migrate(live)
            records = scalar(live, "SELECT count(*) FROM records")
        finally:
            live.conn.close()
    finally:
        backup_db.close()
    return {"path": database, "records": records, "kept": kept}


def holds_data(db) -> bool:
    """Anything an operator would miss: accounts, people or field records."""
    return bool(scalar(db, "SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM residents)"
                           " + (SELECT count(*) FROM records)"))


def _check(conn: sqlite3.Connection, path: Path) -> None:
    try:
        verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
        conn.execute("SELECT count(*) FROM schema_migrations").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupRefused(f"{path} is not a database of this app: {error}") from None
    if verdict != "ok":
        raise BackupRefused(f"{path} is damaged: {verdict}")
