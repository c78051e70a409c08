"""Odd values in every form and query field get an answer in the app's own pages (a 4xx naming
what is wrong, or the page with the value ignored): never a 500, never a bare framework page.

Each route is driven with a base of sensible values and, one field at a time, each odd value:
empty, very long, not a number, a huge integer, inf/nan, a list (repeated key), impossible and
far dates, a NUL byte, a lone surrogate as raw UTF-8 bytes, a superscript digit.
"""

from __future__ import annotations

import urllib.request
import uuid
from urllib.parse import quote, urlencode

import pytest
from commune_data import HONG_DAN, actor, enrol, new_village
from support import LiveServer

from agent_app.store import alerts as alert_store
from agent_app.store import parameters as parameter_store
from agent_app.store import places as place_store
from agent_app.store import row, scalar
from sync.ingest import ingest

ODD = ["", "x" * 100_000, "abc", "99999999999999999999999", "inf", "nan", "1e309", "-1",
       ["1", "2"], "2026-02-31", "99999-01-01", "a\x00b", b"%ED%A0%80", "\u00b2"]


@pytest.fixture
def ids(db) -> dict:
    """A village of agent1 with a sign-up, a rejected record under review, a support row."""
    village, people = new_village(db)
    enrol(db, people[0], "bhxh_tn", "2026-11-20", 1_000, months=12, income=1_500_000,
          quoted_amount=3_960_000)
    ingest(db, actor(db), [{"id": str(uuid.uuid4()), "kind": "visit",
                            "created_at": "2026-11-23T09:30:00+07:00",
                            "data": {"resident_id": people[1]["id"], "outcome": "?"}}])
    parameter = row(db, "SELECT id, valid_from, source FROM premium_parameters"
                        " WHERE name = 'base_salary' ORDER BY id LIMIT 1")
    support = parameter_store.add_support(db, None, {
        "kind": "local", "province_code": "96", "scheme": "bhxh_tn", "support_group": "poor",
        "value": 100_000, "valid_from": "2031-01-01", "valid_to": None, "source": "Thử"})
    return {
        "v": village, "r": people[0]["id"], "hh": people[0]["household_id"],
        "issue": scalar(db, "SELECT max(id) FROM sync_issues"),
        "param": parameter["id"], "param_from": parameter["valid_from"],
        "support": support, "c": HONG_DAN,
        "agent": scalar(db, "SELECT id FROM users WHERE username = 'agent1'"),
        "alert": alert_store.raise_signup_off_list(
            db, people[0]["id"], scalar(db, "SELECT record_id FROM enrolments WHERE resident_id"
                                            " = ?", (people[0]["id"],)),
            scalar(db, "SELECT id FROM users WHERE username = 'agent1'"), "deceased"),
    }


