"""Admin pages for the contribution rules: list, add and edit dated parameter and top-up rows.

Every change is audited (store.parameters); a new row changes every quote from its start date.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .auth import role_required
from .domain import clock, codes, premiums
from .domain.formatting import number, vn_date
from .store import get_db
from .store import parameters as parameter_store
from .store import places as place_store

bp = Blueprint("parameters", __name__, url_prefix="/admin/parameters")

NAMES = {
    "rural_poverty_line": _l("Chuẩn nghèo khu vực nông thôn (mức thu nhập thấp nhất)"),
    "base_salary": _l("Lương cơ sở / mức tham chiếu"),
    "bhxh_rate": _l("Tỷ lệ đóng BHXH tự nguyện"),
    "bhxh_state_support": _l("Tỷ lệ Nhà nước hỗ trợ BHXH tự nguyện"),
    "bhyt_rate": _l("Tỷ lệ đóng BHYT hộ gia đình"),
    "bhyt_ladder": _l("Tỷ lệ theo người tham gia thứ (BHYT)"),
    "fund_yield": _l("Lãi suất đầu tư quỹ bình quân tháng (r)"),
    "bhyt_state_support": _l("Tỷ lệ Nhà nước hỗ trợ BHYT (người thuộc hộ cận nghèo)"),
}
SUPPORT_KINDS = {"local": _l("Ngân sách địa phương"), "other": _l("Nguồn khác")}
LADDER_KEYS = {key: _l("Người thứ %(n)s", n=key) for key in premiums.PARAMETER_KEYS["bhyt_ladder"]}
LADDER_KEYS[str(premiums.LADDER_LAST)] = _l("Người thứ %(n)s trở đi", n=premiums.LADDER_LAST)
# The change log's field names and how each value reads (money or rate by the row's own name).
FIELDS = {"name": _l("Loại tham số"), "key": _l("Áp dụng cho"), "value": _l("Giá trị"),
          "valid_from": _l("Từ ngày"), "valid_to": _l("Đến ngày"),
          "source": _l("Căn cứ pháp lý"), "confirmed": _l("Đã xác nhận"),
          "province_code": _l("Tỉnh"), "scheme": _l("Loại bảo hiểm"),
          "support_group": _l("Đối tượng"), "kind": _l("Nguồn hỗ trợ")}
MONEY = re.compile(r"\d{1,3}(\.\d{3}){1,4}|\d{1,15}")   # up to 15 digits: within SQLite's integers


RULE_WARNING_DAYS = 60


@bp.app_context_processor
def rule_warnings() -> dict:
    """Admins see, on every page, the rules a quote needs that run out within 60 days."""
    if not (current_user.is_authenticated and current_user.role == "admin"):
        return {"rule_gaps": []}
    rules = parameter_store.load_rules(get_db())
    return {"rule_gaps": premiums.rule_gaps(rules, clock.today(), RULE_WARNING_DAYS)}


def _date(text: str) -> str | None:
    """YYYY-MM-DD as a date input sends it, or None."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def _value(text: str, unit: str, errors: dict) -> int | None:
    text = re.sub(r"[\sđ]", "", text)
    if unit == "money":
        if MONEY.fullmatch(text):
            return int(text.replace(".", ""))
        errors["value"] = _("Nhập số tiền bằng đồng, ví dụ 2.340.000.")
        return None
    try:
        return premiums.parse_rate(text)
    except ValueError:
        errors["value"] = _("Nhập tỷ lệ phần trăm, ví dụ 22 hoặc 0,363.")
        return None


def _dates(form: Mapping[str, str], values: dict, errors: dict) -> None:
    values["valid_from"] = _date(form.get("valid_from", "").strip())
    if values["valid_from"] is None:
        errors["valid_from"] = _("Chọn ngày bắt đầu áp dụng.")
    to_text = form.get("valid_to", "").strip()
    values["valid_to"] = _date(to_text) if to_text else None
    if to_text and values["valid_to"] is None:
        errors["valid_to"] = _("Ngày hết hiệu lực không hợp lệ.")
    elif values["valid_to"] and values["valid_from"] and values["valid_to"] < values["valid_from"]:
        errors["valid_to"] = _("Ngày hết hiệu lực phải sau ngày bắt đầu.")
    values["source"] = " ".join(form.get("source", "").split())
    if not values["source"]:
        errors["source"] = _("Ghi văn bản pháp lý làm căn cứ (số hiệu, điều).")


