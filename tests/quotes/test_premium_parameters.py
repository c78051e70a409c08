"""The dated parameter rows: what is seeded with its source, a new row from a date and its audit,
and a database upgraded by the migrations ending with the same rows as a fresh one."""

from datetime import date

import pytest

from agent_app import store
from agent_app.domain.premiums import QuoteError, quote_bhxh, quote_bhyt
from agent_app.store import parameters as parameter_store
from agent_app.store.audit import history

RULE_COLUMNS = ("id", "name", "key", "value", "valid_from", "valid_to", "source", "confirmed")


def seeded(db) -> dict:
    return {(p["name"], p["key"], p["valid_from"]): p for p in parameter_store.list_parameters(db)}


def test_the_rules_of_2026_and_2027_are_seeded_with_their_sources(db):
    rows = seeded(db)
    old, new = rows["base_salary", "", "2024-07-01"], rows["base_salary", "", "2026-07-01"]
    assert (old["value"], old["valid_to"]) == (2340000, "2026-06-30")
    assert (new["value"], new["valid_to"], new["confirmed"]) == (2530000, None, 1)
    assert "Nghị định 161/2026/NĐ-CP" in new["source"]
    floor = rows["rural_poverty_line", "", "2027-01-01"]
    assert (floor["value"], floor["valid_to"]) == (2200000, "2030-12-31")
    assert "Nghị định 351/2025" in floor["source"] and "Điều 31(2)" in floor["source"]
    island = rows["bhxh_state_support", "island", "2025-07-01"]
    assert island["value"] == 500000 and "Nghị định 159/2025/NĐ-CP Điều 5(1)(a)" in island["source"]
    assert parameter_store.list_supports(db) == []


def test_the_fund_yield_is_one_unconfirmed_row_per_year(db):
    yields = sorted((p["valid_from"], p["valid_to"], p["confirmed"])
                    for p in parameter_store.list_parameters(db) if p["name"] == "fund_yield")
    assert yields == [("2016-01-01", "2024-12-31", 0), ("2025-01-01", "2025-12-31", 0),
                      ("2026-01-01", "2026-12-31", 0), ("2027-01-01", "2027-12-31", 0)]


def test_near_poor_bhyt_support_is_not_seeded_until_it_is_confirmed(db):
    assert not [p for p in parameter_store.list_parameters(db)
                if p["name"] == "bhyt_state_support"]


def test_no_floor_after_2030_is_an_error_not_todays_value(db):
    rules = parameter_store.load_rules(db)
    with pytest.raises(QuoteError) as error:
        quote_bhxh(date(2031, 1, 4), 2200000, 12, rules=rules)
    assert error.value.field == "on"
    assert str(error.value) == ("Chưa có tham số chuẩn nghèo khu vực nông thôn áp dụng cho ngày "
                                "04/01/2031.")


def test_a_new_base_salary_takes_over_from_its_start_date(db):
    rules = parameter_store.load_rules(db)
    assert quote_bhyt(date(2027, 7, 1), 1, 12, rules=rules).gross == 1366200
    parameter_store.add_parameter(db, None, {
        "name": "base_salary", "key": "", "value": 2700000, "valid_from": "2027-07-01",
        "valid_to": None, "source": "test", "confirmed": 1})
    rules = parameter_store.load_rules(db)
    assert quote_bhyt(date(2027, 6, 30), 1, 12, rules=rules).gross == 1366200
    assert quote_bhyt(date(2027, 7, 1), 1, 12, rules=rules).per_month == 121500
    old = seeded(db)["base_salary", "", "2026-07-01"]
    assert old["valid_to"] == "2027-06-30"
    changes = history(db, "premium_parameter", old["id"])
    assert [c["action"] for c in changes] == ["close"]
    assert changes[0]["before"]["valid_to"] is None
    assert changes[0]["after"]["valid_to"] == "2027-06-30"


def rules_in(db) -> list[tuple]:
    return [tuple(r[c] for c in RULE_COLUMNS) for r in store.rows(
        db, "SELECT * FROM premium_parameters ORDER BY id")]


def fill_version_6(db) -> None:
    """People, a sign-up and its record as the schema before 0007 held them (plain SQL: the
    code of today writes the new columns)."""
    stamp = "2026-06-20T02:00:00Z"
    with store.transaction(db):
        for sql, values in (
            ("INSERT INTO provinces VALUES (?, ?)", ("96", "Cà Mau")),
            ("INSERT INTO communes (code, province_code, name) VALUES (?, ?, ?)",
             ("31843", "96", "Xã Hồng Dân")),
            ("INSERT INTO villages (id, commune_code, name, search_key) VALUES (?, ?, ?, ?)",
             (1, "31843", "Ấp Thử", "ap thu")),
            ("INSERT INTO households (id, village_id, created_at, updated_at) VALUES (?, ?, ?, ?)",
             ("h1", 1, stamp, stamp)),
            ("INSERT INTO users (id, username, password_hash, role, display_name, created_at)"
             " VALUES (?, ?, ?, ?, ?, ?)", (1, "agent", "x", "agent", "Agent", stamp)),
        ):
            db.conn.execute(sql, values)
        for person, group in (("r1", "poor"), ("r2", "other")):
            db.conn.execute(
                "INSERT INTO residents (id, household_id, village_id, full_name, search_key,"
                " sort_key, birth_year, support_group, created_at, updated_at)"
                " VALUES (?, 'h1', 1, 'Người Thử', 'nguoi thu', 'thu nguoi', 1970, ?, ?, ?)",
                (person, group, stamp, stamp))
        db.conn.execute(
            "INSERT INTO records (id, kind, created_at, created_at_utc, data, content_hash,"
            " user_id, received_at, resident_id, village_id) VALUES ('e1', 'enrolment',"
            " '2026-06-20T09:00:00+07:00', ?, '{}', 'x', 1, ?, 'r2', 1)", (stamp, stamp))
        db.conn.execute(
            "INSERT INTO enrolments (record_id, resident_id, village_id, user_id, enrolled_at,"
            " enrolled_on, scheme, months, amount) VALUES ('e1', 'r2', 1, 1, ?, '2026-06-20',"
            " 'bhyt_hgd', 12, 1263600)", (stamp,))


