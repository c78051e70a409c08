"""The agent's screens in Python: the shared vectors (data → view model → HTML), which
tests/test_screens_browser.py runs through the phone's builders and mustache.js."""

import json
from pathlib import Path

import pytest

from agent_app import screens
from agent_app.screens import card, checklist, person, visit_form

ROOT = Path(__file__).resolve().parent.parent
VECTORS = Path(__file__).parent / "vectors"
CHECKLIST = json.loads((VECTORS / "checklist.json").read_text("utf-8"))
PERSON = json.loads((VECTORS / "person_header.json").read_text("utf-8"))
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


@pytest.mark.parametrize("case", PERSON["cases"], ids=[c["name"] for c in PERSON["cases"]])
def test_person_header_vector(case):
    view = person.header(case["data"]["person"], PERSON["t"], case["data"]["card_link"])
    assert view == case["view"]
    html = screens.render_with(TEMPLATES, "person_header", {"t": PERSON["t"], **view})
    assert html == case["html"]["person_header"]


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
