"""A throwaway PostgreSQL cluster for the tests: Debian's server binaries, initdb into a temporary
folder, a unix socket in that folder (no TCP port to collide on), stopped and removed at the end.

initdb and the server refuse to run as root, and CI runs as root: there they run as the
``postgres`` account the Debian package creates, in a folder handed to it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

DEBIAN_BINARIES = Path("/usr/lib/postgresql")
# Durability is for real data: a cluster that lives for one test session may lose it all.
FAST = ("-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        " -c max_connections=200 -c shared_buffers=64MB")
# The benchmark's: durable, committing as SQLite does with synchronous=NORMAL in WAL mode (a
# power cut may lose the last commits, never corrupts), memory as a small server would give it.
BENCH = ("-c synchronous_commit=off -c max_connections=300 -c shared_buffers=1GB"
         " -c effective_cache_size=4GB -c work_mem=16MB -c max_wal_size=4GB")


def binaries() -> Path:
    """The newest installed server version's bin folder (`make test` installs `postgresql`)."""
    found = sorted(DEBIAN_BINARIES.glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: `make test` installs Debian's postgresql")
    return found[-1].parent


class Cluster:
    def __init__(self, settings: str = FAST) -> None:
        self.bin = binaries()
        self.folder = Path(tempfile.mkdtemp(prefix="agent-app-postgresql-"))
        self.data = self.folder / "data"
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"), "-w",
                  "-o", f"-k {self.folder} -c listen_addresses='' {settings}", "start")
        self.host = str(self.folder)
        self._admin: psycopg.Connection | None = None

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.host}"

    def admin(self) -> psycopg.Connection:
        """One connection to the maintenance database, for creating and dropping the others."""
        if self._admin is None or self._admin.closed:
            self._admin = psycopg.connect(self.url(), autocommit=True)
        return self._admin

    def create_database(self, name: str, template: str | None = None) -> str:
        self.admin().execute(f'CREATE DATABASE "{name}"'
                             + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.admin().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self._admin is not None:
            self._admin.close()
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, cwd=self.folder)