# (user, method, url, base values, fields driven with the odd values)
ROUTES = [
    ("agent1", "GET", "/villages/{v}", {}, ["filter", "q", "page"]),
    ("agent1", "GET", "/visits/new", {"resident": "{r}"}, ["resident", "corrects"]),
    ("agent1", "POST", "/visits", {"resident_id": "{r}", "outcome": "not_home"},
     ["resident_id", "outcome", "reasons", "reason_text", "follow_up_on", "note", "vssid",
      "campaign", "location.lat", "location.lon", "location.accuracy", "corrects"]),
    ("agent1", "GET", "/enrolments/new", {"resident": "{r}"},
     ["resident", "scheme", "corrects", "member"]),
    ("agent1", "GET", "/enrolments/new", {"scheme": "bhyt_hgd", "household": "{hh}"},
     ["household", "member"]),
    ("agent1", "GET", "/enrolments/new", {"resident": "{r}", "scheme": "bhxh_tn"},
     ["months", "income", "group", "start_month"]),
    ("agent1", "GET", "/enrolments/new", {"scheme": "bhyt_hgd", "household": "{hh}"},
     ["months", "group"]),
    ("agent1", "GET", "/explain", {}, ["age", "gender", "income", "group", "started_before"]),
    ("agent1", "POST", "/enrolments",
     {"resident_id": "{r}", "scheme": "bhxh_tn", "months": "12", "income": "1500000",
      "amount": "3960000", "group": "other", "receipt_no": "BL-1", "confirm": "1"},
     ["resident_id", "scheme", "months", "income", "amount", "group", "start_month",
      "receipt_no", "no_receipt", "receipt_date", "corrects", "confirm"]),
    ("agent1", "POST", "/enrolments?household={hh}",
     {"resident_id": "{r}", "scheme": "bhyt_hgd", "months": "12", "position": "1",
      "amount": "1", "group": "other", "no_receipt": "1", "confirm": "1"},
     ["resident_id", "position", "amount", "months", "group", "receipt_date", "start_month",
      "no_receipt"]),
    ("agent1", "GET", "/people/new", {"village": "{v}"}, ["village", "household", "corrects"]),
    ("agent1", "GET", "/people/check", {"village_id": "{v}", "full_name": "Lê An"},
     ["village_id", "full_name", "birth_date", "birth_year", "cccd"]),
    ("agent1", "POST", "/people",
     {"village_id": "{v}", "full_name": "Lê Văn Mới", "birth_year": "1990", "household.id": ""},
     ["id", "corrects", "village_id", "household_id", "household.id", "full_name", "gender",
      "birth_date", "birth_year", "relation_to_head", "cccd", "phone", "support_group",
      "household.address"]),
    ("agent1", "GET", "/quote", {},
     ["scheme", "on", "income", "months", "support_group", "position", "province"]),
    ("agent1", "GET", "/api/sync/pull", {}, ["since"]),
    ("official1", "GET", "/communes/{c}/", {},
     ["period", "month", "quarter", "year", "from", "to"]),
    ("official1", "GET", "/communes/{c}/villages/{v}", {}, ["status", "period", "month", "q"]),
    ("official1", "GET", "/communes/{c}/villages/{v}/print", {}, ["status", "period"]),
    ("official1", "GET", "/communes/{c}/retention", {},
     ["period", "month", "quarter", "year", "from", "to"]),
    ("official1", "GET", "/communes/{c}/renewals.csv", {}, ["village"]),
    ("official1", "GET", "/communes/{c}/renewals/print", {}, ["village"]),
    ("official1", "GET", "/communes/{c}/declarations.xlsx", {},
     ["period", "month", "quarter", "year", "from", "to", "village", "profile"]),
    ("official1", "GET", "/communes/{c}/declarations", {"profile": "ebh"},
     ["period", "month", "village", "profile"]),
    ("official1", "POST", "/communes/{c}/declarations/settings", {"declaration_profile": "ebh"},
     ["declaration_profile", "kcb_province", "kcb_hospital", "collector_{agent}",
      "collector_99999999999999999999999"]),
    ("official1", "POST", "/communes/{c}/residents/{r}/edit",
     {"full_name": "Nguyễn Văn An", "birth_year": "1970", "village_id": "{v}",
      "household_id": "{hh}"},
     ["full_name", "birth_date", "birth_year", "gender", "cccd", "bhxh_code", "phone",
      "ethnicity", "support_group", "bhxh_status", "bhyt_status", "bhyt_expiry", "village_id",
      "household_id", "relation_to_head", "household_code", "address", "nationality",
      "birth_place"]),
    ("official1", "GET", "/communes/{c}/villages/{v}/residents/check", {"full_name": "Lê An"},
     ["full_name", "birth_date", "birth_year", "cccd"]),
    ("official1", "POST", "/communes/{c}/residents/{r}/alerts/{alert}", {},
     ["resolution", "note"]),
    ("official1", "POST", "/communes/{c}/residents/{r}/status", {}, ["list_status"]),
    ("official1", "POST", "/communes/{c}/residents/{r}/merge", {},
     ["duplicate_id", "kept_id", "choice_phone"]),
    ("official1", "POST", "/communes/{c}/villages/{v}/residents/new",
     {"full_name": "Lê Bình", "birth_year": "1980", "household_id": "new"},
     ["full_name", "birth_date", "birth_year", "gender", "support_group", "cccd", "phone",
      "ethnicity", "relation_to_head", "household_id", "address"]),
    ("official1", "POST", "/communes/{c}/agents", {"agent_id": "{agent}"},
     ["agent_id", "village_id"]),
    ("official1", "GET", "/communes/{c}/targets", {}, ["year"]),
    ("official1", "POST", "/communes/{c}/targets", {"year": "2026"},
     ["year", "bhxh_tn_{v}", "bhyt_hgd_{v}"]),
    ("official1", "GET", "/communes/{c}/campaigns", {}, ["period", "year"]),
    ("official1", "POST", "/communes/{c}/campaigns/new",
     {"name": "Đợt một", "held_on": "2026-12-05", "village_id": "{v}", "agent_id": "{agent}"},
     ["name", "held_on", "village_id", "agent_id"]),
    ("supervisor1", "GET", "/supervisor/", {}, ["date"]),
    ("supervisor1", "GET", "/supervisor/day.csv", {}, ["date"]),
    ("supervisor1", "GET", "/supervisor/trends", {}, ["agent", "commune", "date"]),
    ("supervisor1", "GET", "/supervisor/agents/{agent}", {}, ["date"]),
    ("supervisor1", "POST", "/supervisor/issues/{issue}", {"action": "dismiss", "note": "ok"},
     ["action", "note"]),
    ("admin", "POST", "/admin/parameters/",
     {"name": "base_salary", "value": "2.600.000", "valid_from": "2030-01-01", "source": "x"},
     ["name", "key", "value", "source", "valid_from", "valid_to"]),
    ("admin", "POST", "/admin/parameters/supports",
     {"kind": "local", "province_code": "96", "scheme": "bhxh_tn", "support_group": "poor",
      "value": "10", "valid_from": "2030-01-01", "source": "x"},
     ["kind", "province_code", "scheme", "support_group", "value", "valid_from", "valid_to"]),
    ("admin", "POST", "/admin/parameters/{param}",
     {"name": "base_salary", "value": "2.340.000", "valid_from": "{param_from}", "source": "x"},
     ["name", "value", "source", "valid_from", "valid_to", "confirmed"]),
    ("admin", "POST", "/admin/parameters/supports/{support}",
     {"kind": "local", "province_code": "96", "scheme": "bhxh_tn", "support_group": "poor",
      "value": "10", "valid_from": "2031-01-01", "source": "x"},
     ["kind", "province_code", "value", "valid_from", "valid_to"]),
    ("admin", "POST", "/imports/confirm", {}, ["token"]),
    ("admin", "POST", "/admin/users/new",
     {"username": "agent7", "display_name": "Lê Bảy", "role": "agent",
      "password": "mật-khẩu-dài", "password2": "mật-khẩu-dài"},
     ["username", "display_name", "role", "password", "password2", "village", "commune",
      "phone"]),
    ("admin", "POST", "/admin/users/{agent}", {"display_name": "Trần Thị Mai"},
     ["display_name", "village", "commune", "phone"]),
    ("admin", "POST", "/admin/users/{agent}/password",
     {"password": "mật-khẩu-mới-1", "password2": "mật-khẩu-mới-1"}, ["password", "password2"]),
    ("admin", "POST", "/admin/users/{agent}/active", {"active": "1"}, ["active"]),
    ("admin", "GET", "/imports/", {}, ["lang"]),
    (None, "POST", "/login?next=/", {"username": "agent1", "password": "wrong"},
     ["username", "password", "next"]),
]


