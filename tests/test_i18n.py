from agent_app.formatting import money, percent, vn_date, vn_datetime


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
