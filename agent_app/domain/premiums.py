"""What a person pays for BHXH tự nguyện and BHYT hộ gia đình on a given payment date.

Pure: no Flask, no SQL. The dated parameter rows come in (``Rules``, built from the rows the
store loads, or from the same JSON the browser gets) and a ``Quote`` comes out. The browser runs
the same rules in ``static/js/premiums.js``; ``tests/vectors/premiums.json`` holds both to the đồng.

Rates are integers in parts per million (22% = 220000, 0,363% = 3630) and money is integer đồng, so
every sum is an exact fraction until it is rounded. Rounding: half up to a whole đồng, once, at the
end of each sum (gross, state support, local support, other support, per month); ``payable`` is
gross minus the rounded supports, so the figures on a receipt always add up.

Rules (sources in the parameter rows; docs/premiums.md says more):

- BHXH: gross = TN × 22% × months. Support per month = rate × 22% × rural poverty line, the rate
  of the person's group in force on the payment date; state support for at most 120 months.
- BHXH prepayment of 24–60 months (Decree 159/2025 Art. 6): every month's amount is discounted by
  (1 + r)^(i−1), r = the monthly fund yield of the year in force; supports are discounted the same
  way, so the person pays Σ (contribution − support) / (1 + r)^(i−1). BHXH has not said whether
  support is discounted, so the quote also carries the other reading (support not discounted) as
  ``alternative_payable`` until it does (docs/premiums.md).
- BHYT hộ gia đình: per month = 4,5% × base salary × ladder share of the position
  (100/70/60/50/40%). Poor households and children under 6 are state-funded and near-poor people
  are a BHYT group of their own, so none of them is quoted household BHYT.
- BHYT cận nghèo (``bhyt_cn``): per month = 4,5% × base salary, no ladder, less the state support
  rate in force for the group (a parameter row; without one the quote says it is missing).
- Local (NSĐP) and other supports: rate × the same monthly base (BHXH: 22% × poverty line;
  BHYT: the person's monthly contribution), per (province, scheme, group) and date range.
- Supports never take the amount below zero: state support first, then local, then other.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from .formatting import money

MILLION = 1_000_000
INCOME_STEP = 50_000            # declaration software: hệ số = (TN − floor) / 50.000
CEILING_MULTIPLE = 20           # Law 58/2014 Art. 87, Law 41/2024: 20 × base salary (reference)
STATE_SUPPORT_MAX_MONTHS = 120  # Decree 134/2015 Art. 14; Decree 159/2025 Art. 5
BHXH_MONTHS = (1, 3, 6, 12, 24, 36, 48, 60)
BHXH_PREPAY_MONTHS = (24, 36, 48, 60)
BHYT_MONTHS = (3, 6, 12)
GROUPS = ("poor", "near_poor", "ethnic_minority", "island", "other")
SCHEMES = ("bhxh_tn", "bhyt_hgd", "bhyt_cn")
NOT_HOUSEHOLD_GROUPS = ("poor", "near_poor")   # state-funded BHYT, or a BHYT group of their own
BHYT_CN_GROUP = "near_poor"
SPECIAL_ZONE = "Đặc khu"        # commune type in the units list: its residents are "island"
LADDER_LAST = 5                 # the 5th person and everyone after pays the same share

# Parameter names: which are money (đồng) and which are rates (ppm); the key says what a row is for.
PARAMETERS = {
    "rural_poverty_line": "money",     # the BHXH income floor and the state-support base
    "base_salary": "money",            # lương cơ sở / mức tham chiếu: ceiling base, BHYT base
    "bhxh_rate": "rate",               # 22%
    "bhxh_state_support": "rate",      # key: group
    "bhyt_rate": "rate",               # 4,5%
    "bhyt_ladder": "rate",             # key: position 1..5 (5 = the 5th and later)
    "fund_yield": "rate",              # r, monthly, for prepayment: one row per year
    "bhyt_state_support": "rate",      # key: group; the near-poor BHYT scheme's state share
}
PARAMETER_KEYS = {"bhxh_state_support": GROUPS,
                  "bhyt_ladder": tuple(str(n) for n in range(1, LADDER_LAST + 1)),
                  "bhyt_state_support": (BHYT_CN_GROUP,)}

# Error messages, Vietnamese source text; %(name)s placeholders get preformatted strings.
# The views translate them with gettext; the page hands the translated set to the browser.
MESSAGES = {
    "income_below_floor": "Mức thu nhập %(income)s thấp hơn mức tối thiểu %(floor)s "
                          "(chuẩn nghèo khu vực nông thôn).",
    "income_above_ceiling": "Mức thu nhập %(income)s cao hơn mức tối đa %(ceiling)s "
                            "(20 lần lương cơ sở).",
    "income_off_step": "Mức thu nhập phải bằng %(floor)s cộng một bội số của %(step)s "
                       "(gần nhất: %(lower)s hoặc %(upper)s).",
    "months_not_allowed": "Số tháng đóng %(months)s không hợp lệ; chọn một trong: %(allowed)s.",
    "income_invalid": "Mức thu nhập phải là một số tiền, ví dụ 1.500.000.",
    "position_invalid": "Người tham gia thứ phải là số từ 1 trở lên.",
    "date_invalid": "Ngày đóng không hợp lệ.",
    "group_invalid": "Đối tượng hỗ trợ không hợp lệ.",
    "poor_state_funded": "Người thuộc hộ nghèo được Nhà nước đóng BHYT, không đóng BHYT hộ gia "
                         "đình.",
    "near_poor_own_group": "Người thuộc hộ cận nghèo tham gia BHYT nhóm cận nghèo (Nhà nước hỗ "
                           "trợ một phần), không đóng theo hộ gia đình.",
    "under_six": "Trẻ em dưới 6 tuổi được Nhà nước đóng BHYT, không đóng BHYT hộ gia đình.",
    "no_parameter": "Chưa có tham số %(name)s%(key)s áp dụng cho ngày %(on)s.",
}

PARAMETER_LABELS = {
    "rural_poverty_line": "chuẩn nghèo khu vực nông thôn",
    "base_salary": "lương cơ sở",
    "bhxh_rate": "tỷ lệ đóng BHXH tự nguyện",
    "bhxh_state_support": "tỷ lệ Nhà nước hỗ trợ",
    "bhyt_rate": "tỷ lệ đóng BHYT",
    "bhyt_ladder": "mức giảm trừ BHYT hộ gia đình",
    "fund_yield": "lãi suất đầu tư quỹ (r)",
    "bhyt_state_support": "tỷ lệ Nhà nước hỗ trợ BHYT",
    "support_local": "ngân sách địa phương hỗ trợ",
    "support_other": "hỗ trợ khác",
}


class QuoteError(ValueError):
    """Input that cannot be quoted: ``field`` names the form field, ``code`` the message."""

    def __init__(self, field: str, code: str, **params: str):
        self.field = field
        self.code = code
        self.params = params
        self.template = MESSAGES[code]
        super().__init__(self.message())

    def message(self, translate: Callable[[str], str] = str) -> str:
        """The message in the page's language (``translate`` is gettext in the views)."""
        params = {k: translate(v) if k == "name" else v for k, v in self.params.items()}
        return translate(self.template) % params

    def as_dict(self) -> dict:
        return {"field": self.field, "code": self.code, "message": str(self)}