REFUSED_BASE = {"/imports/confirm", "/login?next=/"}       # a bad token, a wrong password


def encode(params: dict) -> str:
    """Form or query text; bytes go in as they are (already percent-encoded)."""
    parts = []
    for name, value in params.items():
        for one in value if isinstance(value, list) else [value]:
            parts.append(quote(name) + "=" + (one.decode() if isinstance(one, bytes)
                                              else quote(one)))
    return "&".join(parts)


def send(client, method: str, url: str, params: dict):
    if method == "POST":
        return client.post(url, data=encode(params),
                           content_type="application/x-www-form-urlencoded")
    params.pop("csrf_token")
    return client.get(url + ("&" if "?" in url else "?") + encode(params))


def fill(template: str, ids: dict) -> str:
    return template.format(**ids) if isinstance(template, str) else template


@pytest.mark.parametrize("user, method, url, base, fields", ROUTES,
                         ids=[f"{r[1]} {r[2]}" for r in ROUTES])
def test_odd_values_never_make_a_500(client, auth, ids, user, method, url, base, fields):
    if user:
        auth.login(user)
    token = auth.csrf("/login")
    url = url.format(**ids)
    base = {name: fill(value, ids) for name, value in base.items()}
    failures = []
    if url not in REFUSED_BASE:
        assert send(client, method, url, {**base, "csrf_token": token}).status_code < 400
    for field in (f.format(**ids) for f in fields):
        for odd in ODD:
            params = {**base, field: odd}
            response = send(client, method, url, {**params, "csrf_token": token})
            html = response.mimetype == "text/html"
            page = response.get_data(as_text=True) if html else ""
            if response.status_code >= 500 or (response.status_code >= 400 and html and (
                    "Đến Từng Nhà" not in page)):
                failures.append((field, repr(odd)[:24], response.status_code))
    assert failures == []


def test_a_village_named_with_dashes_quotes_and_emoji_downloads(db, db_path):
    """Through a real server: the header must be sendable, the download complete."""
    village = place_store.village_id_for(db, HONG_DAN, "Ấp “Mới” – 🌾 \"A\"\\B")
    server = LiveServer(db_path)
    try:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        page = opener.open(server.url + "/login", timeout=10).read().decode()
        token = page.split('name="csrf-token" content="')[1].split('"')[0]
        opener.open(server.url + "/login", data=urlencode({
            "username": "official1", "password": "demo1234", "csrf_token": token}).encode(),
            timeout=10)
        for fmt in ("xlsx", "csv"):
            answer = opener.open(
                f"{server.url}/communes/{HONG_DAN}/villages/{village}/list.{fmt}", timeout=10)
            disposition = answer.headers["Content-Disposition"]
            assert answer.status == 200 and len(answer.read()) > 0
            assert disposition.startswith(f'attachment; filename="danh-sach-ap-moi-a-b.{fmt}";')
            assert ("filename*=UTF-8''danh%20s%C3%A1ch%20%E1%BA%A4p%20%E2%80%9CM%E1%BB%9Bi%E2%80"
                    "%9D%20%E2%80%93%20%F0%9F%8C%BE%20%22A%22%5CB." + fmt) in disposition
    finally:
        server.stop()
