"""Supervisor pages: each agent's sync day with alerts first, drill-down, review, trends, export.

Supervisors see the agents of their communes only (admins: every commune); anything else is 404.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from .. import charts, spreadsheets
from ..auth import commune_or_404, role_required
from ..domain import clock
from ..domain.formatting import vn_time
from ..form_records import whole_number
from ..store import audit, get_db, supervision, utc_now
from ..store import places as place_store
from ..store import records as record_store
from ..store import residents as resident_store
from ..store import sync_issues as issue_store
from ..store import trends as trend_store
from . import day_report, issue_review

bp = Blueprint("supervisor", __name__, url_prefix="/supervisor")
ROLES = ("supervisor", "admin")
TREND_DAYS = 30


bp.add_app_template_filter(vn_time, "vn_time")


def _day() -> date:
    """The day asked for (?date=YYYY-MM-DD), else today in Vietnam."""
    asked = request.args.get("date", "")
    if asked:
        try:
            return date.fromisoformat(asked)
        except ValueError:
            flash(_("Ngày “%(value)s” không hợp lệ (cần dạng YYYY-MM-DD); đang xem hôm nay.",
                    value=asked[:20]), "error")
    return clock.today()


def _agents() -> list[dict]:
    if "scope_agents" not in g:
        g.scope_agents = supervision.scope_agents(get_db(), current_user.commune_codes)
    return g.scope_agents


def _agent_or_404(user_id: int) -> dict:
    for agent in _agents():
        if agent["id"] == user_id:
            return agent
    abort(404)


def _report(agents: list[dict], day: date) -> day_report.DayReport:
    config = current_app.config
    return day_report.build(get_db(), agents, day, now=utc_now(),
                            no_sync_hours=config["SUPERVISOR_NO_SYNC_HOURS"],
                            stuck_minutes=config["SUPERVISOR_STUCK_OUTBOX_MINUTES"])


def _alert_titles() -> dict[str, str]:
    return day_report.alert_titles(current_app.config["SUPERVISOR_NO_SYNC_HOURS"])


def _day_links(day: date) -> dict:
    return {"previous": day - timedelta(days=1), "next": day + timedelta(days=1),
            "today": clock.today()}


@bp.route("/")
@role_required(*ROLES)
def day():
    chosen = _day()
    report = _report(_agents(), chosen)
    return render_template("supervisor/day.html", report=report, day=chosen,
                           links=_day_links(chosen), alert_titles=_alert_titles(),
                           cell_text=day_report.cell_text, flag=day_report.cell_flag)


@bp.route("/day.<any(csv, xlsx):fmt>")
@role_required(*ROLES)
def day_export(fmt: str):
    """The day as on the page; XLSX adds the alerts on a second sheet."""
    chosen = _day()
    sheets = day_report.export_sheets(_report(_agents(), chosen), _alert_titles())
    body = spreadsheets.csv_bytes(sheets[0]) if fmt == "csv" else spreadsheets.xlsx(sheets)
    return spreadsheets.attachment(body, f"dong-bo-{chosen.isoformat()}.{fmt}")


@bp.route("/agents/<int:user_id>")
@role_required(*ROLES)
def agent(user_id: int):
    found = _agent_or_404(user_id)
    chosen = _day()
    db = get_db()
    report = _report([found], chosen)
    return render_template(
        "supervisor/agent.html", agent=found, day=chosen, report=report, row=report.rows[0],
        links=_day_links(chosen), alert_titles=_alert_titles(), cell_text=day_report.cell_text,
        flag=day_report.cell_flag,
        pushes=supervision.agent_pushes(db, user_id, chosen),
        issues=issue_store.agent_issues(db, user_id, chosen),
        records=supervision.agent_records(db, user_id, chosen),
        visits=supervision.agent_visits(db, user_id, chosen),
        enrolments=supervision.agent_enrolments(db, user_id, chosen),
        gaps=supervision.agent_gaps(db, user_id, chosen),
        devices=supervision.agent_devices(db, user_id))


@bp.route("/issues/<int:issue_id>", methods=["GET", "POST"])
@role_required(*ROLES)
def issue(issue_id: int):
    db = get_db()
    found = issue_store.get_issue(db, issue_id)
    if found is None:
        abort(404)
    agent_row = _agent_or_404(found["user_id"])
    error = None
    if request.method == "POST":
        action = request.form.get("action", "")
        try:
            record_id = issue_review.decide(db, found, action, request.form.get("note"),
                                            current_user.id)
        except issue_review.ReviewError as problem:
            error = problem
        else:
            flash(_("Đã ghi quyết định.") if not record_id
                  else _("Đã lưu bản mới gửi thành bản ghi sửa."), "success")
            return redirect(url_for(".issue", issue_id=issue_id, date=request.args.get("date")))
    stored = record_store.get_record(db, found["record_id"]) if found["record_id"] else None
    return render_template(
        "supervisor/issue.html", issue=found, agent=agent_row, stored=stored,
        resident=_resident_of(found["payload"]),
        comparison=issue_review.compare(stored, found["payload"]),
        actions=issue_review.actions_for(found), error=error,
        history=audit.history(db, "sync_issue", issue_id),
        note=request.form.get("note", ""), back_date=request.args.get("date")), \
        400 if error else 200


def _resident_of(payload: object) -> dict | None:
    """Whom a received record is about, when that person is in this user's villages."""
    data = payload.get("data") if isinstance(payload, dict) else None
    resident_id = data.get("resident_id") if isinstance(data, dict) else None
    if not isinstance(resident_id, str):
        return None
    resident = resident_store.get_resident(get_db(), resident_id)
    if resident is None or resident["village_id"] not in current_user.village_ids:
        return None
    village = place_store.get_village(get_db(), resident["village_id"])
    return {**resident, "village_name": village["name"]}


