"""The agent's screens in Python: the shared vectors (data → view model → HTML), which
tests/browser/test_screens_browser.py runs through the phone's builders and mustache.js."""

import json
from pathlib import Path

import pytest

from agent_app import screens
from agent_app.screens import (
    attention,
    bhyt_form,
    card,
    checklist,
    enrolment_form,
    home,
    person,
    person_form,
    visit_form,
)

ROOT = Path(__file__).resolve().parents[2]
VECTORS = Path(__file__).parents[1] / "vectors"
CHECKLIST = json.loads((VECTORS / "checklist.json").read_text("utf-8"))
PERSON = json.loads((VECTORS / "person_header.json").read_text("utf-8"))
PERSON_FORM = json.loads((VECTORS / "person_form.json").read_text("utf-8"))
BHYT_FORM = json.loads((VECTORS / "bhyt_form.json").read_text("utf-8"))
ENROLMENT_FORM = json.loads((VECTORS / "enrolment_form.json").read_text("utf-8"))
VISIT_FORM = json.loads((VECTORS / "visit_form.json").read_text("utf-8"))
CARD = json.loads((VECTORS / "card.json").read_text("utf-8"))
HOME = json.loads((VECTORS / "home.json").read_text("utf-8"))
ATTENTION = json.loads((VECTORS / "attention.json").read_text("utf-8"))
TEMPLATES = screens.templates(ROOT / "static")


def checklist_data(case: dict) -> dict:
    people = CHECKLIST["people"][case["data"]["people"]]
    return {**case["data"], "t": CHECKLIST["t"], "people": people}


def test_the_vectors_reach_every_filter_and_paging():
    names = {c["data"]["filter"] for c in CHECKLIST["cases"]}
    assert set(checklist.FILTERS) <= names
    assert any(c["view"]["more"] for c in CHECKLIST["cases"])
    assert any(c["data"]["page"] > 1 for c in CHECKLIST["cases"])
    assert any(c["data"]["pending"] for c in CHECKLIST["cases"])


@pytest.mark.parametrize("case", CHECKLIST["cases"], ids=[c["name"] for c in CHECKLIST["cases"]])
def test_checklist_vector(case):
    view = checklist.view(checklist_data(case))
    assert view == case["view"]
    for name, html in case["html"].items():
        assert screens.render_with(TEMPLATES, name, view) == html


def test_names_and_quotes_are_escaped():
    case = next(c for c in CHECKLIST["cases"] if c["name"] == "all, an agent")
    html = case["html"]["village"]
    assert "Nguyễn Đức &quot;Tí&quot; &lt;Em&gt; &amp; Co" in html
    assert "<Em>" not in html


def names(cases: list[dict]) -> list[str]:
    return [c["name"] for c in cases]


@pytest.mark.parametrize("case", PERSON_FORM["cases"], ids=names(PERSON_FORM["cases"]))
def test_person_form_vector(case):
    view = person_form.view({**case["data"], "t": PERSON_FORM["t"]})
    assert view == case["view"]
    for name, html in case["html"].items():
        assert screens.render_with(TEMPLATES, name, view) == html


@pytest.mark.parametrize("case", PERSON_FORM["twins"], ids=names(PERSON_FORM["twins"]))
def test_duplicate_warning_vector(case):
    view = person_form.twins(case["found"], PERSON_FORM["t"], case["spent"]) or {}
    assert view == case["view"]
    assert screens.render_with(TEMPLATES, "twins", view) == case["html"]


def test_person_form_escapes_and_keeps_the_field_scripts_hooks():
    case = next(c for c in PERSON_FORM["cases"] if c["name"].startswith("posted"))
    html = case["html"]["person_form"]
    assert 'value="Trần &lt;b&gt;An&lt;/b&gt;"' in html and "<b>An" not in html
    assert 'data-record-kind="resident"' in html and 'data-generate="uuid"' in html
    assert 'aria-describedby="err-cccd"' in html
    household = next(c for c in PERSON_FORM["cases"] if c["name"].startswith("a person added"))
    assert "Nguyễn Văn &quot;Tí&quot; &lt;Em&gt;" in household["html"]["person_form"]
    assert '<option value="ethnic_minority" selected>' in household["html"]["person_form"]