@dataclass(frozen=True)
class Quote:
    """A quote in integer đồng; ``parameters`` are the rows used, each with its legal source."""

    scheme: str
    on: str
    months: int
    group: str
    province: str | None
    gross: int
    state_support: int
    local_support: int
    other_support: int
    payable: int
    per_month: int
    income: int | None = None
    position: int | None = None
    alternative_payable: int | None = None
    rates: dict = field(default_factory=dict)
    parameters: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


class Rules:
    """The dated parameter rows and support rows, and which one is in force on a date.

    A row is in force from ``valid_from`` through ``valid_to`` (inclusive; None = open). Where
    rows overlap, the one that started last wins, so a new row "from 1/7/2026" takes over even
    while the old one is still open.
    """

    def __init__(self, parameters: list[dict], supports: list[dict] | None = None):
        self.parameters = parameters
        self.supports = supports or []

    def parameter(self, name: str, on: str, key: str = "") -> dict:
        found = row_in_force((r for r in self.parameters
                              if r["name"] == name and (r.get("key") or "") == key), on)
        if found is None:
            raise QuoteError("on", "no_parameter", name=PARAMETER_LABELS[name],
                             key=f" ({key})" if key else "", on=_vn_date(on))
        return found

    def support(self, kind: str, scheme: str, group: str, province: str | None,
                on: str) -> dict | None:
        if not province:
            return None
        return _latest(r for r in self.supports
                       if r["kind"] == kind and r["scheme"] == scheme and r["group"] == group
                       and r["province"] == province and _in_force(r, on))


