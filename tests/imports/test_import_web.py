"""List import on the web: preview then commit, the log, the template, and who may do it."""

from __future__ import annotations

import io
import re

import pytest
from listfiles import csv_bytes, xlsx
from openpyxl import load_workbook

from agent_app import create_app
from agent_app.imports.columns import COLUMNS
from agent_app.imports.importer import import_list
from agent_app.store import scalar

pytestmark = pytest.mark.both_engines

LIST = [["Họ và tên", "Ngày sinh", "Giới tính", "Thôn"],
        ["Lâm Văn Quý", "02/02/1972", "Nam", "Thôn 3"],
        ["Lâm Thị Út", "1975", "Nữ", "Thôn 3"],
        ["Lâm Văn Sai", "30/02/1999", "Nam", "Thôn 3"]]
TOKEN = re.compile(r'name="token" value="([^"]+)"')


@pytest.fixture
def app(database, tmp_path):
    return create_app({"TESTING": True, "DATABASE": database, "SECRET_KEY": "test",
                       "IMPORT_UPLOAD_FOLDER": str(tmp_path / "pending")})


def preview(client, auth, data: bytes, commune: str = "31843", name: str = "ds.xlsx"):
    return client.post("/imports/preview", data={
        "csrf_token": auth.csrf("/imports/"), "commune": commune,
        "file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def people_in_thon_3(db) -> int:
    return scalar(db, "SELECT count(*) FROM residents r JOIN villages v ON v.id = r.village_id"
                      " WHERE v.name = 'Thôn 3'")


def test_admin_previews_then_commits(app, auth, client, db, tmp_path):
    auth.login("admin")
    page = client.get("/imports/").get_data(as_text=True)
    assert "Xã Hồng Dân" in page and "Xem trước" in page
    response = preview(client, auth, xlsx(LIST))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Xác nhận nhập" in page
    assert "Dòng 4" in page and "Ngày sinh" in page and "không có thật" in page
    assert people_in_thon_3(db) == 0                  # a preview stores nothing
    token = TOKEN.search(page).group(1)
    assert "Thôn, ấp chưa có trong xã" in page and 'name="hamlet-thon 3"' in page
    unanswered = client.post("/imports/confirm", data={"csrf_token": auth.csrf("/imports/"),
                                                       "token": token})
    assert unanswered.status_code == 400                # the new hamlet needs a decision
    assert "Chưa chọn cho: Thôn 3." in unanswered.get_data(as_text=True)
    assert people_in_thon_3(db) == 0
    response = client.post("/imports/confirm", data={"csrf_token": auth.csrf("/imports/"),
                                                     "token": token, "hamlet-thon 3": "create"})
    assert response.status_code == 302
    assert people_in_thon_3(db) == 2
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "ds.xlsx" in page and "Quản trị hệ thống" in page and "không có thật" in page
    assert "2 người mới" in page                      # the flash after committing
    assert list((tmp_path / "pending").iterdir()) == []
    log = client.get("/imports/").get_data(as_text=True)
    assert "ds.xlsx" in log and "2 mới" in log
    assert "Import a list" in client.get("/imports/?lang=en").get_data(as_text=True)
    again = client.post("/imports/confirm", data={"csrf_token": auth.csrf("/imports/"),
                                                  "token": token})
    assert again.status_code == 404                   # a token is good for one commit


def test_a_file_that_is_not_a_list_is_refused_in_the_preview(auth, client, db):
    auth.login("admin")
    response = preview(client, auth, csv_bytes([["Tên đầy đủ", "Thôn"], ["A", "B"]]),
                       name="x.csv")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Không nhập được tệp x.csv" in page and "Họ và tên" in page
    assert "Xác nhận nhập" not in page


def test_official_imports_only_into_their_commune(auth, client, db):
    auth.login("official1")
    home = client.get("/", follow_redirects=True).get_data(as_text=True)   # the overview
    assert "/imports/" in home and "/imports/template.xlsx" in home
    assert preview(client, auth, xlsx(LIST), commune="31849").status_code == 404
    assert preview(client, auth, xlsx(LIST), commune="31843").status_code == 200
    elsewhere = import_list(db, xlsx(LIST), "ninh-quoi.xlsx", "31849")
    assert client.get(f"/imports/{elsewhere.import_id}").status_code == 404
    assert "ninh-quoi.xlsx" not in client.get("/imports/").get_data(as_text=True)
    page = client.get("/imports/").get_data(as_text=True)
    assert 'value="31849"' not in page


def test_a_token_only_works_for_who_uploaded_it(app, auth, client):
    auth.login("admin")
    token = TOKEN.search(preview(client, auth, xlsx(LIST)).get_data(as_text=True)).group(1)
    other = app.test_client()
    other_token = re.search(r'name="csrf-token" content="([^"]+)"',
                            other.get("/login").get_data(as_text=True)).group(1)
    other.post("/login", data={"username": "official1", "password": "demo1234",
                               "csrf_token": other_token})
    for attempt in (token, "../../agent_app.sqlite3", "x" * 32):
        response = other.post("/imports/confirm", data={"csrf_token": other_token,
                                                        "token": attempt})
        assert response.status_code == 404


def test_a_file_too_large_gets_a_message(app, auth, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    auth.login("admin")
    response = preview(client, auth, b"x" * (1024 * 1024 + 1), name="big.csv")
    assert response.status_code == 413
    assert "Tệp quá lớn: tối đa 1 MB" in response.get_data(as_text=True)


@pytest.mark.parametrize("username", ["agent1", "supervisor1"])
def test_agents_and_supervisors_have_no_import(auth, client, username):
    auth.login(username)
    assert client.get("/imports/").status_code == 403
    assert client.get("/imports/template.xlsx").status_code == 403
    assert "/imports/" not in client.get("/").get_data(as_text=True)


def test_upload_without_csrf_token_is_refused(auth, client):
    auth.login("admin")
    response = client.post("/imports/preview", data={
        "commune": "31843", "file": (io.BytesIO(xlsx(LIST)), "ds.xlsx")},
        content_type="multipart/form-data")
    assert response.status_code == 400


def test_the_template_has_every_heading_and_imports_clean(auth, client, db):
    auth.login("admin")
    assert "/imports/template.xlsx" in client.get("/").get_data(as_text=True)
    response = client.get("/imports/template.xlsx")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    headings = [cell.value for cell in book.worksheets[0][1]]
    assert headings == [column.heading for column in COLUMNS]
    report = import_list(db, response.data, "mau.xlsx", "31843", dry_run=True)
    assert report.as_dict() == {"created": 0, "updated": 0, "unchanged": 0, "skipped": [],
                                "warnings": [], "new_villages": []}
