"""Downloads: village or commune lists with statuses (XLSX, CSV), and the declarations page: a
period's sign-ups in the layout of the declaration software the commune chose (a profile)."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..declarations import profile as profile_files
from ..declarations import workbook
from ..domain import clock
from ..domain.text import clean
from ..form_records import whole_number
from ..spreadsheets import Sheet, attachment, csv_bytes, xlsx
from ..store import declaration_settings as settings_store
from ..store import exports as export_store
from ..store import get_db
from ..store import village_review as review_store
from . import (
    bp,
    commune_in_scope,
    editor_only,
    export_columns,
    may_edit,
    period_from,
    renewal_figures,
    village_in_commune,
)


def _list_download(commune: dict, village: dict | None, fmt: str) -> Response:
    people = review_store.status_rows(get_db(), commune["code"],
                                      village["id"] if village else None)
    sheet = Sheet("Danh sách", export_columns.STATUS_COLUMNS, people)
    name = f"danh sách {village['name'] if village else commune['name']}.{fmt}"
    return attachment(csv_bytes(sheet) if fmt == "csv" else xlsx([sheet]), name)


@bp.route("/list.<any(xlsx, csv):fmt>")
def commune_list(code: str, fmt: str):
    return _list_download(commune_in_scope(code), None, fmt)


@bp.route("/villages/<int:village_id>/list.<any(xlsx, csv):fmt>")
def village_list(code: str, village_id: int, fmt: str):
    commune = commune_in_scope(code)
    return _list_download(commune, village_in_commune(commune, village_id), fmt)


def _declaration_request(commune: dict) -> tuple:
    """The period, village and profile asked for (the commune's remembered profile when none is
    named); the profile is None when the name asked for is not a profile."""
    period = period_from(request.args)
    village_id = request.args.get("village", type=whole_number)
    if village_id is not None:
        village_in_commune(commune, village_id)
    remembered = settings_store.commune_settings(get_db(), commune["code"])
    return period, village_id, profile_files.choose(request.args.get("profile"),
                                                    remembered.get("declaration_profile"))


def _unknown_profile() -> None:
    flash(_("Không có hồ sơ kê khai “%(name)s”", name=request.args.get("profile")), "error")


@bp.route("/declarations")
def declarations_page(code: str):
    """Choose a profile and a period, see what each row still lacks, download the workbook."""
    commune = commune_in_scope(code)
    period, village_id, chosen = _declaration_request(commune)
    if chosen is None:
        _unknown_profile()
        chosen = profile_files.get(profile_files.DEFAULT_PROFILE)
    db = get_db()
    result = workbook.declaration(db, commune, period, chosen, village_id)
    settings = settings_store.commune_settings(db, code)
    return render_template(
        "commune/declarations.html", commune=commune, period=period, chosen=chosen,
        profiles=profile_files.profiles().values(), result=result, village_id=village_id,
        settings=settings, default=settings.get("declaration_profile") or
        profile_files.DEFAULT_PROFILE,
        collectors=export_store.commune_collectors(db, code), may_edit=may_edit())


@bp.route("/declarations.xlsx")
def declarations(code: str):
    """The period's sign-ups in the chosen profile's layout (the commune's default if none)."""
    commune = commune_in_scope(code)
    period, village_id, chosen = _declaration_request(commune)
    if chosen is None:
        _unknown_profile()
        return redirect(url_for("commune.declarations_page", code=code, **period.args()))
    result = workbook.declaration(get_db(), commune, period, chosen, village_id)
    return attachment(result.xlsx(), workbook.file_name(commune, period, chosen))


FIELD_LIMIT = 100


@bp.route("/declarations/settings", methods=["POST"])
def declaration_settings(code: str):
    """The commune's default profile, KCB place and collectors' codes."""
    commune = commune_in_scope(code)
    editor_only()
    form = request.form
    profile_id = form.get("declaration_profile") or None
    values = {"declaration_profile": profile_id,
              "kcb_province": clean(form.get("kcb_province")) or None,
              "kcb_hospital": clean(form.get("kcb_hospital")) or None}
    codes = {int(key[len("collector_"):]): clean(value) or None
             for key, value in form.items()
             if key.startswith("collector_") and key[len("collector_"):].isdigit()}
    errors = []
    if profile_id is not None and profile_files.get(profile_id) is None:
        errors.append(_("Hồ sơ kê khai: không có hồ sơ “%(name)s”", name=profile_id))
    for label, value in ((_("Tỉnh KCB"), values["kcb_province"]),
                         (_("Bệnh viện KCB"), values["kcb_hospital"]),
                         *((_("Mã nhân viên thu"), c) for c in codes.values())):
        if value and len(value) > FIELD_LIMIT:
            errors.append(_("%(field)s: dài quá %(n)s ký tự", field=label, n=FIELD_LIMIT))
    if errors:
        for error in errors:
            flash(error, "error")
    else:
        settings_store.save(get_db(), current_user.id, commune["code"], values, codes)
        flash(_("Đã lưu cài đặt kê khai"), "ok")
    return redirect(url_for("commune.declarations_page", code=code))


@bp.route("/renewals.<any(xlsx, csv):fmt>")
def renewals(code: str, fmt: str):
    """Everyone due or lapsed today, with what renewing costs today (``?village=`` for one)."""
    commune = commune_in_scope(code)
    village_id = request.args.get("village", type=whole_number)
    village = village_in_commune(commune, village_id) if village_id is not None else None
    today = clock.today()
    sheet = Sheet("Đóng tiếp", export_columns.RENEWAL_COLUMNS,
                  renewal_figures.renewal_list(get_db(), code, village_id, today))
    name = f"đóng tiếp {(village or commune)['name']} {today:%Y%m%d}.{fmt}"
    return attachment(csv_bytes(sheet) if fmt == "csv" else xlsx([sheet]), name)
