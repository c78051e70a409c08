"""The quote rules in Python: the shared vectors, rounding, parsing, messages."""

import json
from fractions import Fraction
from pathlib import Path

import pytest

from agent_app.domain import premiums
from agent_app.domain.premiums import QuoteError, Rules, quote_bhxh, quote_bhyt, quote_bhyt_cn
from agent_app.store import parameters as parameter_store

VECTORS = json.loads((Path(__file__).parents[1] / "vectors" / "premiums.json").read_text("utf-8"))
FIGURES = ("gross", "state_support", "local_support", "other_support", "payable", "per_month",
           "alternative_payable")
QUOTES = {"bhxh_tn": quote_bhxh, "bhyt_hgd": quote_bhyt, "bhyt_cn": quote_bhyt_cn}


def vector_rules(db) -> Rules:
    """The seeded parameters plus the example rows the vectors add."""
    data = parameter_store.rules_data(db)
    return Rules(data["parameters"] + VECTORS["parameters"], data["supports"] + VECTORS["supports"])


def run_case(case: dict, rules: Rules) -> dict:
    args = dict(case["input"])
    on = args.pop("on")
    try:
        result = QUOTES[case["scheme"]](on, rules=rules, **args)
    except QuoteError as error:
        return {"error": error.as_dict()}
    return {"expect": {k: getattr(result, k) for k in FIGURES}}


def test_there_are_enough_vectors():
    cases = VECTORS["cases"]
    assert len(cases) >= 40
    assert {c["input"].get("months") for c in cases} >= {1, 3, 6, 12, 24, 36, 48, 60}
    assert {c["input"].get("group", "other") for c in cases} >= set(premiums.GROUPS)
    assert {c["input"].get("position") for c in cases} >= {1, 2, 3, 4, 5, 6}


@pytest.mark.parametrize("case", VECTORS["cases"], ids=[c["name"] for c in VECTORS["cases"]])
def test_vector(case, db):
    expected = {k: case[k] for k in ("expect", "error") if k in case}
    assert run_case(case, vector_rules(db)) == expected


def test_quote_names_the_rows_and_sources_it_used(db):
    quote = quote_bhxh("2025-08-01", 1500000, 60, "poor", rules=parameter_store.load_rules(db))
    used = {p["name"]: p for p in quote.parameters}
    assert set(used) == {"rural_poverty_line", "base_salary", "bhxh_rate", "bhxh_state_support",
                         "fund_yield"}
    assert "Nghị định 159/2025" in used["bhxh_state_support"]["source"]
    assert quote.rates["state_support"] == 500000


def test_half_a_dong_rounds_up():
    assert premiums.round_half_up(Fraction(5, 2)) == 3
    assert premiums.round_half_up(Fraction(7, 3)) == 2
    assert premiums.round_half_up(Fraction(-1, 2)) == 0


@pytest.mark.parametrize("text,amount", [("1500000", 1500000), ("1.500.000", 1500000),
                                         (" 1.500.000 đ ", 1500000)])
def test_income_is_read_as_typed(text, amount):
    assert premiums.parse_income(text) == amount


@pytest.mark.parametrize("text", ["", "1,5 triệu", "1.50.000", "-1500000"])
def test_unreadable_income_says_so(text):
    with pytest.raises(QuoteError) as error:
        premiums.parse_income(text)
    assert error.value.field == "income"
    assert str(error.value) == "Mức thu nhập phải là một số tiền, ví dụ 1.500.000."


def test_messages_translate_with_their_parameter_names():
    rules = Rules([])
    with pytest.raises(QuoteError) as error:
        quote_bhyt("2025-08-01", 1, 12, rules=rules)
    english = {"Chưa có tham số %(name)s%(key)s áp dụng cho ngày %(on)s.":
               "No %(name)s%(key)s in force on %(on)s.", "lương cơ sở": "base salary"}
    message = error.value.message(lambda s: english.get(s, s))
    assert message == "No base salary in force on 01/08/2025."
