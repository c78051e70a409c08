"""The supervisor's day: alerts first, the same numbers on the page and in both exports, scope."""

from __future__ import annotations

import csv
import io
import re
import uuid
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook
from supervisor_day import DAY, NOW, build_day

from agent_app.domain.formatting import to_vietnam
from agent_app.store import supervision, utc_now

pytestmark = pytest.mark.both_engines

DATE = DAY.isoformat()


@pytest.fixture
def day(db, monkeypatch):
    """The built day, with the app's clock set to 17:00 that day in Vietnam."""
    monkeypatch.setattr("agent_app.supervisor.views.utc_now", lambda: NOW)
    monkeypatch.setattr("agent_app.domain.clock.today", lambda: DAY)
    return build_day(db)


class TableReader(HTMLParser):
    """The day table as a person reads it: header texts, then each row's cell texts."""

    def __init__(self):
        super().__init__()
        self.headers, self.rows, self.alerts = [], [], {}
        self._section = None
        self._cell = None
        self._row = None
        self._alert = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "day-table" in (attrs.get("class") or ""):
            self._section = "table"
        elif self._section == "table" and tag == "tr":
            self._row = []
        elif self._section == "table" and tag in ("th", "td"):
            self._cell = ""
        if tag == "details" and attrs.get("data-alert"):
            self._alert = attrs["data-alert"]
            self.alerts[self._alert] = ""

    def handle_endtag(self, tag):
        if self._section == "table" and tag in ("th", "td") and self._cell is not None:
            self._row.append(" ".join(self._cell.split()))
            self._cell = None
        elif self._section == "table" and tag == "tr":
            if not self.headers:
                self.headers = self._row
            else:
                self.rows.append(self._row)
        elif tag == "table":
            self._section = None
        elif tag == "details":
            self._alert = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        if self._alert:
            self.alerts[self._alert] += " " + " ".join(data.split())


def read_page(client, url=f"/supervisor/?date={DATE}") -> TableReader:
    response = client.get(url)
    assert response.status_code == 200
    reader = TableReader()
    reader.feed(response.get_data(as_text=True))
    return reader


def plain(value) -> str:
    """A cell as a bare value: "1.188.000 đ" → "1188000", "—" and None → ""."""
    text = "" if value is None else str(value)
    if text == "—":
        return ""
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})*( đ)?", text):
        return text.replace(".", "").replace(" đ", "")
    return text


def by_agent(headers, rows) -> dict[str, dict[str, str]]:
    return {row[0]: {h: plain(v) for h, v in zip(headers, row, strict=True)} for row in rows}


def test_every_alert_shows_on_the_day_page(client, auth, day):
    auth.login("supervisor1")
    alerts = read_page(client).alerts
    assert "Đặng Thị Yến" in alerts["no_sync"] and "Chưa đồng bộ lần nào" in alerts["no_sync"]
    assert "Trần Thị Mai" not in alerts["no_sync"]
    assert "Lê Văn Hùng" in alerts["stuck_outbox"] and "3 bản ghi chờ gửi" in alerts["stuck_outbox"]
    assert "Nguyễn Văn Đức" in alerts["seq_gap"] and "4–6 (3 bản ghi)" in alerts["seq_gap"]
    assert alerts["issue"].count("Phạm Thị Hoa") == 2
    assert "Xung đột" in alerts["issue"] and "data.outcome" in alerts["issue"]
    assert "Võ Văn Tài" in alerts["amount"]
    assert "thu 1.000.000 đ, tính lại 990.000 đ" in alerts["amount"]
    assert "Trần Thị Mai" not in " ".join(alerts.values())


