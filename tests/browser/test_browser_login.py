"""In real Chromium: an agent logs in and sees the assigned villages."""

import pytest
from support import browser_login

pytestmark = pytest.mark.browser


def test_agent1_sees_assigned_villages(page, live_server):
    browser_login(page, live_server, "agent1")
    villages = page.locator(".village-list .village .name").all_inner_texts()
    assert villages == ["Ấp Bình Hoà", "Ấp Lộc Ninh", "Ấp Xẻo Tràm"]
    assert page.locator("text=Ấp Ninh Thạnh").count() == 0
