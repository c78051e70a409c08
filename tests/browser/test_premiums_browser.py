"""The same vectors through static/js/premiums.js inside Chromium: to the đồng, as in Python."""

import json

import pytest
from support import ROOT
from test_premiums import FIGURES, VECTORS, run_case, vector_rules

from agent_app.domain import premiums
from agent_app.store import parameters as parameter_store

pytestmark = pytest.mark.browser

RUN_ALL = """([cases, figures]) => cases.map(c => {
  const args = {...c.input};
  if ('supported_months_left' in args) args.supportedMonthsLeft = args.supported_months_left;
  try {
    const quote = {bhxh_tn: Premiums.quoteBhxh, bhyt_hgd: Premiums.quoteBhyt,
                   bhyt_cn: Premiums.quoteBhytCn}[c.scheme];
    const q = quote(args);
    return {expect: Object.fromEntries(figures.map(k => [k, q[k]]))};
  } catch (e) {
    if (!(e instanceof Premiums.QuoteError)) throw e;
    return {error: {field: e.field, code: e.code, message: e.message}};
  }
})"""


def load_premiums(page, data: dict) -> None:
    """A bare page with the rows as the server renders them, and premiums.js (no CSP here)."""
    params = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    page.set_content('<script type="application/json" id="premium-params">'
                     f"{params}</script>")
    page.add_script_tag(content=(ROOT / "static" / "js" / "premiums.js").read_text("utf-8"))


def test_javascript_agrees_with_python_on_every_vector(page, db):
    rows = parameter_store.rules_data(db)
    rows["parameters"] = rows["parameters"] + VECTORS["parameters"]
    rows["supports"] = rows["supports"] + VECTORS["supports"]
    load_premiums(page, premiums.page_data(rows))
    from_js = page.evaluate(RUN_ALL, [VECTORS["cases"], list(FIGURES)])
    rules = vector_rules(db)
    for case, got in zip(VECTORS["cases"], from_js, strict=True):
        expected = {k: case[k] for k in ("expect", "error") if k in case}
        assert got == expected, case["name"]
        assert run_case(case, rules) == got, case["name"]


def test_formatting_and_parsing_match_the_server(page, db):
    load_premiums(page, premiums.page_data(parameter_store.rules_data(db)))
    assert page.evaluate("Premiums.formatMoney(1500000)") == "1.500.000 đ"
    assert page.evaluate("Premiums.formatMoney(0)") == "0 đ"
    assert page.evaluate("Premiums.formatPercent(3630)") == "0,363%"
    assert page.evaluate("Premiums.formatPercent(220000)") == "22%"
    assert page.evaluate("Premiums.parseIncome(' 1.500.000 đ ')") == 1500000
    assert page.evaluate("(() => { try { Premiums.parseIncome('1,5'); }"
                         " catch (e) { return e.message; } })()") == (
        "Mức thu nhập phải là một số tiền, ví dụ 1.500.000.")