def row_in_force(rows, on: str) -> dict | None:
    """Of dated rows for one thing, the one in force on ``on`` (the one that started last)."""
    return _latest(r for r in rows if _in_force(r, on))


def _in_force(row: dict, on: str) -> bool:
    return row["valid_from"] <= on and (not row.get("valid_to") or on <= row["valid_to"])


def _latest(candidates) -> dict | None:
    best = None
    for candidate in candidates:
        if best is None or candidate["valid_from"] > best["valid_from"]:
            best = candidate
    return best


# What every quote needs, as (name, key): checked ahead so a rule that runs out is seen before it
# does. The near-poor BHYT share is left out: it has no confirmed source yet, so its quotes say
# it is missing every day (docs/premiums.md).
NEEDED = (("rural_poverty_line", ""), ("base_salary", ""), ("bhxh_rate", ""),
          *(("bhxh_state_support", group) for group in GROUPS), ("bhyt_rate", ""),
          *(("bhyt_ladder", key) for key in PARAMETER_KEYS["bhyt_ladder"]), ("fund_yield", ""))


def rule_gaps(rules: Rules, today: date, days: int) -> list[dict]:
    """Each needed parameter with no row in force on some day from ``today`` to ``days`` later:
    its name, key, label and the first such day (the day after a row ends, or today)."""
    last = today + timedelta(days=days)
    checks = {today} | {date.fromisoformat(r["valid_to"]) + timedelta(days=1)
                        for r in rules.parameters if r.get("valid_to")}
    gaps = []
    for name, key in NEEDED:
        for day in sorted(d for d in checks if today <= d <= last):
            try:
                rules.parameter(name, day.isoformat(), key)
            except QuoteError:
                gaps.append({"name": name, "key": key, "label": PARAMETER_LABELS[name],
                             "from": day.isoformat()})
                break
    return gaps


def round_half_up(amount: Fraction) -> int:
    """The nearest whole đồng, halves going up (amounts here are never negative)."""
    return (amount.numerator * 2 + amount.denominator) // (amount.denominator * 2)


def discount_sum(months: int, yield_ppm: int) -> Fraction:
    """Σ_{i=1..months} 1 / (1 + r)^(i−1), exactly: the present value of ``months`` months of 1 đ.

    As a geometric series with a = 1 + r: (aⁿ − 1) / (aⁿ⁻¹ × (a − 1)).
    """
    if yield_ppm == 0:
        return Fraction(months)
    a = Fraction(MILLION + yield_ppm, MILLION)
    return (a ** months - 1) / (a ** (months - 1) * (a - 1))


def _rate(row: dict) -> Fraction:
    return Fraction(row["value"], MILLION)


def _vn_date(on: str) -> str:
    year, month, day = on.split("-")
    return f"{day}/{month}/{year}"


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
AMOUNT = re.compile(r"\d{1,3}(\.\d{3})+|\d+")


def iso_day(on: date | str) -> str:
    """The day as YYYY-MM-DD; QuoteError on the ``on`` field when it is not a real day."""
    if isinstance(on, date):
        return on.isoformat()
    try:
        if ISO_DATE.fullmatch(on or ""):
            return date.fromisoformat(on).isoformat()
    except ValueError:
        pass
    raise QuoteError("on", "date_invalid")


