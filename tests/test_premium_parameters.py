"""The dated parameter rows: seeded values, a new row from a date, and its audit."""

from datetime import date

import pytest

from agent_app.premiums import QuoteError, quote_bhxh, quote_bhyt
from agent_app.store import parameters as parameter_store
from agent_app.store.audit import history


def test_seed_holds_only_confirmed_values(db):
    values = {(p["name"], p["key"], p["value"]) for p in parameter_store.list_parameters(db)}
    assert ("base_salary", "", 2340000) in values
    assert ("rural_poverty_line", "", 1500000) in values
    assert ("base_salary", "", 2530000) not in values       # 2026: unconfirmed
    assert ("rural_poverty_line", "", 2200000) not in values  # 2027 floor: unconfirmed
    assert parameter_store.list_supports(db) == []


def test_no_floor_after_2026_is_an_error_not_todays_value(db):
    rules = parameter_store.load_rules(db)
    with pytest.raises(QuoteError) as error:
        quote_bhxh(date(2027, 1, 4), 1500000, 12, rules=rules)
    assert error.value.field == "on"
    assert str(error.value) == ("Chưa có tham số chuẩn nghèo khu vực nông thôn áp dụng cho ngày "
                                "04/01/2027.")


def test_new_base_salary_takes_over_from_its_start_date(db):
    rules = parameter_store.load_rules(db)
    assert quote_bhyt(date(2026, 7, 1), 1, 12, rules=rules).gross == 1263600
    parameter_store.add_parameter(db, None, {
        "name": "base_salary", "key": "", "value": 2530000, "valid_from": "2026-07-01",
        "valid_to": None, "source": "test"})
    rules = parameter_store.load_rules(db)
    assert quote_bhyt(date(2026, 6, 30), 1, 12, rules=rules).gross == 1263600
    assert quote_bhyt(date(2026, 7, 1), 1, 12, rules=rules).per_month == 113850
    old = next(p for p in parameter_store.list_parameters(db) if p["value"] == 2340000)
    assert old["valid_to"] == "2026-06-30"
    changes = history(db, "premium_parameter", old["id"])
    assert [c["action"] for c in changes] == ["close"]
    assert changes[0]["before"]["valid_to"] is None
    assert changes[0]["after"]["valid_to"] == "2026-06-30"
