"""One person's sign-up form: BHXH tự nguyện (new, a renewal link's values, or a correction), or
a correction of one household BHYT record. ``static/js/screens/enrolment_form.js`` is the same
builder for the phone; ``tests/vectors/enrolment_form.json`` holds the two to the same output.

A new BHXH sign-up starts from the floor income of the day, 12 months, the person's group and
this month, with the amount the quote rules give (``premiums.quote_bhxh``, ``Premiums.quoteBhxh``
on the phone); a renewal link's values replace those that are well formed. A prepayment (24-60
months) shows the fund yield r the quote used and the amount under the other reading of support.

The data: ``village`` (id, name, province_code), ``resident`` (as the person header takes it,
with ``support_group``), ``values`` (a correction's or a posted form's, or None for a new
sign-up), ``prefill`` (a renewal link's ``months``, ``income``, ``group``, ``start_month`` as
typed in the address), ``errors``, ``warnings``, ``today``, ``rules``
(``premiums.page_data``), ``csrf_token`` and ``t``.
"""

from __future__ import annotations

from ..domain import premiums
from ..domain.formatting import amount, money
from . import person
from .bhyt_form import MONTH, whole
from .person_form import choices, messages, text


def prefilled(prefill: dict, constants: dict) -> dict:
    """A renewal link's values where they are well formed (field_forms._prefilled); the record's
    check judges them again on saving."""
    found = {}
    months = whole(prefill.get("months"))
    if months in constants["bhxh_months"]:
        found["months"] = months
    if prefill.get("group") in constants["groups"]:
        found["group"] = prefill["group"]
    if whole(prefill.get("income")):
        found["income"] = whole(prefill.get("income"))
    if MONTH.fullmatch(prefill.get("start_month") or ""):
        found["start_month"] = prefill["start_month"]
    return found


def quote(rules: premiums.Rules, on: str, values: dict, province):
    """The BHXH quote for these values, or None where the rules refuse it (the form says why)
    or the income and months are not numbers (typed text posted back beside its error)."""
    if not all(isinstance(values.get(k), int) and not isinstance(values.get(k), bool)
               for k in ("income", "months")):
        return None
    try:
        return premiums.quote_bhxh(on, values.get("income"), values.get("months"),
                                   values.get("group") or "other", province, rules=rules)
    except (premiums.QuoteError, TypeError):
        return None


def defaults(data: dict, rules: premiums.Rules) -> dict:
    """A new BHXH sign-up's values."""
    today = data["today"]
    try:
        income = rules.parameter("rural_poverty_line", today)["value"]
    except premiums.QuoteError:
        income = None
    values = {"scheme": "bhxh_tn", "income": income, "months": 12,
              "group": data["resident"]["support_group"], "start_month": today[:7],
              "receipt_date": today, **prefilled(data["prefill"], data["rules"]["constants"])}
    found = values["income"] and quote(rules, today, values, data["village"]["province_code"])
    if found:
        values["amount"] = found.payable
    return values


def prepay(rules: premiums.Rules, values: dict, data: dict) -> dict | None:
    """The prepayment note: the yield r used, whether it is confirmed, the other reading."""
    if values.get("months") not in data["rules"]["constants"]["bhxh_prepay_months"]:
        return None
    found = quote(rules, values.get("receipt_date") or data["today"],
                  {**values, "group": values.get("group") or "other"},
                  data["village"]["province_code"])
    if found is None or found.alternative_payable is None:
        return None
    row = next((r for r in found.parameters if r["name"] == "fund_yield"), None)
    if row is None:
        return None
    return {"yield": premiums.format_value(row), "unconfirmed": not row.get("confirmed"),
            "alternative": money(found.alternative_payable)}


def view(data: dict) -> dict:
    """The sign-up screen's view model (template ``enrolment_form``)."""
    t = data["t"]
    constants = data["rules"]["constants"]
    rules = premiums.Rules(data["rules"]["parameters"], data["rules"]["supports"])
    resident, village = data["resident"], data["village"]
    values = data["values"] or defaults(data, rules)
    scheme = str(values.get("scheme") or "bhxh_tn")
    bhxh = scheme == "bhxh_tn"
    allowed = constants["bhxh_months"] if bhxh else constants["bhyt_months"]
    warnings = messages(data["warnings"])
    label = str(t["schemes"].get(scheme, ""))         # a posted scheme may be anything
    return {
        "t": t, "title": label + " · " + t["app"],
        "village": {"id": village["id"], "name": village["name"]},
        "person": person.header(resident, t),
        "scheme": scheme, "scheme_label": label, "bhxh": bhxh,
        "province": village["province_code"] or "", "csrf_token": data["csrf_token"],
        "resident_id": resident["id"],
        "birth_date": text(resident["birth_date"]), "birth_year": text(resident["birth_year"]),
        "corrects": text(values.get("corrects")),
        "income": amount(values.get("income")), "position": text(values.get("position")),
        "months": [{"value": m, "label": t["month_count"].replace("{n}", str(m)),
                    "selected": m == values.get("months")} for m in allowed],
        "groups": choices(t["orders"]["support_groups"], t["support_groups"], values.get("group")),
        "values": {"start_month": text(values.get("start_month")),
                   "receipt_no": text(values.get("receipt_no")),
                   "no_receipt": bool(values.get("no_receipt")),
                   "receipt_date": text(values.get("receipt_date"))},
        "amount": amount(values.get("amount")),
        "prepay": prepay(rules, values, data) if bhxh else None,
        "errors": messages(data["errors"]), "warnings": warnings,
        "has_warnings": bool(warnings),
    }
