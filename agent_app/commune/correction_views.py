"""Corrections: list status, every field a list sets, merges, new residents, agents' villages,
targets.

Each is a plain form POST that redirects back; the store records who, when, before and after.
"""

from __future__ import annotations

import math
import re
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..domain import clock, codes
from ..domain.formatting import birth, relation, vn_date
from ..domain.identifiers import bhxh_code_error
from ..domain.people import NO_BIRTH, RELATIONS, check_person
from ..domain.text import clean, search_key
from ..form_records import whole_number
from ..store import alerts as alert_store
from ..store import corrections as correction_store
from ..store import coverage as coverage_store
from ..store import get_db
from ..store import targets as target_store
from ..store import users as user_store
from . import (
    bp,
    commune_in_scope,
    editor_only,
    may_edit,
    resident_in_commune,
    village_in_commune,
)
from .pages import FIELDS, shown_value

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


@bp.route("/residents/<resident_id>/alerts/<int:alert_id>", methods=["POST"])
def settle_alert(code: str, resident_id: str, alert_id: int):
    """The official's decision on a sign-up that arrived after the person left the list."""
    commune = commune_in_scope(code)
    editor_only()
    resident_in_commune(commune, resident_id)
    db = get_db()
    alert = alert_store.get_alert(db, alert_id)
    if alert is None or alert["resident_id"] != resident_id:
        abort(404)
    resolution = request.form.get("resolution", "")
    note = clean(request.form.get("note"))[:500] or None
    if resolution not in alert_store.RESOLUTIONS or alert["resolution"]:
        flash(_("Hãy chọn: giữ tình trạng hiện tại, hoặc ghi nhận người này đã tham gia"),
              "error")
        return _back_to(code, resident_id)
    alert_store.resolve(db, current_user.id, alert_id, resolution, note)
    flash(_("Đã ghi nhận người này đã tham gia.") if resolution == "enrolled"
          else _("Đã giữ tình trạng “%(status)s”; đăng ký vẫn được lưu.",
                 status=codes.LIST_STATUSES[alert["status_now"]]), "ok")
    return _back_to(code, resident_id)


def _resident_form(form, village_id: int, *,
                   birth_known: bool = True) -> tuple[dict, list[str], list[str]]:
    """The person a form describes, by the agents' rules (``people.check_person``): the values,
    the errors and the warnings, each as "field: rule". A correction of someone the list gave
    no birth for (``birth_known`` False) may leave it unknown."""
    values, errors, warnings = check_person(form, clock.today(), _)
    if not birth_known and errors.get("birth_date") == _(NO_BIRTH):
        del errors["birth_date"]
    values["village_id"] = village_id

    def labelled(found: dict[str, str]) -> list[str]:
        return [f"{FIELDS[name]}: {message}" for name, message in found.items()]

    return values, labelled(errors), labelled(warnings)


def _clean_extra(form, values: dict, errors: list[str]) -> None:
    """What a list sets beyond the person form: mã số BHXH, the BHXH and BHYT statuses, and
    the nationality and birth registration place that declarations need."""
    values["nationality"] = clean(form.get("nationality")).upper() or None
    if values["nationality"] and not NATIONALITY.fullmatch(values["nationality"]):
        errors.append(f"{FIELDS['nationality']}: {_('ghi mã hai chữ cái, ví dụ VN')}")
    values["birth_place"] = clean(form.get("birth_place")) or None
    if values["birth_place"] and len(values["birth_place"]) > 200:
        errors.append(f"{FIELDS['birth_place']}: {_('dài quá %(n)s ký tự', n=200)}")
    code = re.sub(r"[\s.'-]", "", clean(form.get("bhxh_code")))
    if code and (problem := bhxh_code_error(code)):
        errors.append(f"{FIELDS['bhxh_code']}: {problem}")
    values["bhxh_code"] = code or None
    for name, allowed in (("bhxh_status", codes.BHXH_STATUSES),
                          ("bhyt_status", codes.BHYT_STATUSES)):
        values[name] = form.get(name) if form.get(name) in allowed else "none"
    expiry = form.get("bhyt_expiry", "")
    values["bhyt_expiry"] = None
    if expiry:
        try:
            values["bhyt_expiry"] = date.fromisoformat(expiry).isoformat()
        except ValueError:
            errors.append(f"{FIELDS['bhyt_expiry']}: {_('phải là ngày có thật')}")


def _household_fields(form, errors: list[str]) -> dict:
    household = {"household_code": clean(form.get("household_code")) or None,
                 "address": clean(form.get("address")) or None}
    for name, limit in (("household_code", 30), ("address", 200)):
        if household[name] and len(household[name]) > limit:
            errors.append(f"{FIELDS[name]}: {_('dài quá %(n)s ký tự', n=limit)}")
    return household


