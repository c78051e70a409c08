"""The agent's screens in Python: the shared vectors (data → view model → HTML), which
tests/test_screens_browser.py runs through the phone's builders and mustache.js."""

import json
from pathlib import Path

import pytest

from agent_app import screens
from agent_app.screens import (
    bhyt_form,
    card,
    checklist,
    enrolment_form,
    person,
    person_form,
    visit_form,
)

ROOT = Path(__file__).resolve().parent.parent
VECTORS = Path(__file__).parent / "vectors"
CHECKLIST = json.loads((VECTORS / "checklist.json").read_text("utf-8"))
PERSON = json.loads((VECTORS / "person_header.json").read_text("utf-8"))
PERSON_FORM = json.loads((VECTORS / "person_form.json").read_text("utf-8"))
BHYT_FORM = json.loads((VECTORS / "bhyt_form.json").read_text("utf-8"))
ENROLMENT_FORM = json.loads((VECTORS / "enrolment_form.json").read_text("utf-8"))
VISIT_FORM = json.loads((VECTORS / "visit_form.json").read_text("utf-8"))
CARD = json.loads((VECTORS / "card.json").read_text("utf-8"))
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