def test_the_row_counts_what_arrived_and_what_was_made_that_day(client, auth, day):
    auth.login("supervisor1")
    page = read_page(client)
    rows = by_agent(page.headers, page.rows)
    mai = rows["Trần Thị Mai"]
    assert mai["Số lần đồng bộ"] == "2"
    assert (mai["Đồng bộ đầu"], mai["Đồng bộ cuối"]) == ("08:30", "16:30")
    assert mai["Nhận: Lần đến nhà"] == "5"          # one was made the evening before
    assert mai["Lần đến nhà trong ngày"] == "4"
    assert (mai["Người đăng ký"], mai["Tiền thu"]) == ("1", "1188000")
    assert (mai["Đã nhận"], mai["Trùng"]) == ("6", "1")
    assert rows["Lê Văn Hùng"]["Còn chờ trên máy"] == "3"
    assert rows["Lê Văn Hùng"]["Phiên bản"] == "1.3.2"
    assert rows["Nguyễn Văn Đức"]["Thiếu số thứ tự"] == "3"
    hoa = rows["Phạm Thị Hoa"]
    assert (hoa["Xung đột"], hoa["Bị từ chối"]) == ("1", "1")
    assert rows["Đặng Thị Yến"]["Số lần đồng bộ"] == "0"
    assert rows["Tổng cộng"]["Tiền thu"] == "2188000"
    assert list(rows) == ["Nguyễn Văn Đức", "Phạm Thị Hoa", "Lê Văn Hùng", "Trần Thị Mai",
                          "Võ Văn Tài", "Đặng Thị Yến", "Tổng cộng"]       # by given name


def test_the_day_reads_in_english_on_request(client, auth, day):
    auth.login("supervisor1")
    html = client.get(f"/supervisor/?date={DATE}&lang=en").get_data(as_text=True)
    assert "Sync results for 14/03/2025" in html and "Needs attention" in html
    assert "No sync for over 24 hours" in html and "Never synced" in html


def test_csv_and_xlsx_hold_the_numbers_on_the_page(client, auth, day):
    auth.login("supervisor1")
    page = read_page(client)
    on_page = by_agent(page.headers, page.rows)

    response = client.get(f"/supervisor/day.csv?date={DATE}")
    assert response.headers["Content-Disposition"].endswith('dong-bo-2025-03-14.csv"')
    text = response.get_data(as_text=True).lstrip("\ufeff")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == page.headers
    assert by_agent(table[0], table[1:]) == on_page

    response = client.get(f"/supervisor/day.xlsx?date={DATE}")
    book = load_workbook(io.BytesIO(response.data))
    sheet = book.worksheets[0]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == page.headers
    assert by_agent(values[0], values[1:]) == on_page
    money_column = values[0].index("Tiền thu") + 1
    assert sheet.cell(row=len(values), column=money_column).value == 2_188_000
    alerts = [r[1] for r in book["Cảnh báo"].iter_rows(min_row=2, values_only=True)]
    assert sorted(set(alerts)) == ["Lê Văn Hùng", "Nguyễn Văn Đức", "Phạm Thị Hoa",
                                   "Võ Văn Tài", "Đặng Thị Yến"]


