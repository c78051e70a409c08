"""The doorstep explainer's rules in Python: the shared vectors, and its rows."""

import json
from pathlib import Path

import pytest

from agent_app.domain import benefits, premiums
from agent_app.store import parameters as parameter_store

VECTORS = json.loads((Path(__file__).parents[1] / "vectors" / "explainer.json").read_text("utf-8"))


def run_case(case: dict, premium_rules) -> dict:
    try:
        found = benefits.explain(**case["input"], rules=benefits.Rules(),
                                 premium_rules=premium_rules)
    except (benefits.ExplainError, premiums.QuoteError) as error:
        return {"error": {"field": error.field, "code": error.code, "message": str(error)}}
    return {"expect": found}


@pytest.mark.parametrize("case", VECTORS["cases"], ids=[c["name"] for c in VECTORS["cases"]])
def test_vector(case, db):
    expected = {k: case[k] for k in ("expect", "error") if k in case}
    assert run_case(case, parameter_store.load_rules(db)) == expected


def test_every_rule_row_names_its_source_and_the_unconfirmed_ones_say_so():
    for row in benefits.RULES:
        assert row["source"] and row["name"] in benefits.LABELS
    unconfirmed = {r["name"] for r in benefits.RULES if not r["confirmed"]}
    assert unconfirmed == {"retirement_age", "withdrawal_years", "withdrawal_wait_months",
                           "keep_paying_to_min_years"}
    assert all("chưa đối chiếu" in r["source"] for r in benefits.RULES if not r["confirmed"])


def test_the_page_computes_without_javascript_and_names_bad_input(client, auth):
    auth.login("agent1")
    page = client.get("/explain?age=40&gender=male&income=3.000.000&group=near_poor")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "1.950.000 đ" in text and "528.000 đ" in text
    for query, message in (("age=abc", "Tuổi phải là số nguyên từ 15 đến 100."),
                           ("income=100", "Mức thu nhập 100 đ thấp hơn mức tối thiểu"),
                           ("gender=x", "Chọn giới tính Nam hoặc Nữ.")):
        page = client.get("/explain?" + query)
        assert page.status_code == 200 and message in page.get_data(as_text=True), query
