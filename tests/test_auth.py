"""Roles, scope and the protections around them, through the Flask test client."""

from agent_app import create_app
from agent_app.store import scalar


def test_login_shows_assigned_villages(auth, client):
    response = auth.login("agent1")
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Ấp Lộc Ninh" in page
    assert "Ấp Ninh Thạnh" not in page          # agent2's village


def test_wrong_password_is_refused(auth):
    response = auth.login("agent1", "wrong")
    assert response.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.get_data(as_text=True)


def test_agent_gets_404_for_another_agents_village(auth, client, db):
    auth.login("agent1")
    other = scalar(db, "SELECT id FROM villages WHERE name = 'Ấp Ninh Thạnh'")
    own = scalar(db, "SELECT id FROM villages WHERE name = 'Ấp Lộc Ninh'")
    assert client.get(f"/villages/{own}").status_code == 200
    assert client.get(f"/villages/{other}").status_code == 404
    assert client.get("/villages/999999").status_code == 404


def test_official_sees_only_their_commune(auth, client, db):
    auth.login("official1")
    inside = scalar(db, "SELECT id FROM villages WHERE name = 'Ấp Xẻo Tràm'")
    outside = scalar(db, "SELECT id FROM villages WHERE name = 'Ấp Vĩnh Hoà'")
    assert client.get(f"/villages/{inside}").status_code == 200
    assert client.get(f"/villages/{outside}").status_code == 404


def test_anonymous_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_post_without_csrf_token_is_refused(client):
    response = client.post("/login", data={"username": "agent1", "password": "demo1234"})
    assert response.status_code == 400


def test_login_is_throttled_after_repeated_failures(auth, client):
    for _ in range(5):
        auth.login("agent1", "wrong")
    response = auth.login("agent1")              # right password, but locked for now
    assert response.status_code == 429
    assert "thử lại sau" in response.get_data(as_text=True)


def test_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


def test_session_cookie_flags(auth):
    response = auth.login("agent1")
    cookies = response.headers.getlist("Set-Cookie")
    session = next(c for c in cookies if c.startswith("session="))
    assert "HttpOnly" in session and "SameSite=Lax" in session


def test_production_refuses_default_secret_and_demo_passwords(db_path, monkeypatch):
    monkeypatch.setenv("AGENT_APP_ENV", "production")
    monkeypatch.setenv("AGENT_APP_DATABASE", str(db_path))
    monkeypatch.delenv("AGENT_APP_SECRET_KEY", raising=False)
    try:
        create_app()
    except RuntimeError as error:
        message = str(error)
    else:
        raise AssertionError("production start was not refused")
    assert "AGENT_APP_SECRET_KEY" in message
    assert "agent1" in message                   # demo password still active
