"""Corrections: list status, contact details, merges, new residents, agents' villages, targets.

Each is a plain form POST that redirects back; the store records who, when, before and after.
"""

from __future__ import annotations

import math
import re
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock, codes
from ..form_records import whole_number
from ..identifiers import (
    check_birth,
    check_cccd,
    clean_cccd,
    clean_phone,
    phone_error,
)
from ..store import corrections as correction_store
from ..store import coverage as coverage_store
from ..store import get_db, transaction
from ..text import clean
from . import (
    bp,
    commune_in_scope,
    editor_only,
    may_edit,
    resident_in_commune,
    village_in_commune,
)

NATIONALITY = re.compile(r"[A-Z]{2}")          # ISO 3166 alpha-2


def _back_to(code: str, resident_id: str):
    return redirect(url_for("commune.resident_page", code=code, resident_id=resident_id))


@bp.route("/residents/<resident_id>/status", methods=["POST"])
def set_status(code: str, resident_id: str):
    commune = commune_in_scope(code)
    editor_only()
    resident = resident_in_commune(commune, resident_id)
    status = request.form.get("list_status", "")
    if status not in correction_store.STATUS_CORRECTIONS or resident["merged_into"]:
        flash(_("Tình trạng: hãy chọn chuyển đi, đã mất, có bảo hiểm nơi khác hoặc trở lại "
                "danh sách"), "error")
        return _back_to(code, resident_id)
    correction_store.set_list_status(get_db(), current_user.id, resident_id, status)
    flash(_("Đã sửa tình trạng: %(status)s", status=codes.LIST_STATUSES[status]), "ok")
    return _back_to(code, resident_id)


@bp.route("/residents/<resident_id>/contact", methods=["POST"])
def set_contact(code: str, resident_id: str):
    commune = commune_in_scope(code)
    editor_only()
    resident_in_commune(commune, resident_id)
    phone = clean_phone(clean(request.form.get("phone"))) or None
    address = clean(request.form.get("address")) or None
    if address and len(address) > 200:
        flash(_("Địa chỉ: dài quá 200 ký tự"), "error")
        return _back_to(code, resident_id)
    if phone and phone_error(phone):
        flash(_("Số điện thoại: %(error)s", error=phone_error(phone)), "error")
        return _back_to(code, resident_id)
    declared = {"nationality": clean(request.form.get("nationality")).upper() or None,
                "birth_place": clean(request.form.get("birth_place")) or None}
    if declared["nationality"] and not NATIONALITY.fullmatch(declared["nationality"]):
        flash(_("Quốc tịch: ghi mã hai chữ cái, ví dụ VN"), "error")
        return _back_to(code, resident_id)
    if declared["birth_place"] and len(declared["birth_place"]) > 200:
        flash(_("Nơi đăng ký khai sinh: dài quá 200 ký tự"), "error")
        return _back_to(code, resident_id)
    correction_store.update_contact(get_db(), current_user.id, resident_id, phone, address,
                                    declared)
    flash(_("Đã lưu thông tin liên lạc"), "ok")
    return _back_to(code, resident_id)


@bp.route("/residents/<resident_id>/merge", methods=["POST"])
def merge(code: str, resident_id: str):
    """``resident_id`` is kept; the chosen duplicate is merged into it."""
    commune = commune_in_scope(code)
    editor_only()
    kept = resident_in_commune(commune, resident_id)
    duplicate_id = request.form.get("duplicate_id", "")
    if not duplicate_id or duplicate_id == resident_id:
        flash(_("Gộp: hãy chọn người trùng cần gộp vào người này"), "error")
        return _back_to(code, resident_id)
    duplicate = resident_in_commune(commune, duplicate_id)
    if kept["merged_into"] or duplicate["merged_into"]:
        flash(_("Gộp: một trong hai người đã được gộp trước đó"), "error")
        return _back_to(code, resident_id)
    correction_store.merge_residents(get_db(), current_user.id, resident_id, duplicate_id)
    flash(_("Đã gộp %(name)s vào người này; giữ lại mọi lần đến nhà và đăng ký",
            name=duplicate["full_name"]), "ok")
    return _back_to(code, resident_id)


def _resident_form(form, village_id: int) -> tuple[dict, list[str], list[str]]:
    """The person a form describes, the errors (field: rule) and the warnings."""
    errors, warnings = [], []
    values: dict = {"village_id": village_id, "full_name": clean(form.get("full_name"))}
    if not values["full_name"]:
        errors.append(_("Họ và tên: không được để trống"))
    elif len(values["full_name"]) > 120:
        errors.append(_("Họ và tên: dài quá 120 ký tự"))
    birth_date, birth_year = form.get("birth_date", ""), clean(form.get("birth_year"))
    if birth_date:
        try:
            born = date.fromisoformat(birth_date)
        except ValueError:
            errors.append(_("Ngày sinh: không phải ngày có thật"))
        else:
            if problem := check_birth(born, None, clock.today()):
                errors.append(_("Ngày sinh: %(error)s", error=problem.message(_)))
            values["birth_date"], values["birth_year"] = born.isoformat(), born.year
    elif birth_year:
        try:
            year = whole_number(birth_year)
        except ValueError:
            year = 0
        if problem := check_birth(None, year, clock.today()):
            errors.append(_("Năm sinh: %(error)s", error=problem.message(_)))
        else:
            values["birth_year"] = year
    else:
        errors.append(_("Ngày sinh hoặc năm sinh: cần có một trong hai"))
    values["gender"] = form.get("gender") if form.get("gender") in codes.GENDERS else None
    group = form.get("support_group", "other")
    values["support_group"] = group if group in codes.SUPPORT_GROUPS else "other"
    cccd = clean_cccd(clean(form.get("cccd")))
    if cccd:
        error, doubts = check_cccd(cccd, clock.today(), values.get("birth_year"),
                                   values["gender"])
        if error:
            errors.append(_("Số CCCD: %(error)s", error=error.message(_)))
        warnings.extend(_("Số CCCD: %(error)s", error=doubt.message(_)) for doubt in doubts)
        values["cccd"] = cccd
    phone = clean_phone(clean(form.get("phone")))
    if phone:
        if phone_error(phone):
            errors.append(_("Số điện thoại: %(error)s", error=phone_error(phone)))
        values["phone"] = phone
    values["ethnicity"] = clean(form.get("ethnicity")) or None
    values["relation_to_head"] = clean(form.get("relation_to_head")) or None
    return values, errors, warnings


