"""Household BHYT's view model: one fieldset per member who can join, with their ladder place
and amount; the members who cannot, with the reason. ``static/js/screens/bhyt_form.js`` is the
same builder for the phone; ``tests/vectors/bhyt_form.json`` holds the two to the same output.

Who may join is ``premiums.household_bhyt_refusal`` (``Premiums.householdBhytRefusal`` on the
phone) and the amounts are the quote rules' (``premiums.quote_bhyt``, ``Premiums.quoteBhyt``):
the builders only put them together. Places follow the members who already joined this year,
then the chosen members in list order (all who can join, unless ``chosen`` says otherwise); a
member who joined this year and is chosen again renews, taking a place among the chosen.

The data: ``village`` (id, name, province_code), ``household`` (id, head_name, address),
``members`` (as ``store.checklist.household_members`` gives them: head first), ``joined`` (ids
of members who joined household BHYT this year), ``chosen`` (ids, or None for everyone who can
join), ``values`` (the shared fields posted back, or None for a new form), ``prefill`` (a
renewal link's ``months``, ``group``, ``start_month`` as typed in the address), ``errors``,
``warnings``, ``today``, ``rules`` (``premiums.page_data``), ``csrf_token`` and ``t``.
"""

from __future__ import annotations

import re

from ..domain import premiums
from ..domain.formatting import birth, money, number
from ..form_records import whole_number
from .person_form import choices, messages, text

OFF_LIST = ("moved_away", "deceased", "insured_elsewhere")
MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")        # whole: MONTH.fullmatch


def whole(typed) -> int | None:
    """A whole number typed in an address (ASCII digits, as form_records.whole_number reads
    it), or None."""
    try:
        return whole_number(typed)
    except ValueError:
        return None


def prefilled(prefill: dict, months_allowed: list[int], groups: list[str]) -> dict:
    """The values a renewal link carries, where they are well formed (field_forms._prefilled);
    the record's check judges them again on saving."""
    found = {}
    months = whole(prefill.get("months"))
    if months in months_allowed:
        found["months"] = months
    if prefill.get("group") in groups:
        found["group"] = prefill["group"]
    if MONTH.fullmatch(prefill.get("start_month") or ""):
        found["start_month"] = prefill["start_month"]
    return found


def safe_quote(rules: premiums.Rules, on: str, position: int, months, group, province):
    """The amount for a ladder place, or None where the rules refuse it (the form says why)."""
    try:
        return premiums.quote_bhyt(on, position, months, province, group,
                                   rules=rules).payable
    except (premiums.QuoteError, TypeError):
        return None


def view(data: dict) -> dict:
    """The household BHYT screen's view model (template ``bhyt_form``)."""
    t = data["t"]
    today = data["today"]
    constants = data["rules"]["constants"]
    rules = premiums.Rules(data["rules"]["parameters"], data["rules"]["supports"])
    village, household, members = data["village"], data["household"], data["members"]
    chosen = data["chosen"]
    joined = [m for m in data["joined"] if m not in (chosen or ())]
    candidates = [m for m in members if m["id"] not in joined and m["list_status"] not in OFF_LIST]
    refusals = {m["id"]: premiums.household_bhyt_refusal(
        m["support_group"], today, m["birth_date"], m["birth_year"]) for m in candidates}
    eligible = [m for m in candidates if refusals[m["id"]] is None]
    chosen_ids = chosen if chosen is not None else [m["id"] for m in eligible]
    head_group = members[0]["support_group"] if members else "other"
    values = data["values"] or {
        "months": 12,
        "group": "other" if head_group in constants["not_household_groups"] else head_group,
        "start_month": today[:7], "receipt_date": today,
        **prefilled(data["prefill"], constants["bhyt_months"], constants["groups"])}
    position = len(joined)
    rows = []
    total = 0
    for index, m in enumerate(eligible, 1):
        amount = None
        place = None
        if m["id"] in chosen_ids:
            position += 1
            place = position
            amount = safe_quote(rules, today, position, values.get("months") or 12,
                                values.get("group") or "other", village["province_code"])
            total += amount or 0
        rows.append({"index": index, "id": m["id"], "full_name": m["full_name"],
                     "birth": birth(m["birth_date"], m["birth_year"]),
                     "relation": t["relations"].get(m["relation_to_head"],
                                                    m["relation_to_head"] or ""),
                     "chosen": m["id"] in chosen_ids, "position": text(place),
                     "position_text": str(place) if place else "–",
                     "amount": number(amount) if amount is not None else ""})
    warnings = messages(data["warnings"])
    joined_key = "bhyt_joined_one" if len(joined) == 1 else "bhyt_joined_many"
    return {
        "t": t, "title": t["bhyt_title"] + " · " + t["app"],
        "village": {"id": village["id"], "name": village["name"]},
        "household": {"id": household["id"], "head_name": household["head_name"] or "",
                      "address": household["address"] or ""},
        "joined_text": t[joined_key].replace("{n}", str(len(joined))) if joined else "",
        "joined_count": len(joined), "province": village["province_code"] or "",
        "csrf_token": data["csrf_token"],
        "eligible": rows,
        "refused": [{"full_name": m["full_name"], "reason": t["refusals"][refusals[m["id"]]]}
                    for m in candidates if refusals[m["id"]] is not None],
        "months": [{"value": m, "label": t["month_count"].replace("{n}", str(m)),
                    "selected": m == values.get("months")} for m in constants["bhyt_months"]],
        "groups": choices(t["orders"]["support_groups"], t["support_groups"], values.get("group")),
        "values": {"start_month": text(values.get("start_month")),
                   "receipt_no": text(values.get("receipt_no")),
                   "no_receipt": bool(values.get("no_receipt")),
                   "receipt_date": text(values.get("receipt_date"))},
        "total": money(total),
        "errors": messages(data["errors"]), "warnings": warnings,
        "has_warnings": bool(warnings),
    }
