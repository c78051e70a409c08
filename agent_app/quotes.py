"""The quote screen, and the pieces the sign-up form reuses: the rows for premiums.js and the
quote partial's context (the server's own quote, for pages loaded without JavaScript)."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, render_template, request
from flask_babel import gettext
from flask_login import current_user, login_required

from .domain import clock, premiums
from .domain.formatting import number
from .domain.premiums import QuoteError
from .form_records import whole_number
from .store import get_db
from .store import parameters as parameter_store
from .store import places as place_store

bp = Blueprint("quotes", __name__)

FIELDS = ("scheme", "on", "income", "months", "support_group", "position", "province")


@bp.app_template_global("premium_params")
def premium_params() -> dict:
    """The rows, constants and translated messages premiums.js quotes from (offline too)."""
    return premiums.page_data(parameter_store.rules_data(get_db()), gettext)


def default_province() -> str:
    communes = place_store.list_communes(get_db(), current_user.commune_codes)
    return communes[0]["province_code"] if communes else ""


def quote_context(values: Mapping[str, str], rules: premiums.Rules | None = None) -> dict:
    """What templates/quotes/_quote.html needs: the form values, the quote or the errors.

    Missing values get defaults: today (Vietnam), BHXH tự nguyện, 12 months, group "other",
    position 1, the user's province and, for the income, the floor in force that day.
    """
    rules = rules or parameter_store.load_rules(get_db())
    form = {name: (values.get(name) or "").strip() for name in FIELDS}
    form["scheme"] = form["scheme"] if form["scheme"] in premiums.SCHEMES else "bhxh_tn"
    form["on"] = form["on"] or clock.today().isoformat()
    form["months"] = form["months"] or "12"
    form["support_group"] = form["support_group"] or "other"
    form["position"] = form["position"] or "1"
    if "province" not in values:
        form["province"] = default_province()
    if not form["income"]:
        form["income"] = _floor_text(rules, form["on"])
    quote, errors = None, {}
    try:
        quote = _quote(form, rules)
    except QuoteError as error:
        errors[error.field] = error.message(gettext)
    return {"qf": form, "quote": quote, "quote_errors": errors,
            "provinces": place_store.list_provinces(get_db()),
            "month_choices": _month_choices()}


def _floor_text(rules: premiums.Rules, on: str) -> str:
    try:
        return number(rules.parameter("rural_poverty_line", premiums.iso_day(on))["value"])
    except QuoteError:
        return ""


def _quote(form: dict, rules: premiums.Rules) -> premiums.Quote:
    allowed = premiums.BHXH_MONTHS if form["scheme"] == "bhxh_tn" else premiums.BHYT_MONTHS
    months = _integer(form["months"], "months", "months_not_allowed", months=form["months"],
                      allowed=", ".join(map(str, allowed)))
    if form["scheme"] == "bhyt_cn":
        return premiums.quote_bhyt_cn(form["on"], months, form["province"] or None, rules=rules)
    if form["scheme"] == "bhyt_hgd":
        position = _integer(form["position"], "position", "position_invalid")
        return premiums.quote_bhyt(form["on"], position, months, form["province"] or None,
                                   form["support_group"], rules=rules)
    return premiums.quote_bhxh(form["on"], premiums.parse_income(form["income"]), months,
                               form["support_group"], form["province"] or None, rules=rules)


def _integer(text: str, field: str, code: str, **params: str) -> int:
    try:
        return whole_number(text)
    except ValueError:
        raise QuoteError(field, code, **params) from None


def _month_choices() -> list[tuple[int, str]]:
    """Each allowed number of months with the schemes it applies to (premiums.js filters)."""
    return [(m, " ".join(s for s, allowed in (("bhxh_tn", premiums.BHXH_MONTHS),
                                             ("bhyt_hgd", premiums.BHYT_MONTHS),
                                             ("bhyt_cn", premiums.BHYT_MONTHS))
                         if m in allowed))
            for m in premiums.BHXH_MONTHS]


@bp.app_template_global("premium_value")
def premium_value(row: dict) -> str:
    return premiums.format_value(row)


@bp.app_template_global("premium_label")
def premium_label(row: dict) -> str:
    name = row.get("name") or "support_" + row["kind"]
    return gettext(premiums.PARAMETER_LABELS[name])


@bp.route("/quote")
@login_required
def quote():
    return render_template("quotes/quote.html", **quote_context(request.args))