@pytest.mark.parametrize("case", BHYT_FORM["cases"], ids=names(BHYT_FORM["cases"]))
def test_bhyt_form_vector(case):
    view = bhyt_form.view({**case["data"], "t": BHYT_FORM["t"], "rules": BHYT_FORM["rules"]})
    assert view == case["view"]
    for name, html in case["html"].items():
        assert screens.render_with(TEMPLATES, name, view) == html


def test_the_bhyt_vectors_reach_every_refusal_and_the_field_scripts_hooks():
    reasons = {r["reason"] for c in BHYT_FORM["cases"] for r in c["view"]["refused"]}
    assert reasons == set(BHYT_FORM["t"]["refusals"].values())
    html = BHYT_FORM["cases"][0]["html"]["bhyt_form"]
    for hook in ('data-quote="bhyt_hgd"', "data-joined=", "data-member", "data-position",
                 "data-position-text", "data-amount", "data-total", "data-refused",
                 "data-quote-input", "data-today"):
        assert hook in html
    assert "1.366.200" in html and "3.825.360 đ" in html
    poor = next(c for c in BHYT_FORM["cases"] if c["name"].startswith("a poor"))
    assert "Lý &quot;Nghèo&quot; &lt;A&gt;" in poor["html"]["bhyt_form"]
@pytest.mark.parametrize("case", PERSON["cases"], ids=[c["name"] for c in PERSON["cases"]])
def test_person_header_vector(case):
    view = person.header(case["data"]["person"], PERSON["t"], case["data"]["card_link"])
    assert view == case["view"]
    html = screens.render_with(TEMPLATES, "person_header", {"t": PERSON["t"], **view})
    assert html == case["html"]["person_header"]


@pytest.mark.parametrize("case", ENROLMENT_FORM["cases"], ids=names(ENROLMENT_FORM["cases"]))
def test_enrolment_form_vector(case):
    data = {**case["data"], "t": ENROLMENT_FORM["t"], "rules": ENROLMENT_FORM["rules"]}
    view = enrolment_form.view(data)
    assert view == case["view"]
    for name, html in case["html"].items():
        assert screens.render_with(TEMPLATES, name, view) == html


def test_the_sign_up_vectors_keep_the_field_scripts_hooks_and_escape():
    first = ENROLMENT_FORM["cases"][0]["html"]["enrolment_form"]
    for hook in ('data-quote="bhxh_tn"', "data-birth-date", "data-birth-year", 'id="income"',
                 "data-amount", "data-quote-prepay", "data-quote-yield", 'data-missing="'):
        assert hook in first
    assert "Trần Văn &quot;Bảy&quot; &lt;B&gt;" in first and "<B>" not in first
    prepay = next(c for c in ENROLMENT_FORM["cases"] if c["name"].startswith("a prepayment"))
    assert "<strong data-quote-yield>0,363%</strong>" in prepay["html"]["enrolment_form"]
    bhyt = next(c for c in ENROLMENT_FORM["cases"] if "household BHYT" in c["name"])
    assert 'id="position"' in bhyt["html"]["enrolment_form"]
    assert "data-birth-date" not in bhyt["html"]["enrolment_form"]


@pytest.mark.parametrize("case", VISIT_FORM["cases"], ids=[c["name"] for c in VISIT_FORM["cases"]])
def test_visit_form_vector(case):
    view = visit_form.view({**case["data"], "t": VISIT_FORM["t"]})
    assert view == case["view"]
    for name, html in case["html"].items():
        assert screens.render_with(TEMPLATES, name, view) == html


@pytest.mark.parametrize("case", CARD["cases"], ids=[c["name"] for c in CARD["cases"]])
def test_card_vector(case):
    view = card.view({**case["data"], "t": CARD["t"]})
    assert view == case["view"]
    for name, html in case["html"].items():
        assert screens.render_with(TEMPLATES, name, view) == html