@bp.route("/residents/<resident_id>/edit", methods=["GET", "POST"])
def edit_resident(code: str, resident_id: str):
    """Correct every field a list import sets (and the household's code and address)."""
    commune = commune_in_scope(code)
    editor_only()
    resident = resident_in_commune(commune, resident_id)
    if resident["merged_into"]:
        abort(404)
    db = get_db()
    villages = coverage_store.commune_villages(db, code)
    form: dict = {**resident, "household_id": resident["household_id"] or ""}
    errors: list[str] = []
    if request.method == "POST":
        form = request.form
        village_id = form.get("village_id", type=whole_number)
        values, errors, warnings = _resident_form(
            form, village_id, birth_known=resident["birth_year"] is not None)
        _clean_extra(form, values, errors)
        household = _household_fields(form, errors)
        if village_id not in {v["id"] for v in villages}:
            errors.append(f"{FIELDS['village_id']}: {_('hãy chọn một thôn, ấp của xã')}")
        chosen = form.get("household_id", "")
        new_household = None
        if chosen == "new":
            new_household = {**household, "head_name": values["full_name"]}
            values["relation_to_head"] = "Chủ hộ"
        elif village_id != resident["village_id"]:
            errors.append(f"{FIELDS['household_id']}: "
                          f"{_('khi chuyển sang thôn khác, chọn “Hộ mới”')}")
        elif chosen and chosen not in {h["id"] for h in
                                       correction_store.village_households(db, village_id)}:
            errors.append(f"{FIELDS['household_id']}: "
                          f"{_('hãy chọn một hộ trong thôn hoặc tạo hộ mới')}")
        elif chosen or resident["household_id"]:
            values["household_id"] = chosen or None
        if not errors:
            for key in ("birth_date", "birth_year", "cccd", "phone"):
                values.setdefault(key, None)          # a field emptied is cleared
            correction_store.update_details(db, current_user.id, resident_id, values,
                                            household, new_household)
            for warning in warnings:
                flash(warning, "warning")
            flash(_("Đã lưu thông tin của %(name)s", name=values["full_name"]), "ok")
            return _back_to(code, resident_id)
    return render_template(
        "commune/edit_resident.html", commune=commune, resident=resident, form=form,
        errors=errors, villages=villages,
        village=village_in_commune(commune, resident["village_id"]),
        households=correction_store.village_households(db, resident["village_id"]),
        relations=RELATIONS), 400 if errors else 200


def _merge_pair(commune: dict, first_id: str, second_id: str) -> tuple[dict, dict]:
    if first_id == second_id:
        abort(404)
    first = resident_in_commune(commune, first_id)
    second = resident_in_commune(commune, second_id)
    return first, second


@bp.route("/residents/<resident_id>/merge/<other_id>")
def merge_page(code: str, resident_id: str, other_id: str):
    """Two entries side by side: which one stays, and each field's value, chosen one by one."""
    commune = commune_in_scope(code)
    editor_only()
    first, second = _merge_pair(commune, resident_id, other_id)
    if first["merged_into"] or second["merged_into"]:
        flash(_("Gộp: một trong hai người đã được gộp trước đó"), "error")
        return _back_to(code, resident_id)
    db = get_db()
    kept, duplicate, choices = correction_store.suggested_merge(db, first, second)
    sides = [_merge_side(db, commune, person) for person in (kept, duplicate)]
    return render_template("commune/merge.html", commune=commune, resident=first,
                           sides=sides, choices=choices, rows=_merge_rows(sides),
                           back=resident_id)


def _merge_side(db, commune: dict, person: dict) -> dict:
    village = village_in_commune(commune, person["village_id"])
    return {**person, "village_name": village["name"],
            **correction_store.work_done(db, person["id"])}


MERGE_LABELS = {
    "full_name": FIELDS["full_name"], "birth": FIELDS["birth_date"], "gender": FIELDS["gender"],
    "cccd": FIELDS["cccd"], "bhxh_code": FIELDS["bhxh_code"], "phone": FIELDS["phone"],
    "ethnicity": FIELDS["ethnicity"], "nationality": FIELDS["nationality"],
    "birth_place": FIELDS["birth_place"], "support_group": FIELDS["support_group"],
    "household": FIELDS["household_id"], "bhxh_status": FIELDS["bhxh_status"],
    "bhyt": FIELDS["bhyt_status"], "list_status": FIELDS["list_status"],
}


def _merge_value(field: str, person: dict) -> str:
    """A merge field's value as the side-by-side table shows it."""
    if field == "birth":
        return birth(person["birth_date"], person["birth_year"])
    if field == "household":
        if not person["household_id"]:
            return ""
        parts = [_("Hộ %(head)s", head=person["head_name"] or "?"),
                 person["household_code"], person["address"],
                 relation(person["relation_to_head"])]
        return " · ".join(part for part in parts if part)
    if field == "bhyt":
        shown = str(codes.BHYT_STATUSES.get(person["bhyt_status"], ""))
        return f"{shown} · {vn_date(person['bhyt_expiry'])}" if person["bhyt_expiry"] else shown
    return shown_value(field, person[field])


