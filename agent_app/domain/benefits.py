"""The doorstep explainer: what BHXH tự nguyện gives back, for a person's age, gender and income.

Pure: no Flask, no SQL. The rules are dated rows (like the quote parameters) with their source
and whether the figure is confirmed; ``static/js/explainer.js`` computes the same from the same
rows rendered into the page, and ``tests/vectors/explainer.json`` holds both to the same đồng.

- Pension (Law 41/2024, domain.md §8): women 45% at 15 years of contributions, +2% a year after;
  men 45% at 20 years, +2% a year after, or 40% at 15 years +1% a year for 15–19 years; at most
  75%. Monthly pension = rate × the average income contributed on, which BHXH revalues to today's
  money: incomes here are in today's đồng, so the pension is too.
- It starts at retirement age with 15 years or more. domain.md gives no retirement age: the rows
  follow the Labour Code 2019 Art. 169 and Decree 135/2020 (men 60 years 3 months in 2021, +3
  months a year to 62 in 2028; women 55 years 4 months, +4 months a year to 60 in 2035), marked
  unconfirmed. Contributions can only reach a number of years before that age, except that
  someone short of 15 years may keep paying to 15 (unconfirmed).
- Maternity: 2.000.000 đ per child with 6 of the last 12 months paid. Social pension: 500.000 đ a
  month from 75, from 70 for poor and near-poor households, for people without a pension.
- Stopping: who started before 1/7/2025 may take a one-time payment after 12 months without
  paying and under 20 years paid (unconfirmed detail); who starts after cannot, except in the
  law's few cases (unconfirmed list). Either way the years paid are kept (unconfirmed wording).
- What the person pays today comes from the quote rules (premiums.quote_bhxh, one month), state
  support counted for at most 120 months; local top-ups are left out of the totals.
Rounding: half up to a whole đồng, once per figure; rates are integers in parts per million.
"""

from __future__ import annotations

from fractions import Fraction

from . import premiums
from .formatting import vn_date

MILLION = 1_000_000
SCENARIOS = (15, 20, 30)
LAW_41_START = "2025-07-01"
LABOUR_CODE = ("Bộ luật Lao động 2019 Điều 169; Nghị định 135/2020/NĐ-CP (lộ trình tuổi nghỉ "
               "hưu). domain.md không nêu tuổi nghỉ hưu: giả định, chưa đối chiếu")
LAW_41 = "Luật Bảo hiểm xã hội 41/2024/QH15 (từ 01/07/2025); ../shared/domain.md §8"


def _row(name: str, key: str, value: int, valid_from: str, valid_to: str | None, source: str,
         confirmed: bool = True) -> dict:
    return {"name": name, "key": key, "value": value, "valid_from": valid_from,
            "valid_to": valid_to, "source": source, "confirmed": int(confirmed)}


def _retirement_rows() -> list[dict]:
    """Retirement age in months, by the year it is reached (the roadmap's steps)."""
    rows = [_row("retirement_age", "male", 60 * 12, "2000-01-01", "2020-12-31", LABOUR_CODE,
                 False),
            _row("retirement_age", "female", 55 * 12, "2000-01-01", "2020-12-31", LABOUR_CODE,
                 False)]
    for gender, start, step, last_year in (("male", 60 * 12, 3, 2028),
                                           ("female", 55 * 12, 4, 2035)):
        for year in range(2021, last_year + 1):
            months = start + step * (year - 2020)
            rows.append(_row("retirement_age", gender, months, f"{year}-01-01",
                             None if year == last_year else f"{year}-12-31", LABOUR_CODE, False))
    return rows


