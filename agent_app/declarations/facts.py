"""Everything a declaration row can hold, computed once per sign-up (domain.md §2, §3, §7, §8).

A profile column names one of ``SOURCES``; ``facts`` gives its value for a sign-up, in the app's
own terms (codes such as ``male`` or ``later``, integer đồng, rates as percentages): the profile's
vocabulary turns codes into the vendor's words. Money is what the rules in force on the receipt
date give (``premiums``), so the columns of a row add up the way the software checks them; what
the agent collected is ``paid``, and a difference is said on the export page.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from flask_babel import lazy_gettext as _l

from ..domain import identifiers, premiums
from ..domain.formatting import money, vn_date, vn_month
from ..domain.retention import paid_on
from ..domain.text import search_key

SCHEMES = ("bhxh_tn", "bhyt_hgd")               # the schemes a layout can hold
PPM_PER_PERCENT = 10_000
MONTHS_PER_YEAR = 12
# Mức hưởng of a household BHYT card: 80% of the cost (Law on HI, Art. 22(1)(d)), level 4 in the
# card number (GD4…, domain.md §4).
HOUSEHOLD_BENEFIT_LEVEL = 4
VIETNAM = "VN"                                  # ISO 3166: a CCCD is issued to citizens only

# Source name -> the cell kind it is written as when the profile does not say.
SOURCES = {
    "blank": "text",            # a column the app never fills (said in the profile's "lacks")
    "row_number": "int",        # STT
    "full_name": "text",
    "bhxh_code": "text",
    "cccd": "text",
    "birth": "date",            # the full date, or the year alone as a number
    "birth_full": "date",       # the full date; 1 January when only the year is known
    "birth_kind": "text",       # full | year
    "gender": "text",           # male | female
    "ethnicity": "text",
    "nationality": "text",      # ISO 3166 alpha-2
    "birth_place": "text",      # where the birth was registered
    "address": "text",          # contact address: household address, commune, province
    "phone": "text",
    "household_code": "text",
    "province_code": "text",
    "province_name": "text",
    "commune_code": "text",
    "commune_name": "text",
    "residence_zone": "text",   # island, for xã đảo / đặc khu
    "plan": "text",             # new | continuing (Phương án)
    "payment_method": "text",   # 1 | 3 | 6 | 12 | later (24–60 months ahead)
    "months": "int",
    "start_month": "text",      # mm/yyyy
    "income": "money",          # BHXH: monthly income the contribution is based on
    "coefficient": "int",       # hệ số = (income − floor) / 50.000
    "contribution_rate": "percent",   # 22 (BHXH), 4,5 (BHYT)
    "fund_yield": "percent",    # prepayment: the fund's yearly yield, = 12 × monthly r
    "gross": "money",           # contribution before support; prepayment: discounted
    "payable": "money",         # what the person pays by the rules: gross − supports
    "paid": "money",            # what the agent collected (the receipt)
    "state_rate": "percent",
    "state_support": "money",
    "local_rate": "percent",
    "local_support": "money",
    "other_rate": "percent",
    "other_support": "money",
    "position": "int",          # BHYT: the member's place on the household ladder
    "ladder": "percent",        # BHYT: 100 / 70 / 60 / 50 / 40
    "exemption": "percent",     # BHYT: 100 − ladder
    "ladder_base": "money",     # BHYT: base salary × ladder
    "card_from": "date",
    "benefit_level": "int",
    "needs_tk1": "text",        # yes | no: no mã số BHXH yet, so the TK1-TS form goes too
    "receipt_no": "text",
    "receipt_date": "date",
    "agent_name": "text",
    "agent_code": "text",
    "kcb_province": "text",
    "kcb_hospital": "text",
}

# Why a value is missing, and who can add it; %(agent)s is the collector's name.
HINTS = {
    "gender": _l("chưa có giới tính: sửa ở trang người tham gia"),
    "phone": _l("chưa có số điện thoại: thêm ở trang người tham gia"),
    "birth_place": _l("chưa có nơi đăng ký khai sinh (không có số CCCD để suy ra): thêm ở trang"
                      " người tham gia"),
    "plan": _l("không rõ người này mới tham gia hay đóng tiếp (lần đăng ký được lưu trước khi"
               " ứng dụng suy ra điều này)"),
    "start_month": _l("lần đăng ký chưa có tháng bắt đầu: nhân viên thu sửa lần đăng ký"),
    "receipt_no": _l("chưa có số biên lai: nhân viên thu sửa lần đăng ký"),
    "receipt_date": _l("chưa có ngày biên lai: nhân viên thu sửa lần đăng ký"),
    "agent_code": _l("chưa có mã nhân viên thu của %(agent)s: nhập ở phần cài đặt bên dưới"),
    "kcb_province": _l("xã chưa đặt tỉnh KCB ban đầu mặc định: nhập ở phần cài đặt bên dưới"),
    "kcb_hospital": _l("xã chưa đặt bệnh viện KCB ban đầu mặc định: nhập ở phần cài đặt bên"
                       " dưới"),
}
QUOTED = ("gross", "payable", "state_rate", "state_support", "local_rate", "local_support",
          "other_rate", "other_support", "contribution_rate", "coefficient", "fund_yield",
          "ladder", "exemption", "ladder_base")


def percent(ppm: int) -> int | float:
    """A rate in millionths as a percentage column wants it: 200000 -> 20, 45000 -> 4.5."""
    value = Fraction(ppm, PPM_PER_PERCENT)
    return int(value) if value.denominator == 1 else float(value)


def _parameter(quote: premiums.Quote, name: str) -> int | None:
    return next((row["value"] for row in quote.parameters if row.get("name") == name), None)


def _bhxh_money(signup: dict, group: str, rules: premiums.Rules) -> dict:
    quote = premiums.quote_bhxh(paid_on(signup), signup["income"], signup["months"], group,
                                signup["province_code"], rules=rules)
    rates = quote.rates
    floor = _parameter(quote, "rural_poverty_line")
    fund = _parameter(quote, "fund_yield")
    return {
        "gross": quote.gross, "payable": quote.payable,
        "state_rate": percent(rates["state_support"]), "state_support": quote.state_support,
        "local_rate": percent(rates["local_support"]), "local_support": quote.local_support,
        "other_rate": percent(rates["other_support"]), "other_support": quote.other_support,
        "contribution_rate": percent(rates["contribution"]),
        "coefficient": (signup["income"] - floor) // premiums.INCOME_STEP,
        "fund_yield": percent(fund * MONTHS_PER_YEAR) if fund is not None else None,
    }


def _bhyt_money(signup: dict, group: str, rules: premiums.Rules) -> dict:
    quote = premiums.quote_bhyt(paid_on(signup), signup["position"], signup["months"],
                                signup["province_code"], group, rules=rules)
    rates = quote.rates
    base = _parameter(quote, "base_salary")
    return {
        "gross": quote.gross, "payable": quote.payable,
        "local_rate": percent(rates["local_support"]), "local_support": quote.local_support,
        "other_rate": percent(rates["other_support"]), "other_support": quote.other_support,
        "contribution_rate": percent(rates["contribution"]),
        "ladder": percent(rates["ladder"]),
        "exemption": 100 - percent(rates["ladder"]),
        "ladder_base": premiums.round_half_up(Fraction(base * rates["ladder"],
                                                       premiums.MILLION)),
    }


def contact_address(address: str | None, village: str, commune: str, province: str) -> str:
    """The household's address (its village when it has none), followed by the commune and the
    province unless the address names them already. The list import reads it back the same way,
    so a vendor's export handed back as a list does not rewrite the stored address."""
    parts = [address or village]
    for name in (commune, province):
        if search_key(name) not in search_key(", ".join(parts)):
            parts.append(name)
    return ", ".join(parts)


