"""The admin page for the contribution rules: add, edit, audit, and the next quote changes."""

import re

from agent_app.store import parameters as parameter_store
from agent_app.store.audit import history


def per_month(client, on: str) -> str:
    page = client.get(f"/quote?scheme=bhyt_hgd&on={on}&months=12&position=1").get_data(True)
    return re.search(r'data-quote-value="per_month">([^<]*)<', page).group(1)


def post(client, auth, url: str, data: dict):
    return client.post(url, data={**data, "csrf_token": auth.csrf("/admin/parameters/")})


NEW_BASE_SALARY = {"name": "base_salary", "key": "", "value": "2.700.000",
                   "valid_from": "2027-07-01", "valid_to": "", "source": "Nghị định mới (thử)"}


def test_only_the_admin_sees_the_rules(client, auth):
    auth.login("agent1")
    assert client.get("/admin/parameters/").status_code == 403
    auth.login("admin")
    page = client.get("/admin/parameters/").get_data(as_text=True)
    assert "Nghị định 161/2026/NĐ-CP" in page and "2.530.000 đ" in page and "0,363%" in page


def test_a_new_base_salary_changes_the_next_quote_from_its_start_date(client, auth, db):
    auth.login("admin")
    assert per_month(client, "2027-07-01") == "113.850 đ"
    response = post(client, auth, "/admin/parameters/", NEW_BASE_SALARY)
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "các lần tính từ 01/07/2027 dùng giá trị mới" in page
    assert per_month(client, "2027-06-30") == "113.850 đ"
    assert per_month(client, "2027-07-01") == "121.500 đ"          # 4,5% × 2.700.000 đ
    new = next(p for p in parameter_store.list_parameters(db) if p["value"] == 2700000)
    created = history(db, "premium_parameter", new["id"])
    assert [(c["action"], c["user_name"]) for c in created] == [("create", "Quản trị hệ thống")]
    history_list = " ".join(page[page.index("Lịch sử thay đổi"):].split())
    assert "Quản trị hệ thống · thêm dòng" in history_list
    assert "Giá trị: 2.700.000 đ" in history_list and "Từ ngày: 01/07/2027" in history_list
    assert "Loại tham số: Lương cơ sở / mức tham chiếu" in history_list
    assert "Quản trị hệ thống · đóng dòng" in history_list          # 2.530.000 đ ends 30/06/2027
    assert "<del></del>" not in history_list and "Đến ngày: 30/06/2027" in history_list
    for raw in ("2700000", "2027-06-30", "base_salary", "valid_from", "name:"):
        assert raw not in history_list, raw


def test_the_form_offers_labels_not_codes(client, auth):
    auth.login("admin")
    page = client.get("/admin/parameters/").get_data(as_text=True)
    form = page[page.index('id="add-parameter"'):page.index('id="add-support"')]
    assert "poor, near_poor" not in form and "ethnic_minority" not in form.replace(
        'value="ethnic_minority"', "")
    assert '<option value="poor" >Hộ nghèo</option>' in form
    assert '<option value="5" >Người thứ 5 trở đi</option>' in form
    table = page[:page.index('id="add-parameter"')]
    assert "Hộ cận nghèo" in table and "Người thứ 2" in table


def test_editing_a_row_is_audited_with_before_and_after(client, auth, db):
    auth.login("admin")
    row = next(p for p in parameter_store.list_parameters(db) if p["name"] == "fund_yield")
    response = post(client, auth, f"/admin/parameters/{row['id']}", {
        "name": "fund_yield", "key": "", "value": "0,35", "valid_from": row["valid_from"],
        "valid_to": "", "source": "Công bố của BHXH Việt Nam (thử)"})
    assert response.status_code == 302
    changes = history(db, "premium_parameter", row["id"])
    assert changes[-1]["action"] == "update"
    assert (changes[-1]["before"]["value"], changes[-1]["after"]["value"]) == (3630, 3500)


def test_bad_rows_are_refused_with_a_message_per_field(client, auth, db):
    auth.login("admin")
    before = parameter_store.list_parameters(db)
    response = post(client, auth, "/admin/parameters/", {
        "name": "bhxh_state_support", "key": "veteran", "value": "nhiều",
        "valid_from": "2026-01-01", "valid_to": "2025-01-01", "source": ""})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    for message in ("Chọn một trong: Hộ nghèo, Hộ cận nghèo, Dân tộc thiểu số, Xã đảo, đặc khu,"
                    " Đối tượng khác.",
                    "Nhập tỷ lệ phần trăm, ví dụ 22 hoặc 0,363.",
                    "Ngày hết hiệu lực phải sau ngày bắt đầu.",
                    "Ghi văn bản pháp lý làm căn cứ"):
        assert message in page
    assert parameter_store.list_parameters(db) == before


def test_a_second_row_starting_the_same_day_is_refused(client, auth):
    auth.login("admin")
    response = post(client, auth, "/admin/parameters/", {
        **NEW_BASE_SALARY, "valid_from": "2026-07-01"})
    assert response.status_code == 400
    assert "Đã có một dòng cùng loại bắt đầu từ ngày này." in response.get_data(as_text=True)


def test_a_local_top_up_reaches_the_quote(client, auth, db):
    auth.login("admin")
    response = post(client, auth, "/admin/parameters/supports", {
        "kind": "local", "province_code": "96", "scheme": "bhxh_tn", "support_group": "poor",
        "value": "20", "valid_from": "2025-07-01", "valid_to": "",
        "source": "Nghị quyết HĐND (thử)"})
    assert response.status_code == 302
    page = client.get("/quote?on=2025-08-01&income=1500000&months=12&support_group=poor"
                      "&province=96").get_data(as_text=True)
    assert 'data-quote-value="local_support">792.000 đ' in page
    assert 'data-quote-value="payable">1.188.000 đ' in page
    support = parameter_store.list_supports(db)[0]
    assert history(db, "premium_support", support["id"])[0]["after"]["value"] == 200000
