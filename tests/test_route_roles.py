"""Every route × every role, in scope and out of it: the status each gets, from one table.

The objects asked for (a village, a person, a household, records, a campaign, a sync issue, an
import, a parameter row) all belong to agent1's village of Xã Hồng Dân. The roles:
anonymous; agent1 (that village is theirs) and agent2 (Ninh Quới's villages); official1 (Hồng
Dân) and an official of Ninh Quới; supervisor1 (both communes) and a supervisor of Ninh Quới
only; admin. A route missing from the table fails the test, so a new route gets its line.

Writes are sent with empty or invalid forms: the table records who gets past the role and scope
checks (a 400 or 422 naming what is missing) and who does not (403 wrong role, 404 outside one's
villages or communes, 302 to the login page for anonymous users); nothing is changed.
"""

from __future__ import annotations

import uuid

import pytest
from commune_data import HONG_DAN, NINH_QUOI, actor, residents, villages, visit
from listfiles import xlsx

from agent_app import demo
from agent_app.imports.importer import import_list
from agent_app.store import alerts as alert_store
from agent_app.store import campaigns as campaign_store
from agent_app.store import parameters as parameter_store
from agent_app.store import scalar
from agent_app.store import users as user_store
from sync.ingest import ingest

ROLES = ("anonymous", "agent", "agent_elsewhere", "official", "official_elsewhere",
         "supervisor", "supervisor_elsewhere", "admin")
USERS = {"agent": "agent1", "agent_elsewhere": "agent2", "official": "official1",
         "official_elsewhere": "official9", "supervisor": "supervisor1",
         "supervisor_elsewhere": "supervisor9", "admin": "admin"}
C = HONG_DAN

