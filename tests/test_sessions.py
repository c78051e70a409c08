"""Sessions and the login: cookies that end at logout and at a password change, returning only to
this site's pages, a login that takes as long for a name that does not exist, and the
production refusals and headers."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import pytest
from support import csrf_token
from werkzeug.security import generate_password_hash

from agent_app import config, create_app, demo
from agent_app.store import scalar, transaction
from agent_app.store import users as user_store

STRONG = "correct horse battery staple 2026"


def cookie(response, name: str) -> str:
    found = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(name + "=")]
    assert found, f"no {name} cookie set"
    return found[-1]


def replay(app, cookies: dict[str, str]):
    """A fresh browser holding only these cookies."""
    other = app.test_client()
    for name, value in cookies.items():
        other.set_cookie(name, value)
    return other


def login_cookies(client, auth, username: str = "agent1") -> dict[str, str]:
    assert auth.login(username).status_code == 302
    return {name: client.get_cookie(name).value for name in ("session", "remember_token")}


def test_logout_ends_the_session_and_the_remember_me_cookie(app, client, auth):
    copied = login_cookies(client, auth)
    assert replay(app, copied).get("/").status_code == 200
    client.post("/logout", data={"csrf_token": auth.csrf("/")})
    assert replay(app, copied).get("/").status_code == 302
    assert replay(app, {"remember_token": copied["remember_token"]}).get("/").status_code == 302


def test_a_password_change_ends_every_session_of_the_account(app, client, auth, db):
    copied = login_cookies(client, auth)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["set-password", "agent1"], input=f"{STRONG}\n{STRONG}\n")
    assert result.exit_code == 0, result.output
    assert client.get("/").status_code == 302
    assert replay(app, {"remember_token": copied["remember_token"]}).get("/").status_code == 302
    assert auth.login("agent1", STRONG).status_code == 302


def test_the_remember_me_cookie_lasts_ten_days_not_a_year(client, auth):
    response = auth.login("agent1")
    expires = parsedate_to_datetime(cookie(response, "remember_token").split("Expires=")[1]
                                    .split(";")[0])
    days = (expires - datetime.now(UTC)).total_seconds() / 86400
    assert 9.9 < days <= 10


@pytest.mark.parametrize("next_url", [
    "/%09/evil.example", "//evil.example", "/%5Cevil.example", "/%5C/evil.example",
    "%09//evil.example", "/%0A/evil.example", "https://evil.example/",
    "/%2F%2Fevil.example", "https:/evil.example", "javascript:alert(1)", "/%20/evil.example",
])
def test_login_returns_only_to_a_page_of_this_site(client, next_url):
    token = csrf_token(client)
    response = client.post("/login", query_string=f"next={next_url}", data={
        "username": "agent1", "password": demo.DEMO_PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_keeps_a_page_of_this_site_to_return_to(client):
    token = csrf_token(client)
    response = client.post("/login", query_string="next=/villages/1%3Ffilter%3Dtodo", data={
        "username": "agent1", "password": demo.DEMO_PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/villages/1?filter=todo"


def test_an_unknown_username_costs_one_password_check_like_a_known_one(client, monkeypatch):
    checked = []
    real = user_store.check_password_hash

    def spy(hashed: str, password: str) -> bool:
        checked.append(hashed.split("$")[0])
        return real(hashed, password)

    monkeypatch.setattr("agent_app.auth.check_password_hash", spy)
    for username in ("agent1", "nobody-here"):
        token = csrf_token(client)
        client.post("/login", data={"username": username, "password": "wrong",
                                    "csrf_token": token})
    assert len(checked) == 2 and checked[0] == checked[1]


def production(monkeypatch, db_path, secret: str = "s" * 32):
    monkeypatch.setenv("AGENT_APP_ENV", "production")
    monkeypatch.setenv("AGENT_APP_DATABASE", str(db_path))
    monkeypatch.setenv("AGENT_APP_SECRET_KEY", secret)
    monkeypatch.delenv("AGENT_APP_CLOCK", raising=False)
    return create_app


def no_demo_passwords(db) -> None:
    with transaction(db):
        for user in user_store.list_users(db):
            user_store.set_password(db, user["id"], STRONG)


def refusal(start) -> str:
    with pytest.raises(RuntimeError) as refused:
        start()
    return str(refused.value)


def test_production_refuses_a_secret_key_under_32_bytes(monkeypatch, db_path, db):
    no_demo_passwords(db)
    message = refusal(production(monkeypatch, db_path, "s" * 31))
    assert "32" in message and "AGENT_APP_SECRET_KEY" in message
    assert production(monkeypatch, db_path, "s" * 32)()
    assert any("32" in p for p in config.production_problems({"SECRET_KEY": "ngắn"}, []))


def test_production_refuses_a_demo_password_set_again_by_hand(monkeypatch, db_path, db, app):
    no_demo_passwords(db)
    result = app.test_cli_runner().invoke(args=["set-password", "agent2"],
                                          input=f"{demo.DEMO_PASSWORD}\n{demo.DEMO_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    with transaction(db):
        db.conn.execute("UPDATE users SET password_hash = ? WHERE username = 'official1'",
                        (generate_password_hash(demo.DEMO_PASSWORD),))
    message = refusal(production(monkeypatch, db_path))
    assert "agent2" in message and "official1" in message and "agent1" not in message
    assert scalar(db, "SELECT count(*) FROM users WHERE demo_checked_hash = password_hash") \
        == scalar(db, "SELECT count(*) FROM users")


def test_production_sends_hsts_and_pages_with_personal_data_are_never_stored(
        monkeypatch, db_path, db):
    no_demo_passwords(db)
    app = production(monkeypatch, db_path)()
    app.config.update(TESTING=True, SESSION_COOKIE_SECURE=False, REMEMBER_COOKIE_SECURE=False,
                      WTF_CSRF_ENABLED=False)     # a plain-http client; CSRF is tested apart
    client = app.test_client()
    login = client.get("/login")
    assert login.headers["Strict-Transport-Security"].startswith("max-age=")
    client.post("/login", data={"username": "official1", "password": STRONG,
                                "csrf_token": csrf_token(client)})
    village = scalar(db, "SELECT id FROM villages WHERE commune_code = '31843' ORDER BY id")
    resident = scalar(db, "SELECT id FROM residents WHERE village_id = ?", (village,))
    for url in (f"/villages/{village}", f"/residents/{resident}", "/communes/31843/",
                "/communes/31843/list.csv", "/communes/31843/list.xlsx",
                f"/communes/31843/villages/{village}/list.csv",
                "/communes/31843/declarations.xlsx", "/supervisor/day.csv",
                "/api/sync/pull"):
        answer = client.get(url)
        assert answer.status_code in (200, 403), url
        assert answer.headers["Cache-Control"] == "no-store", url
    assert "no-store" not in client.get("/static/css/app.css").headers.get("Cache-Control", "")


def test_development_sends_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