RULES = [
    _row("pension_min_years", "", 15, LAW_41_START, None, LAW_41),
    _row("pension_base_years", "female", 15, LAW_41_START, None, LAW_41),
    _row("pension_base_years", "male", 20, LAW_41_START, None, LAW_41),
    _row("pension_base_rate", "female", 450_000, LAW_41_START, None, LAW_41),
    _row("pension_base_rate", "male", 450_000, LAW_41_START, None, LAW_41),
    _row("pension_step_rate", "female", 20_000, LAW_41_START, None, LAW_41),
    _row("pension_step_rate", "male", 20_000, LAW_41_START, None, LAW_41),
    _row("pension_short_rate", "male", 400_000, LAW_41_START, None, LAW_41),
    _row("pension_short_step_rate", "male", 10_000, LAW_41_START, None, LAW_41),
    _row("pension_cap_rate", "", 750_000, LAW_41_START, None, LAW_41),
    _row("maternity_allowance", "", 2_000_000, LAW_41_START, None, LAW_41),
    _row("maternity_months", "", 6, LAW_41_START, None, LAW_41),
    _row("social_pension_age", "", 75, LAW_41_START, None, LAW_41),
    _row("social_pension_age", "poor", 70, LAW_41_START, None, LAW_41),
    _row("social_pension_amount", "", 500_000, LAW_41_START, None, LAW_41),
    _row("withdrawal_years", "", 20, LAW_41_START, None,
         LAW_41 + ": chỉ người đóng trước 01/07/2025; chi tiết chưa đối chiếu", False),
    _row("withdrawal_wait_months", "", 12, LAW_41_START, None,
         LAW_41 + ": chỉ người đóng trước 01/07/2025; chi tiết chưa đối chiếu", False),
    _row("keep_paying_to_min_years", "", 1, LAW_41_START, None,
         LAW_41 + ": đủ tuổi mà chưa đủ 15 năm được đóng tiếp; chưa đối chiếu", False),
    *_retirement_rows(),
]

LABELS = {
    "pension_min_years": "số năm đóng tối thiểu để có lương hưu",
    "pension_base_years": "số năm đóng ứng với 45%",
    "pension_base_rate": "tỷ lệ lương hưu ở số năm ứng với 45%",
    "pension_step_rate": "tỷ lệ cộng thêm mỗi năm",
    "pension_short_rate": "tỷ lệ lương hưu của nam đóng 15 năm",
    "pension_short_step_rate": "tỷ lệ cộng thêm mỗi năm từ 15 đến dưới 20 năm (nam)",
    "pension_cap_rate": "tỷ lệ lương hưu tối đa",
    "maternity_allowance": "trợ cấp thai sản",
    "maternity_months": "số tháng đóng trong 12 tháng trước khi sinh",
    "social_pension_age": "tuổi hưởng trợ cấp hưu trí xã hội",
    "social_pension_amount": "trợ cấp hưu trí xã hội",
    "withdrawal_years": "số năm đóng dưới đó được nhận BHXH một lần",
    "withdrawal_wait_months": "số tháng dừng đóng trước khi nhận BHXH một lần",
    "keep_paying_to_min_years": "đóng tiếp cho đủ 15 năm sau tuổi nghỉ hưu",
    "retirement_age": "tuổi nghỉ hưu",
}

MESSAGES = {
    "age_invalid": "Tuổi phải là số nguyên từ %(low)s đến %(high)s.",
    "gender_invalid": "Chọn giới tính Nam hoặc Nữ.",
}
AGE_LOW, AGE_HIGH = 15, 100


class ExplainError(ValueError):
    """Input the explainer cannot use: ``field`` names the form field."""

    def __init__(self, field: str, code: str, **params: str):
        self.field, self.code, self.params = field, code, params
        super().__init__(MESSAGES[code] % params)


class Rules:
    """The benefit rows, and the one in force on a date (the row that started last wins)."""

    def __init__(self, rows: list[dict] | None = None):
        self.rows = RULES if rows is None else rows

    def row(self, name: str, on: str, key: str = "") -> dict:
        found = premiums.row_in_force(
            (r for r in self.rows if r["name"] == name and r["key"] == key), on)
        if found is None:
            raise premiums.QuoteError("on", "no_parameter", name=LABELS[name],
                                      key=f" ({key})" if key else "", on=vn_date(on))
        return found


class _Used:
    """The rows one explanation read, so the screen can mark the unconfirmed ones."""

    def __init__(self) -> None:
        self.rows: list[dict] = []

    def value(self, rules: Rules, name: str, on: str, key: str = "") -> int:
        row = rules.row(name, on, key)
        if row not in self.rows:
            self.rows.append(row)
        return row["value"]


def pension_rate(rules: Rules, gender: str, years: int, on: str, used: _Used) -> int:
    """The pension as a share of the average income (ppm) after ``years`` of contributions;
    0 below the minimum years."""
    if years < used.value(rules, "pension_min_years", on):
        return 0
    base_years = used.value(rules, "pension_base_years", on, gender)
    if years < base_years:
        rate = (used.value(rules, "pension_short_rate", on, gender)
                + used.value(rules, "pension_short_step_rate", on, gender) * (years - 15))
    else:
        rate = (used.value(rules, "pension_base_rate", on, gender)
                + used.value(rules, "pension_step_rate", on, gender) * (years - base_years))
    return min(rate, used.value(rules, "pension_cap_rate", on))


