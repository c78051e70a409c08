"""A file naming hamlets the commune does not have: the preview lists them and asks, nothing is
created silently, and a hamlet without population or target never blanks a commune figure."""

import io
import re

import pytest
from listfiles import xlsx

from agent_app import create_app
from agent_app.domain import clock
from agent_app.store import rows, scalar
from agent_app.store import targets as target_store

pytestmark = pytest.mark.both_engines

TOKEN = re.compile(r'name="token" value="([^"]+)"')
LIST = [["Họ và tên", "Năm sinh", "Giới tính", "Thôn"],
        ["Tạ Văn Bảy", "1970", "Nam", "THÔN 7"],
        ["Tạ Thị Tám", "1972", "Nữ", "THÔN 7"],
        ["Lò Văn Chín", "1980", "Nam", "Ấp Lộc Ninhh"]]          # a typo of Ấp Lộc Ninh


@pytest.fixture
def app(database, tmp_path):
    return create_app({"TESTING": True, "DATABASE": database, "SECRET_KEY": "test",
                       "IMPORT_UPLOAD_FOLDER": str(tmp_path / "pending")})


def preview(client, auth):
    return client.post("/imports/preview", data={
        "csrf_token": auth.csrf("/imports/"), "commune": "31843",
        "file": (io.BytesIO(xlsx(LIST)), "ds.xlsx")}, content_type="multipart/form-data")


def hamlets(db) -> set[str]:
    return {r["name"] for r in rows(db, "SELECT name FROM villages WHERE commune_code = '31843'")}


def figures(client) -> dict[str, str]:
    page = client.get("/communes/31843/").get_data(as_text=True)
    return {key: re.search(rf'id="{key}"><span class="stat-value">(.*?)</span>', page).group(1)
            for key in ("total-coverage", "total-plan-bhxh", "total-plan-bhyt")}


def test_the_preview_lists_new_hamlets_and_asks(client, auth, db):
    auth.login("official1")
    before = hamlets(db)
    page = preview(client, auth).get_data(as_text=True)
    assert hamlets(db) == before                                   # nothing made by a preview
    table = " ".join(page[page.index("Thôn, ấp chưa có trong xã"):].split())
    assert "THÔN 7" in table and "Ấp Lộc Ninhh" in table
    assert "gần giống: Ấp Lộc Ninh" in table                       # the typo's likely hamlet
    assert '<option value="">— chọn —</option>' in table           # no answer is chosen for them


def test_each_new_hamlet_is_created_mapped_or_skipped_as_chosen(client, auth, db):
    auth.login("official1")
    token = TOKEN.search(preview(client, auth).get_data(as_text=True)).group(1)
    lộc_ninh = scalar(db, "SELECT id FROM villages WHERE name = 'Ấp Lộc Ninh'")
    in_lộc_ninh = scalar(db, "SELECT count(*) FROM residents WHERE village_id = ?", (lộc_ninh,))
    response = client.post("/imports/confirm", data={
        "csrf_token": auth.csrf("/imports/"), "token": token,
        "hamlet-thon 7": "skip", "hamlet-ap loc ninhh": str(lộc_ninh)})
    assert response.status_code == 302
    assert "THÔN 7" not in hamlets(db) and "Ấp Lộc Ninhh" not in hamlets(db)
    assert scalar(db, "SELECT count(*) FROM residents WHERE village_id = ?",
                  (lộc_ninh,)) == in_lộc_ninh + 1
    assert scalar(db, "SELECT count(*) FROM residents WHERE full_name LIKE 'Tạ %'") == 0
    log = " ".join(client.get(response.headers["Location"]).get_data(as_text=True).split())
    assert "THÔN 7</strong> (2 dòng): không nhập" in log
    assert "Ấp Lộc Ninhh</strong> (1 dòng): nhập vào Ấp Lộc Ninh" in log
    assert "chưa có trong xã và không được tạo" in log             # the skipped rows say why


def test_a_new_hamlet_without_population_or_target_blanks_no_commune_figure(client, auth, db):
    auth.login("official1")
    before = figures(client)
    assert "–" not in "".join(before.values())
    token = TOKEN.search(preview(client, auth).get_data(as_text=True)).group(1)
    client.post("/imports/confirm", data={
        "csrf_token": auth.csrf("/imports/"), "token": token,
        "hamlet-thon 7": "create", "hamlet-ap loc ninhh": "create"})
    assert {"THÔN 7", "Ấp Lộc Ninhh"} <= hamlets(db)
    assert figures(client) == before


def test_hamlets_with_different_coverage_targets_still_give_a_commune_plan(client, auth, db):
    year = clock.today().year
    ids = [r["id"] for r in rows(db, "SELECT id FROM villages WHERE commune_code = '31843'")]
    db.conn.execute("DELETE FROM targets WHERE commune_code = '31843' AND scheme = 'bhyt_hgd'")
    for village_id, percent in zip(ids, (95, 90, 85), strict=True):
        target_store.set_target(db, "31843", village_id, year, "bhyt_hgd", "coverage_percent",
                                percent)
    auth.login("official1")
    assert figures(client)["total-plan-bhyt"] != '<span class="muted">–</span>'