def test_agent_drill_down_shows_the_sync_log_and_records(client, auth, day):
    auth.login("supervisor1")
    page = client.get(f"/supervisor/agents/{day.users['agent1']}?date={DATE}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert html.count('<td class="num">3</td>') >= 2            # two pushes of 3 accepted
    assert "Nhật ký đồng bộ" in html and "08:30" in html and "16:30" in html
    assert "13/03/2025 20:00" in html                            # received today, made yesterday
    assert "1.188.000 đ" in html


def test_conflict_versions_side_by_side_and_rejection_reason(client, auth, day):
    auth.login("supervisor1")
    html = client.get(f"/supervisor/issues/{day.conflict_id}").get_data(as_text=True)
    assert "Hai bản so sánh" in html
    differing = re.findall(r'<tr class="differs">\s*<th scope="row">([^<]+)', html)
    assert [f.strip() for f in differing] == ["Hẹn quay lại", "Kết quả"]
    assert "<td>Không gặp</td>" in html and "<td>Đang cân nhắc</td>" in html
    assert "Về: " in html
    html = client.get(f"/supervisor/issues/{day.rejected_id}").get_data(as_text=True)
    assert "data.outcome: phải là một trong" in html and "flew_away" in html
    assert 'value="accept_incoming"' not in html


def audit_rows(db, issue_id):
    return db.conn.execute("SELECT user_id, action, after FROM audit_log WHERE entity ="
                           " 'sync_issue' AND entity_id = ? ORDER BY id",
                           (str(issue_id),)).fetchall()


def decide(client, auth, issue_id, action, note=""):
    url = f"/supervisor/issues/{issue_id}"
    token = auth.csrf("/supervisor/")
    return client.post(url, data={"action": action, "note": note, "csrf_token": token})


def test_ask_then_accept_the_incoming_version_is_audited(client, auth, db, day):
    auth.login("supervisor1")
    supervisor_id = db.conn.execute("SELECT id FROM users WHERE username = 'supervisor1'"
                                    ).fetchone()[0]
    response = decide(client, auth, day.conflict_id, "ask_agent")
    assert response.status_code == 400
    assert "Hãy ghi lý do hoặc câu hỏi" in response.get_data(as_text=True)
    assert audit_rows(db, day.conflict_id) == []

    assert decide(client, auth, day.conflict_id, "ask_agent",
                  "Chị gặp được người này chưa?").status_code == 302
    assert decide(client, auth, day.conflict_id, "accept_incoming").status_code == 302

    issue = db.conn.execute("SELECT * FROM sync_issues WHERE id = ?", (day.conflict_id,)
                            ).fetchone()
    assert (issue["resolution"], issue["resolved_by"]) == ("accepted_incoming", supervisor_id)
    actions = audit_rows(db, day.conflict_id)
    assert [(a["user_id"], a["action"]) for a in actions] == [
        (supervisor_id, "asked_agent"), (supervisor_id, "accepted_incoming")]
    new_id = re.search(r'"record_id": "([0-9a-f-]+)"', actions[1]["after"]).group(1)
    new = db.conn.execute("SELECT * FROM records WHERE id = ?", (new_id,)).fetchone()
    assert new["corrects"] == day.stored_id and new["user_id"] == day.users["conflictagent"]
    old_visit = db.conn.execute("SELECT superseded_by FROM visits WHERE record_id = ?",
                                (day.stored_id,)).fetchone()
    assert old_visit["superseded_by"] == new_id
    assert db.conn.execute("SELECT outcome FROM visits WHERE record_id = ?", (new_id,)
                           ).fetchone()["outcome"] == "considering"
    html = client.get(f"/supervisor/issues/{day.conflict_id}").get_data(as_text=True)
    assert "Chị gặp được người này chưa?" in html and 'name="action"' not in html
    assert decide(client, auth, day.conflict_id, "dismiss", "again").status_code == 400


def test_keep_stored_and_dismiss_close_the_alerts(client, auth, db, day):
    auth.login("supervisor1")
    assert decide(client, auth, day.conflict_id, "keep_stored").status_code == 302
    assert decide(client, auth, day.rejected_id, "dismiss",
                  "Bản ghi thử, đã ghi lại đúng").status_code == 302
    assert decide(client, auth, day.rejected_id, "accept_incoming").status_code == 400
    assert [a["action"] for a in audit_rows(db, day.rejected_id)] == ["dismissed"]
    assert db.conn.execute("SELECT resolution_note FROM sync_issues WHERE id = ?",
                           (day.rejected_id,)).fetchone()[0] == "Bản ghi thử, đã ghi lại đúng"
    assert db.conn.execute("SELECT superseded_by FROM visits WHERE record_id = ?",
                           (day.stored_id,)).fetchone()[0] is None
    assert "issue" not in read_page(client).alerts


def test_supervisors_see_only_their_communes_agents(client, auth, db, day):
    from agent_app.store import users as user_store

    user_id = user_store.create_user(db, "supervisor2", "demo1234", "supervisor", "Giám sát 2")
    user_store.assign_communes(db, user_id, ["31849"])
    auth.login("supervisor2")
    page = read_page(client)
    assert [r[0] for r in page.rows] == ["Nguyễn Văn Đức", "Lê Văn Hùng", "Tổng cộng"]
    assert "Phạm Thị Hoa" not in " ".join(page.alerts.values())
    assert client.get(f"/supervisor/agents/{day.users['agent1']}").status_code == 404
    assert client.get(f"/supervisor/issues/{day.conflict_id}").status_code == 404
    assert decide(client, auth, day.conflict_id, "keep_stored").status_code == 404
    assert client.get("/supervisor/trends?commune=31843").status_code == 404
    assert client.get(f"/supervisor/trends?agent={day.users['agent1']}").status_code == 404
    csv_text = client.get(f"/supervisor/day.csv?date={DATE}").get_data(as_text=True)
    assert "Trần Thị Mai" not in csv_text and "Lê Văn Hùng" in csv_text


def test_other_roles_cannot_open_the_supervisor_pages(client, auth):
    auth.login("official1")
    assert client.get("/supervisor/").status_code == 403
    auth.login("agent1")
    assert client.get("/supervisor/day.csv").status_code == 403
    auth.login("admin")
    assert client.get("/supervisor/").status_code == 200


def test_supervisor_home_leads_to_the_day_page(client, auth):
    auth.login("supervisor1")
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/supervisor/")


def test_trends_draw_thirty_days_per_commune_and_agent(client, auth, day):
    auth.login("supervisor1")
    html = client.get(f"/supervisor/trends?date={DATE}").get_data(as_text=True)
    assert html.count('class="chart-line chart-line-') >= 3
    assert "13/02/2025 – 14/03/2025" in html
    assert "Xã Hồng Dân" in html and "Võ Văn Tài" in html
    assert "Bản ghi đồng bộ: 15" in html            # 6 + 2 + 5 + 1 + 1
    html = client.get(f"/supervisor/trends?date={DATE}&agent={day.users['agent1']}"
                      ).get_data(as_text=True)
    assert "Bản ghi đồng bộ: 6" in html and "Lần đến nhà: 5" in html


def test_a_vietnam_day_starts_at_17_utc():
    assert supervision.utc_bounds(DAY) == ("2025-03-13T17:00:00Z", "2025-03-14T17:00:00Z")


def test_a_real_push_shows_on_todays_page(client, auth, db):
    """Through the sync API, not built rows: the day page reads what the sync log wrote."""
    agent = db.conn.execute("SELECT id FROM users WHERE username = 'agent1'").fetchone()[0]
    resident = db.conn.execute(
        "SELECT r.id FROM residents r JOIN agent_villages av ON av.village_id = r.village_id"
        " WHERE av.user_id = ? LIMIT 1", (agent,)).fetchone()[0]
    now = to_vietnam(utc_now()).isoformat(timespec="seconds")
    records = [{"id": str(uuid.uuid4()), "seq": seq, "kind": "visit", "created_at": now,
                "data": {"resident_id": resident, "outcome": "not_home"}} for seq in (1, 3)]
    auth.login("supervisor1")          # the demo's own push is today's too: count from it
    baseline = read_page(client, "/supervisor/")
    before = by_agent(baseline.headers, baseline.rows)["Trần Thị Mai"]
    auth.login("agent1")
    response = client.post("/api/sync/push", json={
        "device_id": str(uuid.uuid4()), "app_version": "2026.11.1", "pending": 4,
        "user_id": agent, "records": records})
    assert response.status_code == 200, response.get_json()

    auth.login("supervisor1")
    page = read_page(client, "/supervisor/")
    mai = by_agent(page.headers, page.rows)["Trần Thị Mai"]
    assert int(mai["Số lần đồng bộ"]) == int(before["Số lần đồng bộ"]) + 1
    assert int(mai["Đã nhận"]) == int(before["Đã nhận"]) + 2
    assert mai["Còn chờ trên máy"] == "2"        # 4 waiting as it sent, 2 of them sent
    assert "2026.11.1" in mai["Phiên bản"].split(", ") and mai["Thiếu số thứ tự"] == "1"
    assert "Trần Thị Mai" in page.alerts["seq_gap"]
    assert "Trần Thị Mai" not in page.alerts.get("stuck_outbox", "")    # within the grace


def test_a_phone_that_sent_everything_has_nothing_waiting(client, auth, db):
    """The phone counts its outbox as it sends, the push's own records included."""
    agent = db.conn.execute("SELECT id FROM users WHERE username = 'agent1'").fetchone()[0]
    resident = db.conn.execute(
        "SELECT r.id FROM residents r JOIN agent_villages av ON av.village_id = r.village_id"
        " WHERE av.user_id = ? LIMIT 1", (agent,)).fetchone()[0]
    now = to_vietnam(utc_now()).isoformat(timespec="seconds")
    device = str(uuid.uuid4())
    auth.login("agent1")
    response = client.post("/api/sync/push", json={
        "device_id": device, "app_version": "2026.11.1", "pending": 1, "user_id": agent,
        "records": [{"id": str(uuid.uuid4()), "seq": 1, "kind": "visit", "created_at": now,
                     "data": {"resident_id": resident, "outcome": "not_home"}}]})
    assert response.status_code == 200

    auth.login("supervisor1")
    page = read_page(client, "/supervisor/")
    assert by_agent(page.headers, page.rows)["Trần Thị Mai"]["Còn chờ trên máy"] == "0"
    assert db.conn.execute("SELECT last_pending FROM devices WHERE id = ?",
                           (device,)).fetchone()[0] == 0


def test_text_from_phones_never_becomes_a_spreadsheet_formula():
    from agent_app.spreadsheets import safe_text

    assert safe_text("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert safe_text("1.4.0") == "1.4.0"