def parse_income(text: str) -> int:
    """A typed amount: "1500000", "1.500.000" or "1.500.000 đ" -> 1500000."""
    cleaned = re.sub(r"\s", "", (text or "").replace("đ", ""))
    if not AMOUNT.fullmatch(cleaned):
        raise QuoteError("income", "income_invalid")
    return int(cleaned.replace(".", ""))


def format_rate(value_ppm: int) -> str:
    """3630 -> "0,363%", 220000 -> "22%" (decimal comma, no trailing zeros)."""
    whole, rest = divmod(value_ppm, 10_000)
    decimals = f"{rest:04d}".rstrip("0")
    return f"{whole},{decimals}%" if decimals else f"{whole}%"


def format_value(row: dict) -> str:
    """A parameter or support row's value as people read it: 1.500.000 đ, or 0,363%."""
    if PARAMETERS.get(row.get("name")) == "money":
        return money(row["value"])
    return format_rate(row["value"])


RATE = re.compile(r"(\d{1,3})(?:[.,](\d{1,4}))?")


def parse_rate(text: str) -> int:
    """A percentage as typed, "0,363" or "22" or "4.5%", in ppm; ValueError if unreadable."""
    found = RATE.fullmatch(re.sub(r"[\s%]", "", text or ""))
    if not found:
        raise ValueError(text)
    return int(found.group(1)) * 10_000 + int((found.group(2) or "").ljust(4, "0"))


def page_data(rows: dict, translate: Callable[[str], str] = str) -> dict:
    """What premiums.js needs to quote offline: the rows, the constants, the messages."""
    return {
        "parameters": rows["parameters"],
        "supports": rows["supports"],
        "constants": {
            "income_step": INCOME_STEP, "ceiling_multiple": CEILING_MULTIPLE,
            "state_support_max_months": STATE_SUPPORT_MAX_MONTHS, "ladder_last": LADDER_LAST,
            "bhxh_months": BHXH_MONTHS, "bhxh_prepay_months": BHXH_PREPAY_MONTHS,
            "bhyt_months": BHYT_MONTHS, "groups": GROUPS, "units": PARAMETERS,
            "not_household_groups": NOT_HOUSEHOLD_GROUPS, "bhyt_cn_group": BHYT_CN_GROUP,
        },
        "messages": {code: translate(text) for code, text in MESSAGES.items()},
        "labels": {name: translate(text) for name, text in PARAMETER_LABELS.items()},
        "texts": {"valid_from": translate("từ %(date)s"),
                  "unconfirmed": translate("(chưa xác nhận)")},
    }


def _check_months(months: int, allowed: tuple[int, ...]) -> None:
    if months not in allowed:
        raise QuoteError("months", "months_not_allowed", months=str(months),
                         allowed=", ".join(str(m) for m in allowed))


def _check_group(group: str) -> None:
    if group not in GROUPS:
        raise QuoteError("support_group", "group_invalid")


def _check_income(income: int, floor: int, ceiling: int) -> None:
    if income < floor:
        raise QuoteError("income", "income_below_floor", income=money(income), floor=money(floor))
    if income > ceiling:
        raise QuoteError("income", "income_above_ceiling", income=money(income),
                         ceiling=money(ceiling))
    over = (income - floor) % INCOME_STEP
    if over:
        raise QuoteError("income", "income_off_step", floor=money(floor), step=money(INCOME_STEP),
                         lower=money(income - over),
                         upper=money(min(income - over + INCOME_STEP, ceiling)))


def _supports(rules: Rules, used: list, scheme: str, group: str, province: str | None,
              on: str) -> tuple[int, int]:
    """Local and other support rates (ppm) in force for this person, noting the rows used."""
    rates = []
    for kind in ("local", "other"):
        row = rules.support(kind, scheme, group, province, on)
        if row is not None:
            used.append(row)
        rates.append(row["value"] if row else 0)
    return rates[0], rates[1]