def test_the_card_vectors_reach_every_part():
    views = [c["view"] for c in CARD["cases"]]
    assert any(v["actions"] is None for v in views) and any(v["actions"] for v in views)
    items = [h for v in views for h in v["history"]]
    assert {"superseded", ""} <= {h["class"] for h in items}
    assert any(h["pending"] for h in items) and any(h["attention"] for h in items)
    renewals = [r for v in views for r in v["renewals"]]
    assert any(r["amount"] for r in renewals) and any(r["near_poor"] for r in renewals)
    assert any(r["no_amount"] for r in renewals)
    assert {q["answer_url"] is None for v in views for q in v["questions"]} == {True, False}


def home_data(case: dict) -> dict:
    return {**case["data"], "t": HOME["t"]}


def test_the_home_vectors_reach_every_part():
    views = [c["view"] for c in HOME["cases"]]
    assert any(v["overdue"] for v in views) and any(not v["overdue"] for v in views)
    assert any(v["lapsed_more"] for v in views) and any(not v["villages"] for v in views)
    shown = [r for v in views for r in v["renew_due"] + v["renew_lapsed"]]
    assert {r["scheme"] for r in shown} == {"bhxh_tn", "bhyt_hgd", "bhyt_cn"}
    assert any(r["near_poor"] for r in shown) and any(r["no_amount"] for r in shown)
    assert all(any(r[k] for r in shown) for k in ("price", "windows", "quick", "url", "mark"))
    assert any(p["mark"] for v in views for p in v["due_today"])


@pytest.mark.parametrize("case", HOME["cases"], ids=[c["name"] for c in HOME["cases"]])
def test_home_vector(case):
    view = home.view(home_data(case))
    assert view == case["view"]
    for name, html in case["html"].items():
        assert screens.render_with(TEMPLATES, name, view) == html


def test_home_money_dates_and_escaping():
    html = HOME["cases"][0]["html"]["home"]
    assert "<strong>4.916.340 đ</strong> đã thu" in html
    assert "1.234 trong danh sách" in html and "hẹn 28/11/2026" in html
    assert "Nguyễn Thị &quot;Bé&quot; &lt;Hai&gt; &amp; Co" in html
    assert "member=r-2&amp;member=r-3" in html


@pytest.mark.parametrize("case", ATTENTION["cases"], ids=[c["name"] for c in ATTENTION["cases"]])
def test_attention_vector(case):
    view = attention.view({**case["data"], "t": ATTENTION["t"]})
    assert view == case["view"]
    for name, html in case["html"].items():
        assert screens.render_with(TEMPLATES, name, view) == html


def test_every_kind_of_field_has_its_editor_and_questions_come_in_order():
    views = [c["view"] for c in ATTENTION["cases"]]
    kinds = {f["kind"] for v in views for r in v["records"] + v["questions"] for f in r["fields"]}
    assert kinds == {"text", "string", "number", "boolean", "json"}
    assert [q["id"] for q in views[1]["questions"]] == [7, 12]
    assert not any(f["name"] == "corrects" for q in views[1]["questions"] for f in q["fields"])
    assert any(q["answered"] for v in views for q in v["questions"])
    html = ATTENTION["cases"][1]["html"]["attention"]
    assert 'value="Nói &quot;để sau&quot; &lt;mai&gt; &amp; kia"' in html


def test_the_agents_screens_speak_the_pages_language(client, auth):
    auth.login("agent1")
    home_page = client.get("/?lang=en").get_data(as_text=True)
    assert "visits</span>" in home_page and "on the list" in home_page
    assert "Due to pay" in home_page and "lần đến nhà" not in home_page
    sync_page = client.get("/sync").get_data(as_text=True)
    assert "Needs attention" in sync_page and "No questions." in sync_page
    shell = client.get("/api/offline/shell").get_json()       # what the phone renders with
    assert shell["texts"]["home"]["visits"] == "visits"
    assert shell["texts"]["sync"]["attention"] == "Needs attention"
    vietnamese = client.get("/?lang=vi").get_data(as_text=True)
    assert "lần đến nhà</span>" in vietnamese and "<strong>0 đ</strong> đã thu" in vietnamese