# (method, rule) -> (url, form sent or None, statuses in ROLES order: anonymous, agent,
# agent elsewhere, official, official elsewhere, supervisor, supervisor elsewhere, admin)
MATRIX: dict[tuple[str, str], tuple[str, dict | None, str]] = {
    ("GET", "/"):
        ("/", None, "302 200 200 302 302 302 302 200"),         # officials, supervisors: their page
    ("GET", "/admin/parameters/"):
        ("/admin/parameters/", None, "302 403 403 403 403 403 403 200"),
    ("POST", "/admin/parameters/"):
        ("/admin/parameters/", {}, "302 403 403 403 403 403 403 400"),
    ("GET", "/admin/parameters/<int:parameter_id>"):
        ("/admin/parameters/{parameter}", None, "302 403 403 403 403 403 403 200"),
    ("POST", "/admin/parameters/<int:parameter_id>"):
        ("/admin/parameters/{parameter}", {}, "302 403 403 403 403 403 403 400"),
    ("POST", "/admin/parameters/supports"):
        ("/admin/parameters/supports", {}, "302 403 403 403 403 403 403 400"),
    ("GET", "/admin/parameters/supports/<int:support_id>"):
        ("/admin/parameters/supports/{support}", None, "302 403 403 403 403 403 403 200"),
    ("POST", "/admin/parameters/supports/<int:support_id>"):
        ("/admin/parameters/supports/{support}", {}, "302 403 403 403 403 403 403 400"),
    ("GET", "/admin/users/"):
        ("/admin/users/", None, "302 403 403 403 403 403 403 200"),
    ("GET", "/admin/users/new"):
        ("/admin/users/new", None, "302 403 403 403 403 403 403 200"),
    ("POST", "/admin/users/new"):
        ("/admin/users/new", {}, "302 403 403 403 403 403 403 400"),
    ("GET", "/admin/users/<int:user_id>"):
        ("/admin/users/{agent}", None, "302 403 403 403 403 403 403 200"),
    ("POST", "/admin/users/<int:user_id>"):
        ("/admin/users/{agent}", {}, "302 403 403 403 403 403 403 400"),
    ("POST", "/admin/users/<int:user_id>/active"):
        ("/admin/users/{agent}/active", {"active": "1"}, "302 403 403 403 403 403 403 302"),
    ("POST", "/admin/users/<int:user_id>/password"):
        ("/admin/users/{agent}/password", {}, "302 403 403 403 403 403 403 400"),
    ("GET", "/api/offline/manifest"):
        ("/api/offline/manifest", None, "401 200 200 200 200 200 200 200"),
    ("GET", "/api/offline/shell"):
        ("/api/offline/shell", None, "401 200 200 403 403 403 403 403"),
    ("GET", "/api/openapi.json"):
        ("/api/openapi.json", None, "200 200 200 200 200 200 200 200"),
    ("GET", "/api/sync/pull"):
        ("/api/sync/pull", None, "401 200 200 403 403 403 403 403"),
    ("POST", "/api/sync/push"):
        ("/api/sync/push", {}, "401 400 400 403 403 403 403 403"),
    ("GET", "/communes/<code>/"):
        ("/communes/{c}/", None, "302 404 404 200 404 200 404 200"),
    ("GET", "/communes/<code>/agents"):
        ("/communes/{c}/agents", None, "302 404 404 200 404 200 404 200"),
    ("POST", "/communes/<code>/agents"):
        ("/communes/{c}/agents", {"agent_id": "{agent}", "village_id": ["{v}", "{v2}", "{v3}"]},
         "302 404 404 302 404 403 404 302"),
    ("GET", "/communes/<code>/campaigns"):
        ("/communes/{c}/campaigns", None, "302 404 404 200 404 200 404 200"),
    ("GET", "/communes/<code>/campaigns/<int:campaign_id>"):
        ("/communes/{c}/campaigns/{campaign}", None, "302 404 404 200 404 200 404 200"),
    ("GET", "/communes/<code>/campaigns/new"):
        ("/communes/{c}/campaigns/new", None, "302 404 404 200 404 403 404 200"),
    ("POST", "/communes/<code>/campaigns/new"):
        ("/communes/{c}/campaigns/new", {}, "302 404 404 400 404 403 404 400"),
    ("GET", "/communes/<code>/declarations"):
        ("/communes/{c}/declarations", None, "302 404 404 200 404 200 404 200"),
    ("POST", "/communes/<code>/declarations/settings"):
        ("/communes/{c}/declarations/settings", {"declaration_profile": "misa"},
         "302 404 404 302 404 403 404 302"),
    ("GET", "/communes/<code>/declarations.xlsx"):
        ("/communes/{c}/declarations.xlsx", None, "302 404 404 200 404 200 404 200"),
    ("GET", "/communes/<code>/list.<any(xlsx, csv):fmt>"):
        ("/communes/{c}/list.csv", None, "302 404 404 200 404 200 404 200"),
    ("GET", "/communes/<code>/renewals.<any(xlsx, csv):fmt>"):
        ("/communes/{c}/renewals.xlsx?village={v}", None, "302 404 404 200 404 200 404 200"),
    ("GET", "/communes/<code>/renewals/print"):
        ("/communes/{c}/renewals/print", None, "302 404 404 200 404 200 404 200"),
    ("GET", "/communes/<code>/residents/<resident_id>"):
        ("/communes/{c}/residents/{r}", None, "302 404 404 200 404 200 404 200"),
    ("POST", "/communes/<code>/residents/<resident_id>/alerts/<int:alert_id>"):
        ("/communes/{c}/residents/{r}/alerts/{alert}", {}, "302 404 404 302 404 403 404 302"),
    ("GET", "/communes/<code>/residents/<resident_id>/edit"):
        ("/communes/{c}/residents/{r}/edit", None, "302 404 404 200 404 403 404 200"),
    ("POST", "/communes/<code>/residents/<resident_id>/edit"):
        ("/communes/{c}/residents/{r}/edit", {}, "302 404 404 400 404 403 404 400"),
    ("GET", "/communes/<code>/residents/<resident_id>/merge/<other_id>"):
        ("/communes/{c}/residents/{r}/merge/{r2}", None, "302 404 404 200 404 403 404 200"),
    ("POST", "/communes/<code>/residents/<resident_id>/merge"):
        ("/communes/{c}/residents/{r}/merge", {}, "302 404 404 302 404 403 404 302"),
    ("POST", "/communes/<code>/residents/<resident_id>/status"):
        ("/communes/{c}/residents/{r}/status", {}, "302 404 404 302 404 403 404 302"),
    ("GET", "/communes/<code>/retention"):
        ("/communes/{c}/retention", None, "302 404 404 200 404 200 404 200"),
    ("GET", "/communes/<code>/targets"):
        ("/communes/{c}/targets", None, "302 404 404 200 404 200 404 200"),
    ("POST", "/communes/<code>/targets"):
        ("/communes/{c}/targets", {"bhxh_tn_{v}": "x"}, "302 404 404 400 404 403 404 400"),
    ("GET", "/communes/<code>/villages/<int:village_id>"):
        ("/communes/{c}/villages/{v}", None, "302 404 404 200 404 200 404 200"),
    ("GET", "/communes/<code>/villages/<int:village_id>/list.<any(xlsx, csv):fmt>"):
        ("/communes/{c}/villages/{v}/list.xlsx", None, "302 404 404 200 404 200 404 200"),
    ("GET", "/communes/<code>/villages/<int:village_id>/print"):
        ("/communes/{c}/villages/{v}/print", None, "302 404 404 200 404 200 404 200"),
    ("GET", "/communes/<code>/villages/<int:village_id>/residents/check"):
        ("/communes/{c}/villages/{v}/residents/check?full_name=X", None,
         "302 404 404 200 404 403 404 200"),
    ("GET", "/communes/<code>/villages/<int:village_id>/residents/new"):
        ("/communes/{c}/villages/{v}/residents/new", None, "302 404 404 200 404 403 404 200"),
    ("POST", "/communes/<code>/villages/<int:village_id>/residents/new"):
        ("/communes/{c}/villages/{v}/residents/new", {}, "302 404 404 400 404 403 404 400"),
    ("POST", "/enrolments"):
        ("/enrolments", {"resident_id": "{r}"}, "302 422 404 403 403 403 403 403"),
    ("GET", "/enrolments/new"):
        ("/enrolments/new?resident={r}", None, "302 200 404 403 403 403 403 403"),
    ("GET", "/explain"):
        ("/explain?age=40&gender=male", None, "302 200 200 200 200 200 200 200"),
    ("GET", "/imports/"):
        ("/imports/", None, "302 403 403 200 200 403 403 200"),
    ("GET", "/imports/<int:import_id>"):
        ("/imports/{import}", None, "302 403 403 200 404 403 403 200"),
    ("POST", "/imports/confirm"):
        ("/imports/confirm", {"token": "x" * 32}, "302 403 403 404 404 403 403 404"),
    ("POST", "/imports/preview"):
        ("/imports/preview", {"commune": "{c}"}, "302 403 403 400 404 403 403 400"),
    ("GET", "/imports/template.xlsx"):
        ("/imports/template.xlsx", None, "302 403 403 200 200 403 403 200"),
    ("GET", "/login"):
        ("/login", None, "200 200 200 200 200 200 200 200"),
    ("POST", "/login"):
        ("/login", {"username": "nobody", "password": "x"}, "401 401 401 401 401 401 401 401"),
    ("POST", "/logout"):
        ("/logout", {}, "302 302 302 302 302 302 302 302"),
    ("GET", "/manifest.webmanifest"):
        ("/manifest.webmanifest", None, "200 200 200 200 200 200 200 200"),
    ("GET", "/offline"):
        ("/offline", None, "200 200 200 200 200 200 200 200"),
    ("POST", "/people"):
        ("/people", {"village_id": "{v}", "household_id": "{hh}"},
         "302 422 404 403 403 403 403 403"),
    ("GET", "/people/check"):
        ("/people/check?village_id={v}&full_name=X", None, "302 200 404 403 403 403 403 403"),
    ("GET", "/people/new"):
        ("/people/new?village={v}", None, "302 200 404 403 403 403 403 403"),
    ("GET", "/quote"):
        ("/quote", None, "302 200 200 200 200 200 200 200"),
    ("GET", "/residents/<uuid:resident_id>"):
        ("/residents/{r}", None, "302 200 404 200 404 200 404 200"),
    ("GET", "/static/<path:filename>"):
        ("/static/css/app.css", None, "200 200 200 200 200 200 200 200"),
    ("GET", "/supervisor/"):
        ("/supervisor/", None, "302 403 403 403 403 200 200 200"),
    ("GET", "/supervisor/agents/<int:user_id>"):
        ("/supervisor/agents/{agent}", None, "302 403 403 403 403 200 404 200"),
    ("GET", "/supervisor/day.<any(csv, xlsx):fmt>"):
        ("/supervisor/day.csv", None, "302 403 403 403 403 200 200 200"),
    ("GET", "/supervisor/issues/<int:issue_id>"):
        ("/supervisor/issues/{issue}", None, "302 403 403 403 403 200 404 200"),
    ("POST", "/supervisor/issues/<int:issue_id>"):
        ("/supervisor/issues/{issue}", {"action": "?"}, "302 403 403 403 403 400 404 400"),
    ("GET", "/supervisor/trends"):
        ("/supervisor/trends", None, "302 403 403 403 403 200 200 200"),
    ("GET", "/sw.js"):
        ("/sw.js", None, "200 200 200 200 200 200 200 200"),
    ("GET", "/sync"):
        ("/sync", None, "302 200 200 200 200 200 200 200"),
    ("GET", "/villages/<int:village_id>"):
        ("/villages/{v}", None, "302 200 404 200 404 200 404 200"),
    ("POST", "/visits"):
        ("/visits", {"resident_id": "{r}"}, "302 422 404 403 403 403 403 403"),
    ("GET", "/visits/new"):
        ("/visits/new?resident={r}", None, "302 200 404 403 403 403 403 403"),
}