def _month_index(on: str) -> int:
    return int(on[:4]) * 12 + int(on[5:7]) - 1


FIRST_RULE_YEAR = 2000


def retirement(rules: Rules, gender: str, age: int, on: str, used: _Used) -> dict:
    """When someone of ``age`` (whole years, born in ``on``'s month) reaches retirement age: the
    age then in years and months, the month (YYYY-MM), and whether it has passed already (then
    the age and month are today's)."""
    now = _month_index(on)
    born = now - age * 12
    year = max(born // 12, FIRST_RULE_YEAR)
    while True:
        months = used.value(rules, "retirement_age", f"{year}-06-30", gender)
        reached = born + months
        if reached // 12 <= year:
            past = reached < now
            if past:
                reached, months = now, now - born
            return {"years": months // 12, "months": months % 12, "past": past,
                    "month": f"{reached // 12:04d}-{reached % 12 + 1:02d}"}
        year += 1


def _round(amount: Fraction) -> int:
    return premiums.round_half_up(amount)


def explain(on: str, age: int, gender: str, income: int, group: str = "other",
            started_before: bool = False, *, rules: Rules,
            premium_rules: premiums.Rules) -> dict:
    """Everything the explainer screen shows, in numbers; the texts are the template's."""
    if not isinstance(age, int) or not AGE_LOW <= age <= AGE_HIGH:
        raise ExplainError("age", "age_invalid", low=str(AGE_LOW), high=str(AGE_HIGH))
    if gender not in ("male", "female"):
        raise ExplainError("gender", "gender_invalid")
    used = _Used()
    quote = premiums.quote_bhxh(on, income, 1, group, rules=premium_rules)
    gross, state = quote.gross, quote.state_support
    support_months = premiums.STATE_SUPPORT_MAX_MONTHS
    retire = retirement(rules, gender, age, on, used)
    retire_age = retire["years"] * 12 + retire["months"]
    minimum = used.value(rules, "pension_min_years", on)
    keep_paying = used.value(rules, "keep_paying_to_min_years", on)
    scenarios = []
    for years in SCENARIOS:
        rate = pension_rate(rules, gender, years, on, used)
        reachable = age * 12 + years * 12 <= retire_age or (years == minimum and keep_paying == 1)
        months = years * 12
        paid = gross * months - state * min(months, support_months)
        pension = _round(Fraction(income * rate, MILLION))
        start = max(retire_age, age * 12 + months)
        scenarios.append({
            "years": years, "rate": rate, "pension": pension, "reachable": reachable,
            "start_years": start // 12, "start_months": start % 12, "paid": paid,
            "payback_months": -(-paid // pension) if pension else None})
    poor = group in ("poor", "near_poor")
    return {
        "on": on, "age": age, "gender": gender, "income": income, "group": group,
        "per_month": quote.payable, "gross_per_month": gross, "state_per_month": state,
        "retirement": retire, "years_before_retirement": max(retire_age - age * 12, 0) // 12,
        "scenarios": scenarios,
        "maternity": {"amount": used.value(rules, "maternity_allowance", on),
                      "months": used.value(rules, "maternity_months", on)},
        "social_pension": {"age": used.value(rules, "social_pension_age", on,
                                             "poor" if poor else ""),
                           "amount": used.value(rules, "social_pension_amount", on)},
        "withdrawal": ({"rule": "started_before",
                        "years": used.value(rules, "withdrawal_years", on),
                        "months": used.value(rules, "withdrawal_wait_months", on)}
                       if started_before else {"rule": "started_after"}),
        "unconfirmed": sorted({r["name"] for r in used.rows if not r["confirmed"]}),
    }


def page_data(translate=str) -> dict:
    """What explainer.js needs offline: the rows, the labels and the messages."""
    return {"rules": RULES, "scenarios": SCENARIOS, "age_low": AGE_LOW, "age_high": AGE_HIGH,
            "support_months": premiums.STATE_SUPPORT_MAX_MONTHS,
            "labels": {k: translate(v) for k, v in LABELS.items()},
            "messages": {k: translate(v) for k, v in MESSAGES.items()}}
