"""The supervisor's day: one row per agent and the alerts, as the page and the exports show them.

The page, the CSV and the XLSX all read the same ``DayReport`` columns (the spreadsheets' own
``Column``) and rows, so an export holds exactly the numbers on the screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlite_utils import Database

from ..domain import codes
from ..domain.formatting import money, number, vn_date, vn_datetime, vn_time
from ..spreadsheets import Column, Sheet
from ..store import alerts as alert_store
from ..store import supervision
from ..store import sync_issues as issue_store


@dataclass
class Alert:
    kind: str                  # a key of ALERT_KINDS
    agent: dict
    detail: str
    at: str | None = None      # UTC stamp the alert is about
    issue_id: int | None = None
    resident: tuple[str, str] | None = None      # (commune code, resident id) to open


@dataclass
class DayReport:
    day: date
    columns: list[Column]
    rows: list[dict]
    totals: dict
    alerts: list[Alert] = field(default_factory=list)


ALERT_KINDS = {
    "no_sync": _l("Không đồng bộ quá %(hours)s giờ"),
    "stuck_outbox": _l("Máy còn bản ghi chờ gửi, chưa đồng bộ lại"),
    "seq_gap": _l("Thiếu số thứ tự: có thể mất bản ghi"),
    "issue": _l("Xung đột, bị từ chối chưa xử lý"),
    "amount": _l("Số tiền khác số tính lại của máy chủ"),
    "no_receipt": _l("Đăng ký chưa có biên lai"),
    "off_list": _l("Đăng ký của người đã ra khỏi danh sách (đã mất, chuyển đi…), chờ xã xem"),
}


def alert_titles(no_sync_hours: float) -> dict[str, str]:
    return {kind: str(title) % {"hours": number(no_sync_hours)}
            for kind, title in ALERT_KINDS.items()}


def _column(key: str, heading: str, kind: str = "int") -> Column:
    """A day-table column: text wide, numbers and times narrow."""
    return Column.of(key, heading, kind, 22 if kind == "text" else 12)


def columns(kinds: list[str]) -> list[Column]:
    """The day table's columns, what a supervisor reads first on the left: what is still on the
    phones, the day's work and money; then how the syncs went; one "received" column per kind."""
    return [
        _column("agent", _("Nhân viên"), "text"),
        _column("pending", _("Còn chờ trên máy")),
        _column("visits", _("Lần đến nhà trong ngày")),
        _column("enrolments", _("Người đăng ký")),
        _column("amount", _("Tiền thu"), "money"),
        _column("syncs", _("Số lần đồng bộ")),
        _column("last_sync", _("Đồng bộ cuối"), "time"),
        _column("conflict", _("Xung đột")),
        _column("rejected", _("Bị từ chối")),
        _column("gap_records", _("Thiếu số thứ tự")),
        _column("first_sync", _("Đồng bộ đầu"), "time"),
        _column("accepted", _("Đã nhận")),
        _column("duplicate", _("Trùng")),
        *[_column("received_" + kind,
                  _("Nhận: %(kind)s", kind=codes.RECORD_KINDS.get(kind, kind)))
          for kind in kinds],
        _column("communes", _("Xã"), "text"),
        _column("app_version", _("Phiên bản"), "text"),
        _column("devices", _("Thiết bị"), "text"),
    ]


def short_device(device_id: str | None) -> str:
    """Enough of a device's UUID to tell an agent's phones apart."""
    return (device_id or "")[:8]


def build(db: Database, agents: list[dict], day: date, *, now: str, no_sync_hours: float,
          stuck_minutes: float) -> DayReport:
    """The day's table for these agents, with the alerts that need someone now."""
    results = supervision.day_results(db, agents, day)
    found_kinds = {kind for r in results.values() for kind in r["received"]}
    kinds = [*codes.RECORD_KINDS, *sorted(found_kinds - set(codes.RECORD_KINDS))]
    cols = columns(kinds)
    table = [_row(agent, results[agent["id"]], kinds) for agent in agents]
    totals = {c.key: sum(r[c.key] or 0 for r in table) for c in cols if c.numeric}
    totals["agent"] = _("Tổng cộng")
    report = DayReport(day, cols, table, totals)
    report.alerts = _alerts(db, agents, day, now, no_sync_hours, stuck_minutes)
    return report


def _row(agent: dict, result: dict, kinds: list[str]) -> dict:
    devices = result["devices"]
    return {
        "agent_id": agent["id"], "username": agent["username"],
        "agent": agent["display_name"], "communes": agent["communes"],
        "syncs": result["syncs"], "first_sync": result["first_sync"],
        "last_sync": result["last_sync"],
        **{"received_" + kind: result["received"].get(kind, 0) for kind in kinds},
        "accepted": result["accepted"], "duplicate": result["duplicate"],
        "conflict": result["conflict"], "rejected": result["rejected"],
        "pending": result["pending"], "gap_records": result["gap_records"],
        "app_version": ", ".join(dict.fromkeys(d["app_version"] for d in devices
                                               if d["app_version"])),
        "devices": ", ".join(short_device(d["device_id"]) for d in devices),
        "visits": result["visits"], "enrolments": result["enrolments"],
        "amount": result["amount"] or 0, "amount_mismatches": result["amount_mismatches"],
    }


