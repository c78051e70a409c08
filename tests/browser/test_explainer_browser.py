"""The explainer in Chromium: the shared vectors through static/js/explainer.js, and the screen
recomputing in the page (no request) as the agent changes age, gender, income and group."""

import json

import pytest
from support import ROOT, browser_login
from test_explainer import VECTORS, run_case
from test_premiums_browser import load_premiums

from agent_app.domain import benefits, premiums
from agent_app.store import parameters as parameter_store

pytestmark = pytest.mark.browser

RUN_ALL = """(cases) => cases.map(c => {
  try {
    return {expect: Explainer.explain(c.input)};
  } catch (e) {
    if (!(e instanceof Premiums.QuoteError || e instanceof Explainer.ExplainError)) throw e;
    return {error: {field: e.field, code: e.code, message: e.message}};
  }
})"""


def test_javascript_agrees_with_python_on_every_vector(page, db):
    load_premiums(page, premiums.page_data(parameter_store.rules_data(db)))
    data = json.dumps(benefits.page_data(), ensure_ascii=False).replace("</", "<\\/")
    page.evaluate("""(data) => { const node = document.createElement('script');
        node.type = 'application/json'; node.id = 'benefit-rules'; node.textContent = data;
        document.body.appendChild(node); }""", data)
    page.add_script_tag(content=(ROOT / "static" / "js" / "explainer.js").read_text("utf-8"))
    rules = parameter_store.load_rules(db)
    for case, got in zip(VECTORS["cases"], page.evaluate(RUN_ALL, VECTORS["cases"]),
                         strict=True):
        expected = {k: case[k] for k in ("expect", "error") if k in case}
        assert got == expected == run_case(case, rules), case["name"]


def test_the_screen_follows_the_inputs_in_the_page(page, live_server):
    browser_login(page, live_server, "agent1")
    page.goto(live_server.url + "/explain")
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    screen = page.locator("#explained")
    assert screen.locator('[data-scenario="15"] [data-s="pension"]').inner_text() == "675.000 đ"
    page.fill("#age", "40")
    page.check("input[name=gender][value=male]")
    page.fill("#income", "3000000")
    page.select_option("#group", "near_poor")
    assert screen.locator('[data-x="per_month"]').inner_text() == "528.000 đ"
    assert screen.locator('[data-scenario="30"] [data-s="pension"]').inner_text() == \
        "1.950.000 đ"
    assert screen.locator('[data-scenario="30"] [data-unreachable]').is_visible()
    assert not screen.locator('[data-scenario="20"] [data-unreachable]').is_visible()
    assert screen.locator('[data-x="social_age"]').inner_text() == "70"
    assert screen.locator('[data-unconfirmed="retirement_age"]').first.is_visible()
    page.check("input[name=started_before]")
    assert screen.locator('[data-withdrawal="started_before"]').is_visible()
    page.fill("#age", "12")
    assert page.locator("[data-explain-error]").inner_text() == \
        "Tuổi phải là số nguyên từ 15 đến 100."
    assert not screen.is_visible()
    assert [url for url in requests if "/explain" in url] == []
    manifest = page.evaluate("() => fetch('/api/offline/manifest').then(r => r.json())")
    assert "/explain" in manifest["pages"]               # cached with the offline copy
