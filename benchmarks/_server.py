"""A real server process for the benchmarks (the tests' LiveServer, with its log drained)."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import LiveServer  # noqa: E402


def start_server(db_path: Path) -> LiveServer:
    """Start `agent-app serve`; its request log is read away, or a full pipe would stall it."""
    server = LiveServer(db_path)
    threading.Thread(target=lambda: server.process.stderr.read(), daemon=True).start()
    return server
