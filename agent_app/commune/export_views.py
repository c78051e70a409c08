"""Downloads: village or commune lists with statuses (XLSX, CSV), and a period's sign-ups in the
declaration templates' columns (XLSX, one sheet per scheme)."""

from __future__ import annotations

from flask import Response, request

from .. import clock
from ..store import exports as export_store
from ..store import get_db
from ..store import review as review_store
from ..text import search_key
from . import bp, commune_in_scope, period_from, renewal_figures, spreadsheets, village_in_commune
from . import declarations as declaration_rules

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def _download(body: bytes, mimetype: str, name: str) -> Response:
    """An attachment with an ASCII file name (accents dropped, spaces as dashes)."""
    safe = search_key(name).replace(" ", "-")
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{safe}"'
    return response


def _list_download(commune: dict, village: dict | None, fmt: str) -> Response:
    people = review_store.status_rows(get_db(), commune["code"],
                                      village["id"] if village else None)
    place = village["name"] if village else commune["name"]
    if fmt == "csv":
        return _download(spreadsheets.csv_bytes(spreadsheets.STATUS_COLUMNS, people), CSV,
                         f"danh sach {place}.csv")
    body = spreadsheets.xlsx([("Danh sách", spreadsheets.STATUS_COLUMNS, people)])
    return _download(body, XLSX, f"danh sach {place}.xlsx")


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
    village_id = request.args.get("village", type=int)
    if village_id is not None:
        village_in_commune(commune, village_id)
    db = get_db()
    signups = declaration_rules.enrich(
        db, export_store.period_signups(db, code, period.start, period.end, village_id))
    body = spreadsheets.xlsx([
        ("BHXH tự nguyện", spreadsheets.BHXH_COLUMNS,
         [s for s in signups if s["scheme"] == "bhxh_tn"]),
        ("BHYT hộ gia đình", spreadsheets.BHYT_COLUMNS,
         [s for s in signups if s["scheme"] == "bhyt_hgd"]),
    ])
    return _download(body, XLSX, f"ke khai {commune['name']} {period.start:%Y%m%d}-"
                                 f"{period.end:%Y%m%d}.xlsx")


@bp.route("/renewals.<any(xlsx, csv):fmt>")
def renewals(code: str, fmt: str):
    """Everyone due or lapsed today, with what renewing costs today (``?village=`` for one)."""
    commune = commune_in_scope(code)
    village_id = request.args.get("village", type=int)
    village = village_in_commune(commune, village_id) if village_id is not None else None
    today = clock.today()
    entries = renewal_figures.renewal_list(get_db(), code, village_id, today)
    name = f"dong tiep {(village or commune)['name']} {today:%Y%m%d}.{fmt}"
    if fmt == "csv":
        return _download(spreadsheets.csv_bytes(spreadsheets.RENEWAL_COLUMNS, entries), CSV, name)
    body = spreadsheets.xlsx([("Đóng tiếp", spreadsheets.RENEWAL_COLUMNS, entries)])
    return _download(body, XLSX, name)
