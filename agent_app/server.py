"""The production server: gunicorn running the app in several worker processes.

The app is built once in the master (migrations, production checks) and forked into the workers;
no database connection is open at that moment (one is opened per request). Signals as gunicorn
defines them: TERM stops gracefully (requests in flight finish, up to ``graceful_timeout``), HUP
replaces the workers gracefully (same code; an upgrade is a restart), USR1 reopens log files.
Docs: docs/deploy.md.
"""

from __future__ import annotations

import contextvars
import os

from flask import Flask
from gunicorn.app.base import BaseApplication

# The path without the query string: searches carry names, CCCDs and phone numbers.
ACCESS_LOG_FORMAT = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'


def default_workers() -> int:
    """``WEB_CONCURRENCY`` if set, else two per core: one writer at a time, the rest reading,
    parsing and rendering while it writes."""
    return int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1))


class ProductionServer(BaseApplication):
    def __init__(self, app: Flask, options: dict):
        self.app = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self) -> Flask:
        return self.app


def serve(app: Flask, host: str, port: int, workers: int, timeout: int) -> None:
    """Run until stopped; ``timeout`` is how long a worker may stay silent before it is
    replaced (an export of a whole commune takes a few seconds)."""
    server = ProductionServer(app, {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "sync",
        "timeout": timeout,
        "graceful_timeout": 30,
        "keepalive": 5,
        "preload_app": True,
        "accesslog": "-",
        "errorlog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        "proc_name": "agent-app",
        # Signals through systemd are the interface; several instances would share its path.
        "control_socket_disable": True,
    })
    # In a fresh context: the command's app context must not reach the workers, which serve
    # requests on this thread and would reuse it, one `g` for every request.
    contextvars.Context().run(server.run)