def test_an_upgraded_database_ends_with_the_rows_of_a_fresh_one(tmp_path, monkeypatch):
    fresh = store.connect(tmp_path / "fresh.sqlite3")
    store.migrate(fresh)
    everything = store._migrations()
    old = store.connect(tmp_path / "old.sqlite3")
    monkeypatch.setattr(store, "_migrations", lambda: [m for m in everything if m[0] < "0007"])
    store.migrate(old)
    fill_version_6(old)
    before = {table: store.rows(old, f"SELECT * FROM {table} ORDER BY 1")
              for table in ("residents", "enrolments", "records")}
    monkeypatch.setattr(store, "_migrations", lambda: everything)
    assert store.migrate(old) == [version for version, _sql in everything if version >= "0007"]
    assert rules_in(old) == rules_in(fresh)
    for table, kept in before.items():                 # later migrations may add columns
        now = store.rows(old, f"SELECT * FROM {table} ORDER BY 1")
        assert [{key: line[key] for key in kept[0]} for line in now] == kept, table
    assert store.rows(old, "PRAGMA foreign_key_check") == []
    assert store.rows(old, "PRAGMA integrity_check") == [{"integrity_check": "ok"}]


def test_an_upgrade_keeps_the_rows_an_admin_added_or_edited(tmp_path, monkeypatch):
    everything = store._migrations()
    db = store.connect(tmp_path / "old.sqlite3")
    monkeypatch.setattr(store, "_migrations", lambda: [m for m in everything if m[0] < "0007"])
    store.migrate(db)
    with store.transaction(db):                 # what the admin page of that version wrote
        mine = store.insert(db, "premium_parameters", {
            "name": "base_salary", "key": "", "value": 2500000, "valid_from": "2026-07-01",
            "valid_to": None, "source": "Nhập tay trước khi có bản cập nhật",
            "created_at": "2026-07-02T01:00:00Z", "updated_at": "2026-07-02T01:00:00Z"})
        db.conn.execute("UPDATE premium_parameters SET value = 3200 WHERE name = 'fund_yield'")
    monkeypatch.setattr(store, "_migrations", lambda: everything)
    store.migrate(db)
    rows = seeded(db)
    assert rows["base_salary", "", "2026-07-01"]["id"] == mine
    assert rows["base_salary", "", "2026-07-01"]["value"] == 2500000
    assert rows["fund_yield", "", "2016-01-01"]["value"] == 3200
    assert rows["fund_yield", "", "2016-01-01"]["valid_to"] is None


def test_admins_see_on_every_page_a_rule_that_runs_out_within_60_days(client, auth,
                                                                         monkeypatch):
    auth.login("admin")
    assert "data-rule-gaps" not in client.get("/admin/parameters/").get_data(as_text=True)
    monkeypatch.setenv("AGENT_APP_CLOCK", "2027-11-20T09:00:00+07:00")
    for url in ("/", "/admin/parameters/", "/quote"):
        page = " ".join(client.get(url).get_data(as_text=True).split())
        assert ("lãi suất đầu tư quỹ (r): chưa có dòng áp dụng từ 01/01/2028" in page), url
    auth.login("agent1")
    assert "data-rule-gaps" not in client.get("/").get_data(as_text=True)


def test_check_rules_exits_non_zero_listing_what_runs_out(app, monkeypatch):
    runner = app.test_cli_runner()
    fine = runner.invoke(args=["check-rules"])
    assert fine.exit_code == 0 and "Đủ tham số để tính tiền đến 27/01/2027." in fine.output
    monkeypatch.setenv("AGENT_APP_CLOCK", "2030-12-01")
    found = runner.invoke(args=["check-rules", "--days", "60"])
    assert found.exit_code == 1
    assert found.output.splitlines() == [
        "rural_poverty_line: chưa có dòng áp dụng từ 01/01/2031 (chuẩn nghèo khu vực nông thôn)",
        "fund_yield: chưa có dòng áp dụng từ 01/12/2030 (lãi suất đầu tư quỹ (r))"]
    assert runner.invoke(args=["check-rules", "--days", "20"]).exit_code == 1