@bp.route("/trends")
@role_required(*ROLES)
def trends():
    db = get_db()
    last = _day()
    first = last - timedelta(days=TREND_DAYS - 1)
    days = [first + timedelta(days=i) for i in range(TREND_DAYS)]
    agents = _agents()
    agent_ids = [a["id"] for a in agents]
    communes = place_store.list_communes(db, current_user.commune_codes)
    commune = commune_or_404(request.args["commune"]) if request.args.get("commune") else None
    chosen_agent = (_agent_or_404(request.args.get("agent", type=whole_number) or 0)
                    if request.args.get("agent") else None)
    cells = trend_store.daily_cells(db, first, last, agent_ids)
    selection = trend_store.per_day(
        cells, commune=commune["code"] if commune else None,
        agent=chosen_agent["id"] if chosen_agent else None).get("all", {})
    by_commune = trend_store.per_day(cells, "commune_code")
    by_agent = trend_store.per_day(cells, "user_id")
    series = {name: charts.Series(name, label, _values(selection, days, name))
              for name, label in _trend_series().items()}
    # Hundreds of records a day and a few dozen visits on one axis flatten the visits: the
    # sync volume gets a chart of its own, field work another.
    sync_chart = charts.line_chart(days, [series["records"]])
    work_chart = charts.line_chart(days, [series["visits"], series["enrolments"]])
    return render_template(
        "supervisor/trends.html", day=last, first=first, days=days, sync_chart=sync_chart,
        work_chart=work_chart,
        commune=commune, chosen_agent=chosen_agent, communes=communes, agents=agents,
        selection=_per_day(selection, days),
        commune_rows=[_trend_row(c, by_commune.get(c["code"], {}), days) for c in communes],
        agent_rows=[_trend_row(a, by_agent.get(a["id"], {}), days) for a in agents])


def _trend_series() -> dict[str, str]:
    return {"records": _("Bản ghi đồng bộ"), "visits": _("Lần đến nhà"),
            "enrolments": _("Người đăng ký")}


def _values(counts: dict, days: list[date], name: str) -> list[int]:
    return [counts.get(d.isoformat(), {}).get(name, 0) for d in days]


def _per_day(counts: dict, days: list[date]) -> list[dict]:
    return [{"day": d, **{name: _values(counts, [d], name)[0] for name in trend_store.MEASURES}}
            for d in days]


def _trend_row(item: dict, counts: dict, days: list[date]) -> dict:
    """One commune's or agent's 30 days: totals and a sparkline of records synced."""
    per_day = _per_day(counts, days)
    return {"item": item, "spark": charts.sparkline([d["records"] for d in per_day]),
            **{name: sum(d[name] for d in per_day) for name in trend_store.MEASURES}}