def _birth(signup: dict) -> dict:
    born = date.fromisoformat(signup["birth_date"]) if signup["birth_date"] else None
    year = signup["birth_year"]
    return {"birth": born or year,
            "birth_full": born or (date(year, 1, 1) if year else None),
            "birth_kind": "full" if born else "year"}


def facts(signup: dict, rules: premiums.Rules,
          card_from: date | None = None) -> tuple[dict, dict[str, str], list[str]]:
    """(values by source, why a value is missing where the reason is this row's own, things to
    check before handing the file over). ``card_from``: the first day of the card a household
    BHYT sign-up bought (``card_starts``)."""
    group = signup["support_group"] or signup["resident_group"]
    scheme = signup["scheme"]
    values = {
        "blank": None, "full_name": signup["full_name"], "bhxh_code": signup["bhxh_code"],
        "cccd": signup["cccd"], "gender": signup["gender"], "ethnicity": signup["ethnicity"],
        "nationality": signup["nationality"] or VIETNAM,
        "birth_place": signup["birth_place"] or identifiers.birth_province(signup["cccd"]),
        "address": contact_address(signup["address"], signup["village_name"],
                                   signup["commune_name"], signup["province_name"]),
        "phone": signup["phone"],
        "household_code": signup["household_code"],
        "province_code": signup["province_code"], "province_name": signup["province_name"],
        "commune_code": signup["commune_code"], "commune_name": signup["commune_name"],
        "residence_zone": "island" if group == "island" else None,
        "plan": signup["plan"], "months": signup["months"],
        "payment_method": str(signup["months"]) if signup["months"] in (1, 3, 6, 12)
        else "later",
        "start_month": vn_month(signup["start_month"]) or None,
        "income": signup["income"], "paid": signup["amount"],
        "position": signup["position"],
        "needs_tk1": "no" if signup["bhxh_code"] else "yes",
        "receipt_no": signup["receipt_no"],
        "receipt_date": date.fromisoformat(signup["receipt_date"])
        if signup["receipt_date"] else None,
        "agent_name": signup["agent_name"], "agent_code": signup["agent_code"],
        "kcb_province": signup["kcb_province"], "kcb_hospital": signup["kcb_hospital"],
        **_birth(signup), **dict.fromkeys(QUOTED),
    }
    notes: dict[str, str] = {}
    attention: list[str] = []
    try:
        values.update(_bhxh_money(signup, group, rules) if scheme == "bhxh_tn"
                      else _bhyt_money(signup, group, rules))
    except premiums.QuoteError as error:
        why = _l("không tính được theo quy định ngày %(day)s: %(error)s",
                 day=vn_date(paid_on(signup)), error=str(error))
        notes.update(dict.fromkeys(QUOTED, why))
    if values["payable"] is not None and values["payable"] != signup["amount"]:
        attention.append(_l("đã thu %(paid)s, theo quy định phải đóng %(payable)s",
                            paid=money(signup["amount"]), payable=money(values["payable"])))
    if scheme == "bhyt_hgd":
        values["benefit_level"] = HOUSEHOLD_BENEFIT_LEVEL
        values["card_from"] = card_from
    else:
        values["benefit_level"] = values["card_from"] = None
    return values, notes, attention
