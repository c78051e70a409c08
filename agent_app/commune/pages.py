"""Pages that read: the overview, a village's review, a resident's history, the print list."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import charts, renewals
from ..domain import clock, codes
from ..domain.formatting import birth
from ..domain.text import clean
from ..form_records import whole_number
from ..screens.checklist import matcher
from ..store import alerts as alert_store
from ..store import corrections as correction_store
from ..store import counts as count_store
from ..store import get_db
from ..store import places as place_store
from ..store import residents as resident_store
from ..store import users as user_store
from ..store import village_review as review_store
from . import (
    bp,
    commune_in_scope,
    may_edit,
    overview,
    period_from,
    renewal_figures,
    resident_in_commune,
    village_in_commune,
)


@bp.route("/")
def overview_page(code: str):
    commune = commune_in_scope(code)
    db = get_db()
    period = period_from(request.args)
    summary = overview.build(db, code, period, clock.today())
    return render_template(
        "commune/overview.html", commune=commune, summary=summary, period=period,
        alerts=alert_store.open_in_commune(db, code),
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
    query = clean(request.args.get("q"))[:100]
    if query:
        shown = list(filter(matcher(query), shown))
    return render_template(
        "commune/village.html", commune=commune, village=village, people=shown,
        total=len(people), counts=counts, status=status, today=clock.today(), query=query,
        tally=count_store.village_counts(db, [village_id], clock.today())[village_id],
        reasons=review_store.decline_reasons(db, code, village_id),
        agents=user_store.agents_of_village(db, village_id), may_edit=may_edit())


@bp.route("/villages/<int:village_id>/print")
def print_page(code: str, village_id: int):
    commune = commune_in_scope(code)
    village = village_in_commune(commune, village_id)
    people = [p for p in review_store.status_rows(get_db(), code, village_id)
              if p["list_status"] == "on_list"]
    return render_template("commune/print.html", commune=commune, village=village, people=people,
                           today=clock.today())


@bp.route("/retention")
def retention_page(code: str):
    """Retention per village and per agent over the period, with the renewal list's downloads."""
    commune = commune_in_scope(code)
    period = period_from(request.args)
    return render_template(
        "commune/retention.html", commune=commune, period=period, due_days=renewals.due_days(),
        figures=renewal_figures.figures(get_db(), code, period, clock.today()))


@bp.route("/renewals/print")
def renewals_print(code: str):
    """The renewal list on A4, for a campaign day (``?village=`` for one village)."""
    commune = commune_in_scope(code)
    village_id = request.args.get("village", type=whole_number)
    village = village_in_commune(commune, village_id) if village_id is not None else None
    today = clock.today()
    return render_template(
        "commune/renewals_print.html", commune=commune, village=village, today=today,
        entries=renewal_figures.renewal_list(get_db(), code, village_id, today))


@bp.route("/residents/<resident_id>")
def resident_page(code: str, resident_id: str):
    commune = commune_in_scope(code)
    resident = resident_in_commune(commune, resident_id)
    db = get_db()
    return render_template(
        "commune/resident.html", commune=commune, resident=resident,
        village=village_in_commune(commune, resident["village_id"]),
        history=[_describe(e, _Names(db))
                 for e in correction_store.resident_history(db, resident_id)],
        candidates=correction_store.merge_candidates(db, code, resident)
        if may_edit() and not resident["merged_into"] else [],
        alerts=alert_store.for_resident(db, resident_id), may_edit=may_edit())


ACTIONS = {
    "list_status": _l("Sửa tình trạng"), "contact": _l("Sửa thông tin liên lạc"),
    "details": _l("Sửa thông tin"), "import": _l("Cập nhật từ danh sách nhập"),
    "alert": _l("Quyết định về đăng ký đến sau"),
    "create": _l("Thêm vào danh sách"), "merge": _l("Gộp người trùng vào hồ sơ này"),
    "merged_into": _l("Gộp vào hồ sơ khác"),
}
FIELDS = {
    "full_name": _l("Họ và tên"), "birth_date": _l("Ngày sinh"), "birth_year": _l("Năm sinh"),
    "gender": _l("Giới tính"), "cccd": _l("Số CCCD"), "bhxh_code": _l("Mã số BHXH"),
    "phone": _l("Số điện thoại"), "ethnicity": _l("Dân tộc"),
    "relation_to_head": _l("Quan hệ với chủ hộ"),
    "support_group": _l("Nhóm đối tượng"), "bhxh_status": _l("Tình trạng BHXH"),
    "bhyt_status": _l("Tình trạng BHYT"), "bhyt_expiry": _l("Hạn thẻ BHYT"),
    "list_status": _l("Tình trạng"),
    "merged_into": _l("Gộp vào"), "village_id": _l("Thôn, ấp"), "household_id": _l("Hộ"),
    "household_code": _l("Mã hộ gia đình"),
    "address": _l("Địa chỉ"), "duplicate": _l("Người trùng"),
    "nationality": _l("Quốc tịch"), "birth_place": _l("Nơi đăng ký khai sinh"),
    "visits_moved": _l("Lần đến nhà chuyển sang"), "enrolments_moved": _l("Đăng ký chuyển sang"),
    "alert": _l("Quyết định"),
}
VALUE_LABELS = {"list_status": codes.LIST_STATUSES, "gender": codes.GENDERS,
                "support_group": codes.SUPPORT_GROUPS, "bhxh_status": codes.BHXH_STATUSES,
                "bhyt_status": codes.BHYT_STATUSES, "relation_to_head": codes.RELATIONS,
                "alert": {"kept_status": _l("Giữ tình trạng"),
                          "enrolled": _l("Ghi nhận đã tham gia")}}


def shown_value(key: str, value) -> str:
    """A stored value as a person reads it: a label for a code, dd/mm/yyyy for a date."""
    if value is None:
        return ""
    if key in VALUE_LABELS:
        return str(VALUE_LABELS[key].get(value, value))
    if key in ("birth_date", "bhyt_expiry"):
        return birth(value, None)
    return str(value)


class _Names:
    """Ids in the audit log (people, households, hamlets) as the names people know them by."""

    def __init__(self, db):
        self.db = db

    def __call__(self, key: str, value) -> str:
        if value is None:
            return ""
        if key in ("duplicate", "merged_into"):
            person = resident_store.get_resident(self.db, value)
            return " · ".join(str(part) for part in (
                person["full_name"], birth(person["birth_date"], person["birth_year"]))
                if part) if person else _("(không rõ)")
        if key == "household_id":
            household = resident_store.get_household(self.db, value)
            return _("Hộ %(head)s", head=household["head_name"] or "?") if household \
                else _("(không rõ)")
        if key == "village_id":
            village = place_store.get_village(self.db, value)
            return village["name"] if village else _("(không rõ)")
        return shown_value(key, value)


def _describe(event: dict, names: _Names) -> dict:
    """A history event with its change spelled out for people: labels and names, never column
    names, codes or ids."""
    if event["kind"] != "change":
        return event
    before, after = dict(event["before"] or {}), dict(event["after"] or {})
    if "duplicate" in before:                  # a merge names the entry it took in
        after["duplicate"] = before.pop("duplicate")
    keys = [k for k in dict.fromkeys([*before, *after]) if k in FIELDS]
    return {**event, "title": ACTIONS.get(event["action"], event["action"]),
            "changes": [{"label": FIELDS[k], "before": names(k, before.get(k)),
                         "after": names(k, after.get(k))} for k in keys]}
