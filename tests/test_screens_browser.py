"""The screens' vectors through the phone's builders and mustache.js inside Chromium: the same
view models and the same HTML as Python (tests/test_screens.py)."""

import pytest
from conftest import ROOT
from test_screens import CHECKLIST, TEMPLATES

pytestmark = pytest.mark.browser

SCRIPTS = ["vendor/mustache-4.2.0.min.js", "js/offline/names.js", "js/screens/render.js",
           "js/screens/checklist.js"]

RUN = """([vectors, templates]) => vectors.cases.map(c => {
  const data = Object.assign({}, c.data, {t: vectors.t, people: vectors.people[c.data.people]});
  const view = DTN.screens.checklist.view(data);
  const html = {};
  Object.keys(c.html).forEach(name => { html[name] = DTN.screens.render(templates, name, view); });
  return {view, html};
})"""


def test_javascript_agrees_with_python_on_every_checklist_vector(page):
    page.set_content("<!doctype html><title>vectors</title>")
    for script in SCRIPTS:
        page.add_script_tag(content=(ROOT / "static" / script).read_text("utf-8"))
    got = page.evaluate(RUN, [CHECKLIST, TEMPLATES])
    for case, found in zip(CHECKLIST["cases"], got, strict=True):
        assert found["view"] == case["view"], case["name"]
        assert found["html"] == case["html"], case["name"]