def read_parameter(form: Mapping[str, str], exclude_id: int | None = None) -> tuple[dict, dict]:
    """The row a parameter form describes, and a message per field that is wrong."""
    values, errors = {}, {}
    name = form.get("name", "")
    if name not in premiums.PARAMETERS:
        errors["name"] = _("Chọn loại tham số.")
    values["name"] = name
    key = form.get("key", "").strip()
    allowed_keys = premiums.PARAMETER_KEYS.get(name, ("",))
    if name in premiums.PARAMETERS and key not in allowed_keys:
        errors["key"] = (_("Chọn một trong: %(keys)s.",
                           keys=", ".join(key_label(k) for k in allowed_keys))
                         if allowed_keys != ("",) else _("Tham số này không áp dụng riêng cho"
                                                         " nhóm nào: chọn “Mọi người”."))
    values["key"] = key
    values["value"] = _value(form.get("value", ""), premiums.PARAMETERS.get(name, "rate"), errors)
    values["confirmed"] = 1 if form.get("confirmed") else 0
    _dates(form, values, errors)
    if not errors and parameter_store.same_start(get_db(), values, exclude_id):
        errors["valid_from"] = _("Đã có một dòng cùng loại bắt đầu từ ngày này.")
    return values, errors


def read_support(form: Mapping[str, str], exclude_id: int | None = None) -> tuple[dict, dict]:
    values, errors = {}, {}
    choices = {"kind": SUPPORT_KINDS, "scheme": codes.SCHEMES,
               "support_group": codes.SUPPORT_GROUPS}
    for field, allowed in choices.items():
        values[field] = form.get(field, "")
        if values[field] not in allowed:
            errors[field] = _("Chọn một giá trị trong danh sách.")
    values["province_code"] = form.get("province_code", "")
    if values["province_code"] not in {p["code"] for p in place_store.list_provinces(get_db())}:
        errors["province_code"] = _("Chọn tỉnh.")
    values["value"] = _value(form.get("value", ""), "rate", errors)
    if values["value"] is not None and values["value"] > premiums.MILLION:
        errors["value"] = _("Tỷ lệ hỗ trợ không quá 100%.")
    _dates(form, values, errors)
    if not errors and parameter_store.same_support_start(get_db(), values, exclude_id):
        errors["valid_from"] = _("Đã có một dòng cùng loại bắt đầu từ ngày này.")
    return values, errors


def _form_text(row: dict, unit: str) -> dict:
    """A stored row as the form shows it: money with dots, rates as percentages."""
    shown = premiums.format_rate(row["value"]).rstrip("%") if unit == "rate" \
        else number(row["value"])
    return {**row, "value": shown, "valid_to": row.get("valid_to") or ""}


def key_label(key: str) -> str:
    """A parameter's key as people read it: a support group, or a place in the BHYT ladder."""
    if key in LADDER_KEYS:
        return str(LADDER_KEYS[key])
    return str(codes.SUPPORT_GROUPS.get(key, key))


bp.add_app_template_global(key_label, "parameter_key")


def _shown(field: str, value, row: dict, provinces: dict[str, str]) -> str:
    """One audited value as the change log shows it."""
    if value is None or value == "":
        return ""
    labels = {"name": NAMES, "scheme": codes.SCHEMES, "support_group": codes.SUPPORT_GROUPS,
              "kind": SUPPORT_KINDS, "province_code": provinces}
    if field in labels:
        return str(labels[field].get(value, value))
    if field == "key":
        return key_label(value)
    if field == "value":
        return premiums.format_value({**row, "value": value})
    if field in ("valid_from", "valid_to"):
        return vn_date(value)
    if field == "confirmed":
        return _("Có") if value else _("Chưa")
    return str(value)


