"""The quote screen without JavaScript: a GET with parameters shows the server's quote."""

import re

from babel.messages.pofile import read_po
from support import ROOT

from agent_app.domain import premiums


def breakdown(page: str) -> dict:
    return {name: value for name, value in re.findall(r'data-quote-value="(\w+)">([^<]*)<', page)
            if name != "alternative_payable"}


def test_quote_needs_login(client):
    assert client.get("/quote").status_code == 302


def test_default_income_is_the_floor_of_the_day(client, auth):
    auth.login("agent1")
    page = client.get("/quote?on=2021-06-15").get_data(as_text=True)
    assert 'name="income" inputmode="numeric" autocomplete="off" value="700.000"' in page
    assert breakdown(page)["gross"] == "1.848.000 đ"      # 12 months at 22% of 700.000 đ


def test_bhxh_quote_for_a_poor_household(client, auth):
    auth.login("agent1")
    page = client.get("/quote?scheme=bhxh_tn&on=2025-08-01&income=1.500.000&months=12"
                      "&support_group=poor").get_data(as_text=True)
    assert breakdown(page) == {
        "gross": "3.960.000 đ", "state_support": "1.980.000 đ", "local_support": "0 đ",
        "other_support": "0 đ", "payable": "1.980.000 đ", "per_month": "165.000 đ"}
    assert "Nghị định 159/2025/NĐ-CP Điều 5" in page


def test_bhyt_quote_for_the_second_person(client, auth):
    auth.login("agent1")
    page = client.get("/quote?scheme=bhyt_hgd&on=2025-08-01&months=12&position=2"
                      ).get_data(as_text=True)
    assert breakdown(page)["payable"] == "884.520 đ"
    assert breakdown(page)["per_month"] == "73.710 đ"


def test_bad_income_is_shown_beside_its_field(client, auth):
    auth.login("agent1")
    page = client.get("/quote?on=2025-08-01&income=1.520.000&months=12").get_data(as_text=True)
    assert re.search(r'data-error-for="income" >Mức thu nhập phải bằng 1.500.000 đ cộng một '
                     r"bội số của 50.000 đ \(gần nhất: 1.500.000 đ hoặc 1.550.000 đ\)", page)
    assert 'data-quote-result hidden' in page


def test_errors_follow_the_language(client, auth):
    auth.login("agent1")
    page = client.get("/quote?on=2031-01-04&income=2200000&lang=en").get_data(as_text=True)
    assert "No rural poverty line in force on 04/01/2031." in page


def test_every_rule_message_has_an_english_translation():
    po = ROOT / "agent_app" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        catalog = read_po(handle)
    texts = [*premiums.MESSAGES.values(), *premiums.PARAMETER_LABELS.values()]
    missing = [t for t in texts if not (catalog.get(t) and catalog.get(t).string)]
    assert missing == []


def test_a_prepayment_quote_says_which_yield_and_reading_it_used(client, auth):
    auth.login("agent1")
    page = client.get("/quote?scheme=bhxh_tn&on=2026-11-28&income=1.500.000&months=60"
                      "&support_group=other").get_data(as_text=True)
    assert breakdown(page)["payable"] == "14.262.238 đ"
    note = " ".join(page[page.index("data-quote-prepay"):page.index("Căn cứ tính")].split())
    assert "r = <strong data-quote-yield>0,363%</strong>/tháng" in note
    assert "chưa xác nhận: BHXH Việt Nam chưa công bố mức này" in note
    assert "phần hỗ trợ cũng được chiết khấu" in note
    assert 'data-quote-value="alternative_payable">13.867.797 đ' in note
    sources = page[page.index("Căn cứ tính"):]
    assert sources.count("(chưa xác nhận)") == 1                   # the yield row only


def test_a_twelve_month_quote_has_no_prepayment_note(client, auth):
    auth.login("agent1")
    page = client.get("/quote?scheme=bhxh_tn&on=2026-11-28&income=1.500.000&months=12"
                      ).get_data(as_text=True)
    assert re.search(r'<p class="notice" data-quote-prepay\s+hidden', page)


def test_near_poor_bhyt_says_its_state_share_is_missing(client, auth):
    auth.login("agent1")
    page = client.get("/quote?scheme=bhyt_cn&on=2026-11-28&months=12").get_data(as_text=True)
    assert ("Chưa có tham số tỷ lệ Nhà nước hỗ trợ BHYT (near_poor) áp dụng cho ngày 28/11/2026."
            in page)


def test_island_group_quotes_at_half_support(client, auth):
    auth.login("agent1")
    page = client.get("/quote?scheme=bhxh_tn&on=2026-11-28&income=1.500.000&months=12"
                      "&support_group=island").get_data(as_text=True)
    assert breakdown(page)["payable"] == "1.980.000 đ"
    assert "Nghị định 159/2025/NĐ-CP Điều 5(1)(a)" in page