def _settle(gross: int, amounts: list[Fraction]) -> list[int]:
    """Round each support once, then cap it so the supports never exceed the gross."""
    settled, left = [], gross
    for amount in amounts:
        rounded = min(round_half_up(amount), left)
        settled.append(rounded)
        left -= rounded
    return settled


def _public(row: dict) -> dict:
    keys = ("id", "name", "key", "kind", "scheme", "group", "province", "value", "valid_from",
            "valid_to", "source", "confirmed")
    return {k: row[k] for k in keys if k in row}


def quote_bhxh(on: date | str, income: int, months: int, group: str = "other",
               province: str | None = None, *, rules: Rules,
               supported_months_left: int | None = None) -> Quote:
    """BHXH tự nguyện for ``months`` paid on ``on`` at monthly income ``income``.

    ``supported_months_left`` caps the months of state support (120 in a lifetime); None means
    the app does not know, and the quote assumes the person still has them all.
    Rounding: half up to a whole đồng, once at the end of each sum.
    """
    on = iso_day(on)
    _check_months(months, BHXH_MONTHS)
    _check_group(group)
    floor_row = rules.parameter("rural_poverty_line", on)
    base_row = rules.parameter("base_salary", on)
    rate_row = rules.parameter("bhxh_rate", on)
    state_row = rules.parameter("bhxh_state_support", on, group)
    used = [floor_row, base_row, rate_row, state_row]
    floor, ceiling = floor_row["value"], CEILING_MULTIPLE * base_row["value"]
    _check_income(income, floor, ceiling)
    rate = _rate(rate_row)
    contribution = income * rate                       # one month, before support
    support_base = floor * rate                         # the supports' monthly base
    local_ppm, other_ppm = _supports(rules, used, "bhxh_tn", group, province, on)
    local_rate, other_rate = Fraction(local_ppm, MILLION), Fraction(other_ppm, MILLION)
    supported = min(months, STATE_SUPPORT_MAX_MONTHS,
                    months if supported_months_left is None else max(supported_months_left, 0))
    if months in BHXH_PREPAY_MONTHS:
        yield_row = rules.parameter("fund_yield", on)
        used.append(yield_row)
        all_months = discount_sum(months, yield_row["value"])
        state_months = discount_sum(supported, yield_row["value"])
    else:
        all_months, state_months = Fraction(months), Fraction(supported)
    state_share = _rate(state_row)
    gross = round_half_up(contribution * all_months)
    state, local, other = _settle(gross, [support_base * state_share * state_months,
                                          support_base * local_rate * all_months,
                                          support_base * other_rate * all_months])
    alternative = None
    if months in BHXH_PREPAY_MONTHS:
        alternative = gross - sum(_settle(gross, [support_base * state_share * supported,
                                                  support_base * local_rate * months,
                                                  support_base * other_rate * months]))
    first_month = contribution - support_base * (
        (state_share if supported else 0) + local_rate + other_rate)
    return Quote(
        scheme="bhxh_tn", on=on, months=months, group=group, province=province or None,
        income=income, gross=gross, state_support=state, local_support=local, other_support=other,
        payable=gross - state - local - other, per_month=max(round_half_up(first_month), 0),
        alternative_payable=alternative,
        rates={"contribution": rate_row["value"], "state_support": state_row["value"],
               "local_support": local_ppm, "other_support": other_ppm,
               "state_support_months": supported},
        parameters=[_public(r) for r in used])


def default_group(commune_kind: str | None) -> str:
    """The support group of a person whose group nobody stated: a special zone's residents get
    the island group's 50% (Decree 159/2025 Art. 5(1)(a)); anyone else counts as "other"."""
    return "island" if commune_kind == SPECIAL_ZONE else "other"