def _changes(change: dict, provinces: dict[str, str]) -> list[tuple[str, str, str]]:
    """What a change did, field by field, in words: labels and formatted values, no codes."""
    before, after = change["before"] or {}, change["after"] or {}
    row = {"name": after.get("name") or before.get("name")}
    return [(str(FIELDS[k]), _shown(k, before.get(k), row, provinces),
             _shown(k, after.get(k), row, provinces))
            for k in after if k in FIELDS and before.get(k) != after.get(k)]


def _index(parameter_form=None, parameter_errors=None, support_form=None, support_errors=None,
           status=200):
    db = get_db()
    provinces = place_store.list_provinces(db)
    province_names = {p["code"]: p["name"] for p in provinces}
    changes = parameter_store.recent_changes(db)
    for change in changes:
        change["fields"] = _changes(change, province_names)
    return render_template(
        "parameters/index.html", parameters=parameter_store.list_parameters(db),
        supports=parameter_store.list_supports(db), changes=changes,
        provinces=provinces, names=NAMES, kinds=SUPPORT_KINDS, key_choices=_key_choices(),
        parameter_form=parameter_form or {}, parameter_errors=parameter_errors or {},
        support_form=support_form or {}, support_errors=support_errors or {}), status


def _key_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The keys a parameter may take, grouped and labelled for the form's select."""
    groups = {key for name in ("bhxh_state_support", "bhyt_state_support")
              for key in premiums.PARAMETER_KEYS[name]}
    return [(str(_l("Nhóm đối tượng (mức Nhà nước hỗ trợ)")),
             [(key, str(label)) for key, label in codes.SUPPORT_GROUPS.items() if key in groups]),
            (str(_l("Người tham gia thứ (BHYT hộ gia đình)")),
             [(key, str(label)) for key, label in LADDER_KEYS.items()])]


@bp.route("/")
@role_required("admin")
def index():
    return _index()


@bp.route("/", methods=["POST"])
@role_required("admin")
def add_parameter():
    values, errors = read_parameter(request.form)
    if errors:
        return _index(parameter_form=request.form, parameter_errors=errors, status=400)
    parameter_store.add_parameter(get_db(), current_user.id, values)
    flash(_("Đã thêm tham số; các lần tính từ %(date)s dùng giá trị mới.",
            date=vn_date(values["valid_from"])), "success")
    return redirect(url_for(".index"))


@bp.route("/supports", methods=["POST"])
@role_required("admin")
def add_support():
    values, errors = read_support(request.form)
    if errors:
        return _index(support_form=request.form, support_errors=errors, status=400)
    parameter_store.add_support(get_db(), current_user.id, values)
    flash(_("Đã thêm mức hỗ trợ; các lần tính từ %(date)s dùng mức này.",
            date=vn_date(values["valid_from"])), "success")
    return redirect(url_for(".index"))


@bp.route("/<int:parameter_id>", methods=["GET", "POST"])
@role_required("admin")
def edit_parameter(parameter_id: int):
    db = get_db()
    current = parameter_store.get_parameter(db, parameter_id) or abort(404)
    form, errors = _form_text(current, premiums.PARAMETERS[current["name"]]), {}
    if request.method == "POST":
        values, errors = read_parameter(request.form, exclude_id=parameter_id)
        if not errors:
            parameter_store.update_parameter(db, current_user.id, parameter_id, values)
            flash(_("Đã lưu thay đổi."), "success")
            return redirect(url_for(".index"))
        form = request.form
    return render_template("parameters/edit_parameter.html", row=current, form=form,
                           errors=errors, names=NAMES, key_choices=_key_choices()), \
        400 if errors else 200


@bp.route("/supports/<int:support_id>", methods=["GET", "POST"])
@role_required("admin")
def edit_support(support_id: int):
    db = get_db()
    current = parameter_store.get_support(db, support_id) or abort(404)
    form, errors = _form_text(current, "rate"), {}
    if request.method == "POST":
        values, errors = read_support(request.form, exclude_id=support_id)
        if not errors:
            parameter_store.update_support(db, current_user.id, support_id, values)
            flash(_("Đã lưu thay đổi."), "success")
            return redirect(url_for(".index"))
        form = request.form
    return render_template("parameters/edit_support.html", row=current, form=form,
                           errors=errors, kinds=SUPPORT_KINDS,
                           provinces=place_store.list_provinces(db)), 400 if errors else 200
