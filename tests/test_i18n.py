from agent_app.domain.formatting import money, percent, vn_date, vn_datetime


def test_vietnamese_by_default_and_english_on_request(client):
    assert "Đăng nhập" in client.get("/login").get_data(as_text=True)
    english = client.get("/login?lang=en").get_data(as_text=True)
    assert "Log in" in english and "Password" in english
    assert "Log in" in client.get("/login").get_data(as_text=True)     # remembered


def test_money_and_dates_look_vietnamese():
    assert money(1500000) == "1.500.000 đ"
    assert money(0) == "0 đ"
    assert percent(96.14) == "96,14%"
    assert vn_date("2025-07-01") == "01/07/2025"
    assert vn_datetime("2026-11-23T17:30:00Z") == "24/11/2026 00:30"   # Vietnam time, UTC+7


def test_the_language_chosen_on_the_home_address_survives_its_redirect(client, auth):
    auth.login("supervisor1")
    response = client.get("/?lang=en")
    assert response.status_code == 302 and response.headers["Location"].endswith("/supervisor/")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<html lang="en">' in page and "Sync results" in page

    auth.login("official1")
    page = client.get("/?lang=vi", follow_redirects=True).get_data(as_text=True)
    assert '<html lang="vi">' in page and "Tổng quan" in page


def test_relationships_read_in_the_pages_language(client, auth, db):
    head = db.conn.execute(
        "SELECT r.id FROM residents r JOIN agent_villages av ON av.village_id = r.village_id"
        " JOIN users u ON u.id = av.user_id AND u.username = 'agent1'"
        " WHERE r.relation_to_head = 'Vợ' LIMIT 1").fetchone()[0]
    auth.login("agent1")
    english = client.get(f"/residents/{head}?lang=en").get_data(as_text=True)
    assert "Wife" in english and "· Vợ" not in english
    vietnamese = client.get(f"/residents/{head}?lang=vi").get_data(as_text=True)
    assert "Vợ" in vietnamese and "Wife" not in vietnamese