@bp.route("/villages/<int:village_id>/residents/new", methods=["GET", "POST"])
def new_resident(code: str, village_id: int):
    commune = commune_in_scope(code)
    editor_only()
    village = village_in_commune(commune, village_id)
    db = get_db()
    households = correction_store.village_households(db, village_id)
    errors: list[str] = []
    if request.method == "POST":
        values, errors, warnings = _resident_form(request.form, village_id)
        household_id = request.form.get("household_id", "")
        household = None
        if household_id == "new":
            household = {"village_id": village_id, "address": clean(request.form.get("address"))
                         or None, "head_name": values["full_name"]}
            values["relation_to_head"] = values["relation_to_head"] or "Chủ hộ"
        elif household_id not in {h["id"] for h in households}:
            errors.append(_("Hộ gia đình: hãy chọn một hộ trong thôn hoặc tạo hộ mới"))
        else:
            values["household_id"] = household_id
        if not errors:
            resident_id = correction_store.add_resident(db, current_user.id, values, household)
            for warning in warnings:
                flash(warning, "warning")
            flash(_("Đã thêm %(name)s vào danh sách", name=values["full_name"]), "ok")
            return redirect(url_for("commune.resident_page", code=code, resident_id=resident_id))
    return render_template("commune/new_resident.html", commune=commune, village=village,
                           households=households, errors=errors, form=request.form), \
        (400 if errors else 200)


@bp.route("/agents", methods=["GET", "POST"])
def agents(code: str):
    commune = commune_in_scope(code)
    db = get_db()
    villages = coverage_store.commune_villages(db, code)
    agents = correction_store.agents_for_commune(db, code)
    if request.method == "POST":
        editor_only()
        village_ids = {v["id"] for v in villages}
        agent = next((a for a in agents if str(a["id"]) == request.form.get("agent_id")), None)
        if agent is None:
            abort(404)
        chosen = set(request.form.getlist("village_id", type=whole_number))
        correction_store.set_agent_villages(db, current_user.id, agent["id"], code,
                                            chosen & village_ids)
        flash(_("Đã giao thôn, ấp cho %(name)s", name=agent["display_name"]), "ok")
        return redirect(url_for("commune.agents", code=code))
    return render_template("commune/agents.html", commune=commune, villages=villages,
                           agents=agents, may_edit=may_edit())


def _target_value(text: str, kind: str) -> float | None:
    """A target typed in a form: a whole number of people, or a percent (decimal comma ok)."""
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    value = float(text)
    if not math.isfinite(value) or value < 0 or (kind == "coverage_percent" and value > 100) or (
            kind == "count" and value != int(value)):
        raise ValueError(text)
    return value


TARGET_FIELDS = (("bhxh_tn", "count"), ("bhyt_hgd", "coverage_percent"))


@bp.route("/targets", methods=["GET", "POST"])
def targets(code: str):
    commune = commune_in_scope(code)
    db = get_db()
    year = request.values.get("year", type=whole_number)
    if year is None or not 2000 <= year <= 2100:
        year = clock.today().year
    villages = coverage_store.commune_villages(db, code)
    errors = []
    if request.method == "POST":
        editor_only()
        wanted = []
        for village in villages:
            for scheme, kind in TARGET_FIELDS:
                field = f"{scheme}_{village['id']}"
                try:
                    wanted.append((village["id"], scheme, kind,
                                   _target_value(request.form.get(field, ""), kind)))
                except ValueError:
                    label = codes.SCHEMES[scheme]
                    errors.append(_("%(village)s, %(scheme)s: phải là số không âm%(extra)s",
                                    village=village["name"], scheme=label,
                                    extra=_(", tối đa 100") if kind == "coverage_percent"
                                    else _(", số nguyên")))
        if not errors:
            with transaction(db):
                for village_id, scheme, kind, value in wanted:
                    correction_store.set_village_target(db, current_user.id, code, village_id,
                                                        year, scheme, kind, value)
            flash(_("Đã lưu chỉ tiêu năm %(year)s", year=year), "ok")
            return redirect(url_for("commune.targets", code=code, year=year))
    current = coverage_store.village_targets(db, code, year)
    return render_template("commune/targets.html", commune=commune, villages=villages, year=year,
                           current=current, errors=errors, form=request.form,
                           fields=TARGET_FIELDS, may_edit=may_edit()), (400 if errors else 200)
