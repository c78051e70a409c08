"""Error pages a person can read, in the app's frame with a way back; JSON under /api/; and a
refused production start that prints its reasons, not a traceback."""

import os
import subprocess
import sys

import pytest
from support import ROOT

from agent_app import create_app

FRAMEWORK_WORDS = ("Not Found", "Forbidden", "Method Not Allowed", "Bad Request",
                   "Request Entity Too Large", "Internal Server Error")


def assert_app_page(response, status: int, title: str) -> str:
    page = response.get_data(as_text=True)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert 'class="topbar"' in page and f"<h1>{title}</h1>" in page
    assert 'href="/"' in page                                 # a way back home
    for words in FRAMEWORK_WORDS:
        assert words not in page, words
    return page


def test_a_missing_page(client):
    assert_app_page(client.get("/no-such-page"), 404, "Không tìm thấy trang")
    page = assert_app_page(client.get("/no-such-page?lang=en"), 404, "Page not found")
    assert '<html lang="en">' in page


def test_a_page_outside_the_role(client, auth):
    auth.login("agent1")
    page = assert_app_page(client.get("/admin/parameters/"), 403, "Không được phép")
    assert "Tài khoản agent1 (Nhân viên thu) không được mở trang này" in page


def test_a_stale_form_and_a_wrong_method(client):
    page = assert_app_page(client.post("/login", data={"username": "agent1"}), 400,
                           "Yêu cầu không hợp lệ")
    assert "tải lại trang" in page
    response = client.get("/logout")
    assert_app_page(response, 405, "Không thực hiện được")
    assert "POST" in response.headers["Allow"].split(", ")


def test_a_body_too_large(db_path):
    app = create_app({"TESTING": True, "DATABASE": str(db_path), "SECRET_KEY": "test",
                      "MAX_CONTENT_LENGTH": 1024, "WTF_CSRF_ENABLED": False})
    response = app.test_client().post("/login", data={"username": "x" * 4096})
    page = assert_app_page(response, 413, "Dữ liệu quá lớn")
    assert "vượt quá giới hạn 1 KB" in page


def test_a_server_error_is_a_page_too(db_path):
    app = create_app({"TESTING": False, "DATABASE": str(db_path), "SECRET_KEY": "test"})

    def broken():
        raise RuntimeError("a bug")

    app.add_url_rule("/broken", "broken", broken)
    response = app.test_client().get("/broken")
    page = assert_app_page(response, 500, "Máy chủ gặp lỗi")
    assert "a bug" not in page and "Traceback" not in page


def test_the_referring_page_is_the_way_back(client, auth):
    auth.login("official1")
    response = client.get("/communes/31843/residents/nobody",
                          headers={"Referer": "http://localhost/communes/31843/"})
    page = assert_app_page(response, 404, "Không tìm thấy trang")
    assert 'href="http://localhost/communes/31843/"' in page
    outside = client.get("/communes/31843/residents/nobody",
                         headers={"Referer": "http://evil.example/"})
    assert "evil.example" not in outside.get_data(as_text=True)


@pytest.mark.parametrize(("method", "url", "status", "code"), [
    ("get", "/api/nothing-here", 404, "not_found"),
    ("get", "/api/sync/push", 405, "method_not_allowed"),
])
def test_the_api_answers_json(client, method, url, status, code):
    response = getattr(client, method)(url)
    assert response.status_code == status and response.is_json
    assert response.get_json()["error"] == code
    assert response.get_json()["message"]


def test_a_refused_production_start_prints_the_reasons_alone(db_path):
    env = {key: value for key, value in os.environ.items() if key != "AGENT_APP_SECRET_KEY"}
    env.update(AGENT_APP_ENV="production", AGENT_APP_DATABASE=str(db_path))
    result = subprocess.run([sys.executable, "-m", "agent_app.cli", "serve"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "File \"" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "Refusing to start in production:"
    assert any("AGENT_APP_SECRET_KEY" in line for line in lines[1:])
    assert any("agent1" in line for line in lines[1:])
    assert all(line.startswith("- ") for line in lines[1:])