def household_bhyt_refusal(group: str, on: date | str, birth_date: str | None = None,
                          birth_year: int | None = None) -> str | None:
    """Why this person cannot join BHYT hộ gia đình on ``on`` (a message code), or None.

    Poor households and children under 6 are paid for by the state; near-poor people have a BHYT
    group of their own (``bhyt_cn``). With only a birth year, a child counts as under 6 while
    ``on``'s year minus the birth year is under 6: a child who may already be 6 is not refused.
    """
    if group == "poor":
        return "poor_state_funded"
    if group == BHYT_CN_GROUP:
        return "near_poor_own_group"
    on = iso_day(on)
    if birth_date:
        born = date.fromisoformat(birth_date)
        if on < _sixth_birthday(born).isoformat():
            return "under_six"
    elif birth_year and int(on[:4]) - birth_year < 6:
        return "under_six"
    return None


def _sixth_birthday(born: date) -> date:
    try:
        return born.replace(year=born.year + 6)
    except ValueError:                      # 29 February: the birthday is 1 March
        return date(born.year + 6, 3, 1)


def quote_bhyt(on: date | str, position: int, months: int, province: str | None = None,
               group: str = "other", *, rules: Rules) -> Quote:
    """BHYT hộ gia đình for the household member at ladder ``position`` (1 = first person).

    Rounding: half up to a whole đồng, once at the end of each sum.
    """
    on = iso_day(on)
    _check_months(months, BHYT_MONTHS)
    _check_group(group)
    if group in NOT_HOUSEHOLD_GROUPS:
        raise QuoteError("support_group", household_bhyt_refusal(group, on))
    if not isinstance(position, int) or position < 1:
        raise QuoteError("position", "position_invalid")
    base_row = rules.parameter("base_salary", on)
    rate_row = rules.parameter("bhyt_rate", on)
    ladder_row = rules.parameter("bhyt_ladder", on, str(min(position, LADDER_LAST)))
    monthly = base_row["value"] * _rate(rate_row) * _rate(ladder_row)
    return _bhyt_quote("bhyt_hgd", on, months, province, group, rules, monthly,
                       [base_row, rate_row, ladder_row], Fraction(0),
                       position=position, ladder=ladder_row["value"])


def quote_bhyt_cn(on: date | str, months: int, province: str | None = None, *,
                  rules: Rules) -> Quote:
    """BHYT for a member of a near-poor household: the full 4,5% less the state's share.

    The share is a parameter row (``bhyt_state_support``, key ``near_poor``); none is seeded
    until its source is confirmed, so without one this raises ``no_parameter``.
    """
    on = iso_day(on)
    _check_months(months, BHYT_MONTHS)
    base_row = rules.parameter("base_salary", on)
    rate_row = rules.parameter("bhyt_rate", on)
    state_row = rules.parameter("bhyt_state_support", on, BHYT_CN_GROUP)
    monthly = base_row["value"] * _rate(rate_row)
    return _bhyt_quote("bhyt_cn", on, months, province, BHYT_CN_GROUP, rules, monthly,
                       [base_row, rate_row, state_row], _rate(state_row),
                       state_support=state_row["value"])


def _bhyt_quote(scheme: str, on: str, months: int, province: str | None, group: str,
                rules: Rules, monthly: Fraction, used: list, state_rate: Fraction,
                position: int | None = None, **rates: int) -> Quote:
    """The BHYT sums once the monthly contribution is known: state, then local and other
    top-ups as rates of the person's own contribution. Rounding: half up, once per sum."""
    local_ppm, other_ppm = _supports(rules, used, scheme, group, province, on)
    local_rate, other_rate = Fraction(local_ppm, MILLION), Fraction(other_ppm, MILLION)
    gross = round_half_up(monthly * months)
    state, local, other = _settle(gross, [monthly * state_rate * months,
                                          monthly * local_rate * months,
                                          monthly * other_rate * months])
    first_month = monthly * (1 - state_rate - local_rate - other_rate)
    return Quote(
        scheme=scheme, on=on, months=months, group=group, province=province or None,
        position=position, gross=gross, state_support=state, local_support=local,
        other_support=other, payable=gross - state - local - other,
        per_month=max(round_half_up(first_month), 0),
        rates={"contribution": used[1]["value"], **rates, "local_support": local_ppm,
               "other_support": other_ppm},
        parameters=[_public(r) for r in used])