def _merge_rows(sides: list[dict]) -> list[dict]:
    return [{"field": field, "label": MERGE_LABELS[field],
             "values": [_merge_value(field, side) for side in sides]}
            for field in correction_store.MERGE_FIELDS]


@bp.route("/residents/<resident_id>/merge", methods=["POST"])
def merge(code: str, resident_id: str):
    """Merge the pair (this person and ``duplicate_id``): ``kept_id`` names the entry that
    stays (this one by default), each ``choice_<field>`` the entry whose value it keeps."""
    commune = commune_in_scope(code)
    editor_only()
    other_id = request.form.get("duplicate_id", "")
    if not other_id or other_id == resident_id:
        flash(_("Gộp: hãy chọn người trùng cần gộp vào người này"), "error")
        return _back_to(code, resident_id)
    first, second = _merge_pair(commune, resident_id, other_id)
    if first["merged_into"] or second["merged_into"]:
        flash(_("Gộp: một trong hai người đã được gộp trước đó"), "error")
        return _back_to(code, resident_id)
    pair = {resident_id, other_id}
    kept_id = request.form.get("kept_id") or resident_id
    if kept_id not in pair:
        abort(400)
    choices = {field: request.form[f"choice_{field}"]
               for field in correction_store.MERGE_FIELDS if f"choice_{field}" in request.form}
    if set(choices.values()) - pair:
        abort(400)
    duplicate = second if kept_id == resident_id else first
    correction_store.merge_residents(get_db(), current_user.id, kept_id, duplicate["id"],
                                     choices)
    flash(_("Đã gộp hai hồ sơ làm một; giữ lại mọi lần đến nhà và đăng ký"), "ok")
    return _back_to(code, kept_id)


def _twins(commune: dict, values: dict) -> tuple[list[dict], bool]:
    """Entries of the commune that may be this new person, and whether another commune's list
    holds the CCCD."""
    db = get_db()
    if not values.get("full_name"):
        return [], False
    return (correction_store.possible_twins(db, commune["code"], search_key(values["full_name"]),
                                            values.get("birth_year"), values.get("cccd")),
            correction_store.cccd_elsewhere(db, commune["code"], values.get("cccd")))


@bp.route("/villages/<int:village_id>/residents/check")
def check_new_resident(code: str, village_id: int):
    """The duplicate warning while the form is filled in (htmx), as the agent's form has."""
    commune = commune_in_scope(code)
    editor_only()
    village_in_commune(commune, village_id)
    values = _resident_form(request.args, village_id)[0]
    twins, elsewhere = _twins(commune, values)
    return render_template("commune/_twins.html", commune=commune, twins=twins,
                           elsewhere=elsewhere)


@bp.route("/villages/<int:village_id>/residents/new", methods=["GET", "POST"])
def new_resident(code: str, village_id: int):
    commune = commune_in_scope(code)
    editor_only()
    village = village_in_commune(commune, village_id)
    db = get_db()
    households = correction_store.village_households(db, village_id)
    errors: list[str] = []
    twins, elsewhere, status = [], False, 200
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
            twins, elsewhere = _twins(commune, values)
        if not errors and (twins or elsewhere) and request.form.get("confirm_duplicate") != "1":
            status = 409
        elif not errors:
            resident_id = correction_store.add_resident(db, current_user.id, values, household)
            for warning in warnings:
                flash(warning, "warning")
            flash(_("Đã thêm %(name)s vào danh sách", name=values["full_name"]), "ok")
            return redirect(url_for("commune.resident_page", code=code, resident_id=resident_id))
        else:
            status = 400
    return render_template("commune/new_resident.html", commune=commune, village=village,
                           households=households, errors=errors, form=request.form,
                           twins=twins, elsewhere=elsewhere, relations=RELATIONS), status


@bp.route("/agents", methods=["GET", "POST"])
def agents(code: str):
    commune = commune_in_scope(code)
    db = get_db()
    villages = coverage_store.commune_villages(db, code)
    agents = user_store.agents_for_commune(db, code)
    if request.method == "POST":
        editor_only()
        village_ids = {v["id"] for v in villages}
        agent = next((a for a in agents if str(a["id"]) == request.form.get("agent_id")), None)
        if agent is None:
            abort(404)
        chosen = set(request.form.getlist("village_id", type=whole_number))
        user_store.set_agent_villages(db, current_user.id, agent["id"], code,
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
            correction_store.set_village_targets(db, current_user.id, code, year, wanted)
            flash(_("Đã lưu chỉ tiêu năm %(year)s", year=year), "ok")
            return redirect(url_for("commune.targets", code=code, year=year))
    current = target_store.village_targets(db, code, year)
    return render_template("commune/targets.html", commune=commune, villages=villages, year=year,
                           current=current, errors=errors, form=request.form,
                           fields=TARGET_FIELDS, may_edit=may_edit()), (400 if errors else 200)
