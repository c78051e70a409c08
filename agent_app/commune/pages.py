"""Pages that read: the overview, a village's review, a resident's history, the print list."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import lazy_gettext as _l

from .. import clock, codes
from ..formatting import birth
from ..store import corrections as correction_store
from ..store import get_db
from ..store import review as review_store
from ..store import users as user_store
from . import (
    bp,
    charts,
    commune_in_scope,
    may_edit,
    overview,
    period_from,
    resident_in_commune,
    village_in_commune,
)


@bp.route("/")
def overview_page(code: str):
    commune = commune_in_scope(code)
    db = get_db()
    period = period_from(request.args)
    summary = overview.build(db, code, period)
    return render_template(
        "commune/overview.html", commune=commune, summary=summary, period=period,
        village_chart=charts.village_bars(summary.villages),
        day_chart=charts.daily_columns(summary.per_day), reasons=summary.reasons)


@bp.route("/villages/<int:village_id>")
def village_page(code: str, village_id: int):
    commune = commune_in_scope(code)
    village = village_in_commune(commune, village_id)
    db = get_db()
    people = review_store.status_rows(db, code, village_id)
    status = request.args.get("status", "")
    counts: dict[str, int] = {}
    for person in people:
        counts[person["list_status"]] = counts.get(person["list_status"], 0) + 1
    shown = [p for p in people if p["list_status"] == status] if status else people
    return render_template(
        "commune/village.html", commune=commune, village=village, people=shown,
        total=len(people), counts=counts, status=status,
        reasons=review_store.decline_reasons(db, code, village_id),
        agents=user_store.agents_of_village(db, village_id), may_edit=may_edit())


@bp.route("/villages/<int:village_id>/print")
def print_page(code: str, village_id: int):
    commune = commune_in_scope(code)
    village = village_in_commune(commune, village_id)
    people = [p for p in review_store.status_rows(get_db(), code, village_id)
              if p["list_status"] in ("on_list", "enrolled")]
    return render_template("commune/print.html", commune=commune, village=village, people=people,
                           today=clock.today())


@bp.route("/residents/<resident_id>")
def resident_page(code: str, resident_id: str):
    commune = commune_in_scope(code)
    resident = resident_in_commune(commune, resident_id)
    db = get_db()
    return render_template(
        "commune/resident.html", commune=commune, resident=resident,
        village=village_in_commune(commune, resident["village_id"]),
        history=[_describe(e) for e in correction_store.resident_history(db, resident_id)],
        candidates=correction_store.merge_candidates(db, code, resident)
        if may_edit() and not resident["merged_into"] else [],
        may_edit=may_edit())


ACTIONS = {
    "list_status": _l("Sửa tình trạng"), "contact": _l("Sửa thông tin liên lạc"),
    "create": _l("Thêm vào danh sách"), "merge": _l("Gộp người trùng vào hồ sơ này"),
    "merged_into": _l("Gộp vào hồ sơ khác"),
}
FIELDS = {
    "full_name": _l("Họ và tên"), "birth_date": _l("Ngày sinh"), "birth_year": _l("Năm sinh"),
    "gender": _l("Giới tính"), "cccd": _l("Số CCCD"), "bhxh_code": _l("Mã số BHXH"),
    "phone": _l("Số điện thoại"), "ethnicity": _l("Dân tộc"),
    "support_group": _l("Nhóm đối tượng"), "list_status": _l("Tình trạng"),
    "merged_into": _l("Gộp vào"), "village_id": _l("Thôn, ấp"), "household_id": _l("Hộ"),
    "address": _l("Địa chỉ"), "duplicate": _l("Người trùng"),
    "nationality": _l("Quốc tịch"), "birth_place": _l("Nơi đăng ký khai sinh"),
    "visits_moved": _l("Lần đến nhà chuyển sang"), "enrolments_moved": _l("Đăng ký chuyển sang"),
}
VALUE_LABELS = {"list_status": codes.LIST_STATUSES, "gender": codes.GENDERS,
                "support_group": codes.SUPPORT_GROUPS}


def _shown(key: str, value) -> str:
    if value is None:
        return ""
    if key in VALUE_LABELS:
        return str(VALUE_LABELS[key].get(value, value))
    if key == "birth_date":
        return birth(value, None)
    return str(value)


def _describe(event: dict) -> dict:
    """A history event with its change spelled out for people: labels, not column names."""
    if event["kind"] != "change":
        return event
    before, after = event["before"] or {}, event["after"] or {}
    keys = [k for k in dict.fromkeys([*before, *after]) if k in FIELDS]
    return {**event, "title": ACTIONS.get(event["action"], event["action"]),
            "changes": [{"label": FIELDS[k], "before": _shown(k, before.get(k)),
                         "after": _shown(k, after.get(k))} for k in keys]}
