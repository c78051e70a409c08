"""One writer at a time per database file, across the threads and processes of a server.

SQLite already allows only one writer, and ``BEGIN IMMEDIATE`` with ``busy_timeout`` makes the
others wait; but they wait in SQLite's busy handler, which polls with sleeps of up to 100 ms, so
under load the slowest pushes waited seconds while the lock sat free. Writers queue here instead:
a thread lock inside a process, then ``flock`` on a file beside the database between processes
(gunicorn's workers). The kernel wakes the next waiter as soon as the lock is released.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class WriterLock:
    """Re-entrant within a thread; the file is opened per process (a descriptor inherited across
    fork would be one lock shared by parent and child, excluding nothing)."""

    def __init__(self, path: Path):
        self.path = path
        self.reset()

    def reset(self) -> None:
        """Unlocked, no descriptor: a new lock, as a forked child needs it."""
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._fd: int | None = None

    @contextmanager
    def held(self) -> Iterator[None]:
        with self._thread_lock:
            if self._depth == 0:
                if self._fd is None:
                    self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
                fcntl.flock(self._fd, fcntl.LOCK_EX)
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    fcntl.flock(self._fd, fcntl.LOCK_UN)


_LOCKS: dict[Path, WriterLock] = {}
_LOCKS_GUARD = threading.Lock()


def writer_lock(database: Path) -> WriterLock:
    """The process's lock for a database file (``<file>.writer-lock`` beside it)."""
    key = database.resolve()
    with _LOCKS_GUARD:
        lock = _LOCKS.get(key)
        if lock is None:
            lock = _LOCKS[key] = WriterLock(key.with_name(key.name + ".writer-lock"))
        return lock


def _reset_after_fork() -> None:
    # A forked worker holds none of its parent's locks and opens descriptors of its own; the
    # parent's stay open in the child, unused (the process forks once per worker).
    global _LOCKS_GUARD
    _LOCKS_GUARD = threading.Lock()
    for lock in _LOCKS.values():
        lock.reset()


os.register_at_fork(after_in_child=_reset_after_fork)
