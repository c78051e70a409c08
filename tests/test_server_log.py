"""The real server's access log must not carry personal data from query strings."""

import subprocess
import sys
import time
import urllib.request

from support import ROOT, free_port


def test_access_log_drops_query_strings(db_path):
    port = free_port()
    env = {"AGENT_APP_DATABASE": str(db_path), "AGENT_APP_SECRET_KEY": "test", "PATH": "/usr/bin"}
    server = subprocess.Popen([sys.executable, "-m", "agent_app.cli", "serve", "--port", str(port)],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}/login?q=Nguy%E1%BB%85n+V%C4%83n+An&cccd=001090012345"
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                time.sleep(0.1)
    finally:
        server.terminate()
        _out, err = server.communicate(timeout=10)
    log = err.decode()
    assert '"GET /login" 200' in log
    assert "001090012345" not in log and "Nguy" not in log
