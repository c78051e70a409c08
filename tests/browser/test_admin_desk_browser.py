"""The admin on a 1366 × 768 screen, in real Chromium: an agent's account made on the web works
at once, and a wrong address is a page of the app with a way back."""

import pytest
from support import browser_login

pytestmark = pytest.mark.browser


def test_an_account_made_on_the_web_logs_in(desk, live_server):
    browser_login(desk, live_server, "admin")
    desk.click("a:has-text('Quản lý tài khoản')")
    desk.click("a:has-text('Thêm tài khoản')")
    desk.fill("#username", "agent9")
    desk.fill("#display_name", "Đinh Thị Chín")
    desk.select_option("#role", "agent")
    desk.fill("#password", "ấp-lộc-ninh-9")
    desk.fill("#password2", "ấp-lộc-ninh-9")
    desk.check("label:has-text('Ấp Lộc Ninh') input")
    desk.click("button:has-text('Tạo tài khoản')")
    desk.wait_for_load_state("networkidle")
    assert "Đã tạo tài khoản agent9" in desk.locator(".flash").inner_text()
    history = desk.locator("#history").inner_text()
    assert "Quản trị hệ thống" in history and "Ấp Lộc Ninh" in history

    desk.click("#logout-form button")
    desk.wait_for_load_state("networkidle")
    desk.fill("#username", "agent9")
    desk.fill("#password", "ấp-lộc-ninh-9")
    desk.click("button[type=submit]")
    desk.wait_for_load_state("networkidle")
    assert "Ấp Lộc Ninh" in desk.locator(".village-list").inner_text()


def test_a_wrong_address_is_a_page_with_a_way_back(desk, live_server):
    browser_login(desk, live_server, "official1")
    desk.goto(f"{live_server.url}/communes/31843/villages/999999",    # a stale link followed
              referer=f"{live_server.url}/communes/31843/")
    assert desk.locator("h1").inner_text() == "Không tìm thấy trang"
    assert desk.locator(".topbar").is_visible()          # the app's frame, not a bare page
    desk.click("a:has-text('← Quay lại trang trước')")
    desk.wait_for_load_state("networkidle")
    assert desk.url.endswith("/communes/31843/")
