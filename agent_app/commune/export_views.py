"""Downloads: village or commune lists with statuses (XLSX, CSV), and a period's sign-ups in the
declaration templates' columns (XLSX, one sheet per scheme)."""

from __future__ import annotations

from flask import Response, request

from .. import clock
from ..form_records import whole_number
from ..spreadsheets import Sheet, attachment, csv_bytes, xlsx
from ..store import exports as export_store
from ..store import get_db
from ..store import review as review_store
from . import (
    bp,
    commune_in_scope,
    export_columns,
    period_from,
    renewal_figures,
    village_in_commune,
)
from . import declarations as declaration_rules


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


@bp.route("/declarations.xlsx")
def declarations(code: str):
    """The period's sign-ups: one sheet for BHXH tự nguyện, one for household BHYT."""
    commune = commune_in_scope(code)
    period = period_from(request.args)
    village_id = request.args.get("village", type=whole_number)
    if village_id is not None:
        village_in_commune(commune, village_id)
    db = get_db()
    signups = declaration_rules.enrich(
        db, export_store.period_signups(db, code, period.start, period.end, village_id))
    body = xlsx([
        Sheet("BHXH tự nguyện", export_columns.BHXH_COLUMNS,
              [s for s in signups if s["scheme"] == "bhxh_tn"]),
        Sheet("BHYT hộ gia đình", export_columns.BHYT_COLUMNS,
              [s for s in signups if s["scheme"] == "bhyt_hgd"]),
    ])
    return attachment(body, f"kê khai {commune['name']} {period.start:%Y%m%d}-"
                            f"{period.end:%Y%m%d}.xlsx")


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
