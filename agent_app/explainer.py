"""The doorstep explainer (/explain): what BHXH tự nguyện gives back, on one screen.

The page works without JavaScript (the form's GET is computed here) and offline: the benefit
rows and the quote rows are rendered into it, and static/js/explainer.js recomputes on every
input. The rules are agent_app/domain/benefits.py's.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext
from flask_login import login_required

from .domain import benefits, clock, premiums
from .form_records import whole_number
from .store import get_db
from .store import parameters as parameter_store

bp = Blueprint("explainer", __name__)

DEFAULT_AGE = 30


def _number(text: str | None) -> int | None:
    """A whole number as typed ("1.500.000" too), or None for anything else."""
    try:
        return whole_number((text or "").replace(".", "").strip())
    except ValueError:
        return None


def _form(args, rules: premiums.Rules, on: str) -> dict:
    """The person asked about: the query's values, else age 30, a woman, the income floor in
    force today, the group "other", started after 1/7/2025."""
    try:
        floor = rules.parameter("rural_poverty_line", on)["value"]
    except premiums.QuoteError:
        floor = None
    group = args.get("group")
    return {"on": on, "age": _number(args.get("age")) if "age" in args else DEFAULT_AGE,
            "gender": args.get("gender", "female"),
            "income": _number(args.get("income")) or floor,
            "group": group if group in premiums.GROUPS else "other",
            "started_before": args.get("started_before") == "1"}


def _explained(form: dict, rules: premiums.Rules) -> tuple[dict | None, str | None]:
    """The figures, or None and the message that says which input or rule is wrong."""
    try:
        return benefits.explain(**form, rules=benefits.Rules(), premium_rules=rules), None
    except benefits.ExplainError as problem:
        return None, gettext(benefits.MESSAGES[problem.code]) % problem.params
    except premiums.QuoteError as problem:
        return None, problem.message(gettext)
    except TypeError:                                  # no income floor in force today
        return None, gettext("Chưa có mức thu nhập tối thiểu áp dụng hôm nay.")


bp.app_template_global("rate_percent")(premiums.format_rate)


@bp.app_template_global("benefit_rules")
def benefit_rules() -> dict:
    """The benefit rows, labels and messages explainer.js computes from (offline too)."""
    return benefits.page_data(gettext)


@bp.route("/explain")
@login_required
def explain():
    on = clock.today().isoformat()
    rules = parameter_store.load_rules(get_db())
    form = _form(request.args, rules, on)
    found, error = _explained(form, rules)
    if found is None:
        # The screen's parts are still drawn (from the defaults) for the script to fill in once
        # the input is fixed; when even the defaults cannot be computed, only the message shows.
        found, _error = _explained(_form({}, rules, on), rules)
    return render_template("explainer/explain.html", form=form, ex=found, error=error,
                           groups=premiums.GROUPS)