def _alerts(db: Database, agents: list[dict], day: date, now: str, no_sync_hours: float,
            stuck_minutes: float) -> list[Alert]:
    by_id = {a["id"]: a for a in agents}
    alerts = []
    for stale in supervision.no_sync_alerts(db, agents, now, no_sync_hours):
        detail = (_("Lần cuối: %(at)s", at=vn_datetime(stale["last_sync"]))
                  if stale["last_sync"] else _("Chưa đồng bộ lần nào"))
        alerts.append(Alert("no_sync", stale["agent"], detail, stale["last_sync"]))
    for device in supervision.stuck_outbox_alerts(db, agents, now, stuck_minutes):
        detail = _("Thiết bị %(device)s còn %(n)s bản ghi chờ gửi từ %(at)s",
                   device=short_device(device["device_id"]), n=number(device["last_pending"]),
                   at=vn_datetime(device["last_seen"]))
        alerts.append(Alert("stuck_outbox", by_id[device["user_id"]], detail, device["last_seen"]))
    for gap in supervision.open_gap_alerts(db, agents):
        detail = _("Thiết bị %(device)s thiếu số %(first)s–%(last)s (%(n)s bản ghi)",
                   device=short_device(gap["device_id"]), first=gap["from_seq"],
                   last=gap["to_seq"], n=number(gap["missing"]))
        alerts.append(Alert("seq_gap", by_id[gap["user_id"]], detail, gap["detected_at"]))
    for issue in issue_store.open_issues(db, list(by_id)):
        kind = codes.RECORD_KINDS.get(issue["kind"], issue["kind"] or "?")
        detail = f"{codes.ISSUE_STATUSES[issue['status']]} · {kind}: {issue['reason']}"
        alerts.append(Alert("issue", by_id[issue["user_id"]], detail, issue["received_at"],
                            issue["id"]))
    for enrolment in supervision.amount_alerts(db, agents, day):
        detail = _("%(name)s (%(village)s), %(scheme)s: thu %(amount)s, tính lại %(quote)s",
                   name=enrolment["resident_name"], village=enrolment["village_name"],
                   scheme=codes.SCHEMES.get(enrolment["scheme"], enrolment["scheme"]),
                   amount=money(enrolment["amount"]), quote=money(enrolment["quoted_amount"]))
        alerts.append(Alert("amount", by_id[enrolment["user_id"]], detail,
                            enrolment["enrolled_at"]))
    for enrolment in supervision.no_receipt_alerts(db, agents, day):
        detail = _("%(name)s (%(village)s), %(scheme)s: thu %(amount)s, chưa có biên lai",
                   name=enrolment["resident_name"], village=enrolment["village_name"],
                   scheme=codes.SCHEMES.get(enrolment["scheme"], enrolment["scheme"]),
                   amount=money(enrolment["amount"]))
        alerts.append(Alert("no_receipt", by_id[enrolment["user_id"]], detail,
                            enrolment["enrolled_at"]))
    for found in alert_store.open_for_agents(db, list(by_id)):
        detail = _("%(name)s (%(village)s): đăng ký %(scheme)s ngày %(day)s, %(amount)s; "
                   "người này đang ghi “%(status)s”",
                   name=found["resident_name"], village=found["village_name"],
                   scheme=codes.SCHEMES.get(found["scheme"], found["scheme"]),
                   day=vn_date(found["enrolled_on"]), amount=money(found["amount"]),
                   status=codes.LIST_STATUSES[found["list_status"]])
        alerts.append(Alert("off_list", by_id[found["user_id"]], detail, found["raised_at"],
                            resident=(found["commune_code"], found["resident_id"])))
    return alerts


def cell_text(column: Column, value) -> str:
    """A value as the page shows it."""
    if value is None or value == "":
        return "—" if column.kind != "text" else ""
    if column.kind == "money":
        return money(value)
    if column.kind == "int":
        return number(value)
    if column.kind == "time":
        return vn_time(value)
    return str(value)


def cell_flag(column: Column, row: dict) -> str:
    """A CSS class for the cells a supervisor should look at twice."""
    value = row.get(column.key)
    if column.key == "amount" and row.get("amount_mismatches"):
        return "bad"
    if column.key == "gap_records" and value:
        return "bad"
    if column.key in ("conflict", "rejected", "pending") and value:
        return "warn"
    if column.key == "syncs" and not value:
        return "warn"
    return ""


def export_sheets(report: DayReport, alert_title: dict[str, str]) -> list[Sheet]:
    """The day table (same columns and totals as the page), then the alerts."""
    table = Sheet(report.day.strftime("%d-%m-%Y"), report.columns, report.rows,
                  numbered=False, totals=report.totals, freeze="B2")
    alerts = Sheet(_("Cảnh báo"), [
        Column(_("Cảnh báo"), lambda a: alert_title[a.kind], width=30),
        Column(_("Nhân viên"), lambda a: a.agent["display_name"], width=22),
        Column(_("Chi tiết"), lambda a: a.detail, width=60),
        Column(_("Thời điểm"), lambda a: vn_datetime(a.at) if a.at else None, width=16),
    ], report.alerts, numbered=False)
    return [table, alerts]