@pytest.fixture
def objects(db) -> dict:
    """Agent1's village of Hồng Dân and what hangs off it; Ninh Quới's official and supervisor."""
    for username, role in (("official9", "commune_official"), ("supervisor9", "supervisor")):
        user_id = user_store.create_user(db, username, demo.DEMO_PASSWORD, role, username)
        user_store.assign_communes(db, user_id, [NINH_QUOI])
    village, *others = villages(db, HONG_DAN)
    person, other = residents(db, village, 2)
    agent = actor(db)
    added = str(uuid.uuid4())
    person_record, rejected = str(uuid.uuid4()), str(uuid.uuid4())
    ingest(db, agent, [
        {"id": person_record, "kind": "resident", "created_at": "2026-11-23T09:30:00+07:00",
         "data": {"id": added, "household_id": person["household_id"],
                  "full_name": "Lê Văn Mới", "birth_year": 1990}},
        {"id": rejected, "kind": "visit", "created_at": "2026-11-23T09:31:00+07:00",
         "data": {"resident_id": person["id"], "outcome": "?"}}])
    admin = user_store.get_user_by_name(db, "admin")
    seen = visit(db, person["id"], "not_home", "2026-11-23")
    return {
        "c": C, "v": village, "v2": others[0], "v3": others[1], "r": person["id"],
        "r2": other["id"], "hh": person["household_id"], "visit": seen,
        "alert": alert_store.raise_signup_off_list(db, person["id"], seen, agent.id,
                                                   "deceased"),
        "person_record": person_record, "agent": agent.id,
        "issue": scalar(db, "SELECT id FROM sync_issues WHERE record_id = ?", (rejected,)),
        "campaign": campaign_store.create_campaign(db, admin["id"], C, "Đợt thử", "2026-12-05",
                                                   [village], [agent.id]),
        "import": import_list(db, xlsx([["Họ và tên", "Năm sinh", "Thôn"],
                                         ["Lâm Văn Quý", 1972, "Thôn Thử"]]), "ds.xlsx", C,
                              user_id=admin["id"]).import_id,
        "parameter": scalar(db, "SELECT min(id) FROM premium_parameters"),
        "support": parameter_store.add_support(db, admin["id"], {
            "kind": "local", "province_code": "96", "scheme": "bhxh_tn",
            "support_group": "poor", "value": 100_000, "valid_from": "2031-01-01",
            "valid_to": None, "source": "Thử"}),
    }


