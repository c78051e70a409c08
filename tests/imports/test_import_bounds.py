"""A list file cannot tie up the server: reading is bounded and says the bound, and the file is
read before any transaction opens, so an agent's push is never locked out by an import."""

from __future__ import annotations

import io
import uuid

import pytest
from commune_data import HONG_DAN, actor, residents, villages
from listfiles import csv_bytes, repeated_xlsx, xlsx

from agent_app import store
from agent_app.imports import importer as imports
from agent_app.imports.importer import ImportFailed, import_list
from agent_app.store import scalar
from sync.ingest import ingest

pytestmark = pytest.mark.both_engines

HEADING = ["Họ và tên", "Năm sinh", "Thôn"]
LINE = ["Lâm Văn Quý", "1972", "Thôn 3"]


@pytest.mark.parametrize("data, bound", [
    (repeated_xlsx(HEADING, LINE, 1_000_000), "giải nén ra hơn 40 MB"),     # 0.8 MB file
    (repeated_xlsx(HEADING, ["A", "1", "B"], 20_000), "hơn 20.000 dòng"),
    (csv_bytes([HEADING] + [LINE] * 20_000), "hơn 20.000 dòng"),
    (xlsx([HEADING, LINE + [None] * 97 + ["x"]]), "cột thứ 101; tối đa 100 cột"),
    (csv_bytes([HEADING, LINE + [""] * 97 + ["x"]]), "cột thứ 101; tối đa 100 cột"),
    (csv_bytes([HEADING, LINE + [","] * 60_000]), "dài hơn 100.000 ký tự"),
], ids=["xlsx-million-rows", "xlsx-rows", "csv-rows", "xlsx-columns", "csv-columns",
        "csv-line"])
def test_a_file_past_a_bound_is_refused_saying_the_bound(db, data, bound):
    before = scalar(db, "SELECT count(*) FROM residents")
    with pytest.raises(ImportFailed, match=bound):
        import_list(db, data, "ds", HONG_DAN)
    assert scalar(db, "SELECT count(*) FROM residents") == before


def test_empty_cells_past_the_last_column_do_not_count(db):
    report = import_list(db, csv_bytes([HEADING + [""] * 150, LINE + [""] * 150]), "ds",
                         HONG_DAN, dry_run=True)
    assert report.created == 1


@pytest.mark.sqlite_only
def test_a_push_goes_through_while_a_preview_reads_its_file(db, monkeypatch):
    """The phone's push runs with no patience at all (busy timeout 0) in the middle of reading
    the upload: it must find the database free."""
    agent = actor(db)
    person = residents(db, villages(db, HONG_DAN)[0], 1)[0]["id"]
    phone = store.connect(db.conn.execute("PRAGMA database_list").fetchone()[2])
    phone.conn.execute("PRAGMA busy_timeout = 0")
    pushed = []
    real_sheets = imports.sheets

    def sheets_with_a_push(data: bytes):
        def rows(found):
            for number, cells in found:
                if number == 3 and not pushed:
                    assert not db.conn.in_transaction
                    pushed.extend(ingest(phone, agent, [{
                        "id": str(uuid.uuid4()), "kind": "visit",
                        "created_at": "2026-11-23T09:30:00+07:00",
                        "data": {"resident_id": person, "outcome": "not_home"}}]))
                yield number, cells
        return [rows(found) for found in real_sheets(data)]

    monkeypatch.setattr(imports, "sheets", sheets_with_a_push)
    report = import_list(db, xlsx([HEADING] + [LINE] * 5), "ds.xlsx", HONG_DAN, dry_run=True)
    phone.conn.close()
    assert [r.status for r in pushed] == ["accepted"]
    assert report.created == 1


def test_the_preview_page_says_the_bound(client, auth):
    auth.login("official1")
    answer = client.post("/imports/preview", data={
        "csrf_token": auth.csrf("/imports/"), "commune": HONG_DAN,
        "file": (io.BytesIO(repeated_xlsx(HEADING, ["A", "1", "B"], 30_000)), "ds.xlsx")},
        content_type="multipart/form-data")
    assert answer.status_code == 400
    assert "tối đa 20.000 dòng mỗi tệp" in answer.get_data(as_text=True)
