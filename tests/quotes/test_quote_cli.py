"""`agent-app quote`: the same quote for office staff and scripts, as JSON."""

import json


def test_bhxh_quote_as_json(app):
    result = app.test_cli_runner().invoke(args=[
        "quote", "bhxh", "--date", "2025-08-01", "--income", "1500000", "--months", "12",
        "--group", "poor", "--json"])
    assert result.exit_code == 0, result.output
    quote = json.loads(result.output)
    assert (quote["gross"], quote["state_support"], quote["payable"]) == (3960000, 1980000,
                                                                          1980000)
    assert {p["name"] for p in quote["parameters"]} >= {"rural_poverty_line", "bhxh_rate"}


def test_bhyt_quote_as_json(app):
    result = app.test_cli_runner().invoke(args=[
        "quote", "bhyt", "--date", "2025-08-01", "--position", "2", "--months", "12", "--json"])
    assert json.loads(result.output)["payable"] == 884520


def test_readable_quote_and_errors(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["quote", "bhxh", "--date", "2025-08-01", "--income", "1500000",
                                 "--months", "60"])
    assert "Tổng mức đóng" in result.output and "17.827.797 đ" in result.output
    assert "fund_yield: 0,363%" in result.output
    result = runner.invoke(args=["quote", "bhxh", "--date", "2025-08-01", "--income", "1520000",
                                 "--months", "12"])
    assert result.exit_code == 1
    assert "income: Mức thu nhập phải bằng 1.500.000 đ cộng một bội số của 50.000 đ" in (
        result.output)