def fill(value: str | list[str], objects: dict) -> str | list[str]:
    if isinstance(value, list):
        return [one.format(**objects) for one in value]
    return value.format(**objects)


def rules(app) -> list[tuple[str, str]]:
    return sorted((method, rule.rule) for rule in app.url_map.iter_rules()
                  for method in rule.methods - {"HEAD", "OPTIONS"})


def test_every_route_has_a_line(app):
    assert [key for key in rules(app) if key not in MATRIX] == []
    assert [key for key in MATRIX if key not in rules(app)] == []


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_table_says(app, client, auth, objects, role):
    if role != "anonymous":
        assert auth.login(USERS[role]).status_code == 302
    token = auth.csrf("/login")
    column = ROLES.index(role)
    wrong = []
    # Logging out ends the session: last.
    for method, rule in sorted(MATRIX, key=lambda key: key[1] == "/logout"):
        url, form, statuses = MATRIX[method, rule]
        url = url.format(**objects)
        if method == "POST":
            answer = client.post(url, data={"csrf_token": token, **{
                name.format(**objects): fill(value, objects)
                for name, value in (form or {}).items()}})
        else:
            answer = client.get(url)
        expected = int(statuses.split()[column])
        if answer.status_code != expected:
            wrong.append(f"{method} {url}: {answer.status_code}, expected {expected}")
    assert wrong == [], "\n".join(wrong)
