"""The admin's account pages: create, reset a password, disable, assign villages or communes;
audited, and by the same rules as `agent-app create-user` and `set-password`."""

from agent_app.store import audit, rows, scalar
from agent_app.store import users as user_store

NEW_AGENT = {"username": "agent3", "display_name": "Đỗ Thị Hằng", "role": "agent",
             "password": "rừng-tràm-2026", "password2": "rừng-tràm-2026"}


def post(client, auth, url: str, data: dict, **extra):
    return client.post(url, data={**data, "csrf_token": auth.csrf("/admin/users/")}, **extra)


def village_ids(db, *names: str) -> list[int]:
    return [scalar(db, "SELECT id FROM villages WHERE name = ?", (name,)) for name in names]


def test_only_admins_manage_accounts(client, auth, db):
    agent = user_store.get_user_by_name(db, "agent2")
    for username in ("agent1", "official1", "supervisor1"):
        auth.login(username)
        assert client.get("/admin/users/").status_code == 403
        assert client.get("/admin/users/new").status_code == 403
        assert client.get(f"/admin/users/{agent['id']}").status_code == 403
        for url in ("/admin/users/new", f"/admin/users/{agent['id']}",
                    f"/admin/users/{agent['id']}/password", f"/admin/users/{agent['id']}/active"):
            response = post(client, auth, url, {**NEW_AGENT, "active": "0"})
            assert response.status_code == 403, url
    assert user_store.get_user(db, agent["id"])["active"] == 1
    assert client.get("/admin/users/999999").status_code == 403
    auth.login("admin")
    page = client.get("/admin/users/").get_data(as_text=True)
    assert "official1" in page and "Cán bộ xã" in page and "Xã Hồng Dân" in page


def test_an_admin_creates_an_agent_who_can_log_in_to_their_villages(client, auth, db):
    auth.login("admin")
    lộc_ninh, xẻo_tràm = village_ids(db, "Ấp Lộc Ninh", "Ấp Xẻo Tràm")
    response = post(client, auth, "/admin/users/new",
                    {**NEW_AGENT, "village": [str(lộc_ninh), str(xẻo_tràm)],
                     "commune": "31849", "phone": "+84 912 345 678"})   # commune: not an agent's
    assert response.status_code == 302
    created = user_store.get_user_by_name(db, "agent3")
    assert created["role"] == "agent" and created["display_name"] == "Đỗ Thị Hằng"
    assert created["phone"] == "0912345678"                  # as the CLI's --phone stores it
    scope = user_store.account_scope(db, created["id"])
    assert scope["villages"] == sorted([lộc_ninh, xẻo_tràm]) and scope["communes"] == []
    entry = audit.history(db, "user", created["id"])[0]
    assert (entry["action"], entry["user_name"]) == ("create", "Quản trị hệ thống")
    assert "password" not in entry["after"] and "rừng" not in str(entry["after"])
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tạo tài khoản" in page and "Ấp Lộc Ninh, Ấp Xẻo Tràm" in page

    auth.login("agent3", "rừng-tràm-2026")
    home = client.get("/").get_data(as_text=True)
    assert "Ấp Lộc Ninh" in home and "Ấp Ninh Thạnh" not in home


def test_the_forms_rules_are_the_commands_rules(client, auth, db, app):
    auth.login("admin")
    response = post(client, auth, "/admin/users/new",
                    {**NEW_AGENT, "username": "Agent 1!", "password": "short",
                     "password2": "short", "role": "boss", "display_name": "",
                     "phone": "0123"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    for message in ("Tên đăng nhập: 3–40 ký tự", "Họ và tên: không được để trống",
                    "Vai trò: chọn nhân viên thu", "Mật khẩu: ít nhất 8 ký tự",
                    "Số điện thoại: phải có 10 chữ số"):
        assert message in page
    taken = post(client, auth, "/admin/users/new", {**NEW_AGENT, "username": "agent1"})
    assert "Tên đăng nhập này đã có người dùng." in taken.get_data(as_text=True)
    assert scalar(db, "SELECT count(*) FROM users") == 5

    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-user", "agent4", "--role", "agent",
                                 "--password", "short"])
    assert result.exit_code != 0 and "Mật khẩu: ít nhất 8 ký tự" in result.output
    result = runner.invoke(args=["create-user", "agent4", "--role", "agent", "--village", "1",
                                 "--password", "đủ-dài-rồi"])
    assert result.exit_code == 0, result.output
    made = user_store.get_user_by_name(db, "agent4")
    assert audit.history(db, "user", made["id"])[0]["user_name"] is None   # the command line


def test_a_forgotten_password_is_reset_and_audited_without_the_password(client, auth, db):
    agent = user_store.get_user_by_name(db, "agent2")
    auth.login("admin")
    mismatch = post(client, auth, f"/admin/users/{agent['id']}/password",
                    {"password": "mật-khẩu-mới", "password2": "mật-khẩu-khác"})
    assert mismatch.status_code == 400
    assert "Hai lần nhập mật khẩu không giống nhau." in mismatch.get_data(as_text=True)
    response = post(client, auth, f"/admin/users/{agent['id']}/password",
                    {"password": "mật-khẩu-mới", "password2": "mật-khẩu-mới"})
    assert response.status_code == 302
    assert auth.login("agent2").status_code == 401                   # the old one is gone
    assert auth.login("agent2", "mật-khẩu-mới").status_code == 302
    logged = rows(db, "SELECT before, after FROM audit_log WHERE entity = 'user'"
                      " AND action = 'password'")
    assert len(logged) == 1 and "mật-khẩu" not in str(logged)


def test_a_disabled_account_cannot_log_in_and_admins_cannot_lock_themselves_out(client, auth,
                                                                                 db):
    agent = user_store.get_user_by_name(db, "agent2")
    admin = user_store.get_user_by_name(db, "admin")
    auth.login("admin")
    response = post(client, auth, f"/admin/users/{agent['id']}/active", {"active": "0"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã khoá" in page and "Khoá hoặc mở tài khoản" in page
    response = post(client, auth, f"/admin/users/{admin['id']}/active", {"active": "0"},
                    follow_redirects=True)
    assert "Không thể tự khoá tài khoản của chính mình." in response.get_data(as_text=True)
    assert user_store.get_user(db, admin["id"])["active"] == 1
    assert auth.login("agent2").status_code == 401

    auth.login("admin")
    post(client, auth, f"/admin/users/{agent['id']}/active", {"active": "1"})
    assert auth.login("agent2").status_code == 302


def test_an_officials_communes_are_changed_and_the_history_names_them(client, auth, db):
    official = user_store.get_user_by_name(db, "official1")
    auth.login("admin")
    response = post(client, auth, f"/admin/users/{official['id']}",
                    {"display_name": "Phạm Minh Quang", "commune": ["31843", "31849"]})
    assert response.status_code == 302
    assert user_store.account_scope(db, official["id"])["communes"] == ["31843", "31849"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    history = page[page.index('id="history"'):]
    assert "Xã: <del>Xã Hồng Dân</del> → Xã Hồng Dân, Xã Ninh Quới" in history
    assert "31849" not in history
    auth.login("official1")
    assert client.get("/communes/31849/").status_code == 200
