"""Campaign days: create one, see its tally, compare them side by side."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..domain.text import clean
from ..store import campaigns as campaign_store
from ..store import coverage as coverage_store
from ..store import get_db
from ..store import users as user_store
from . import bp, commune_in_scope, editor_only, may_edit


@bp.route("/campaigns")
def campaigns(code: str):
    """Every campaign of the commune with its tally: the comparison table."""
    commune = commune_in_scope(code)
    db = get_db()
    found = campaign_store.list_campaigns(db, code)
    for campaign in found:
        campaign["tally"] = campaign_store.tally(db, campaign)
    return render_template("commune/campaigns.html", commune=commune, campaigns=found,
                           may_edit=may_edit())


@bp.route("/campaigns/<int:campaign_id>")
def campaign(code: str, campaign_id: int):
    commune = commune_in_scope(code)
    db = get_db()
    found = campaign_store.get_campaign(db, code, campaign_id)
    if found is None:
        abort(404)
    return render_template("commune/campaign.html", commune=commune, campaign=found,
                           tally=campaign_store.tally(db, found))


@bp.route("/campaigns/new", methods=["GET", "POST"])
def new_campaign(code: str):
    commune = commune_in_scope(code)
    editor_only()
    db = get_db()
    villages = coverage_store.commune_villages(db, code)
    agents = user_store.agents_for_commune(db, code)
    errors = []
    if request.method == "POST":
        form = request.form
        name = clean(form.get("name"))
        if not name:
            errors.append(_("Tên đợt: không được để trống"))
        elif len(name) > 200:
            errors.append(_("Tên đợt: dài quá 200 ký tự"))
        try:
            held_on = date.fromisoformat(form.get("held_on", "")).isoformat()
        except ValueError:
            errors.append(_("Ngày: phải là một ngày có thật"))
        village_ids = [v["id"] for v in villages if str(v["id"]) in form.getlist("village_id")]
        agent_ids = [a["id"] for a in agents if str(a["id"]) in form.getlist("agent_id")]
        if not village_ids:
            errors.append(_("Thôn, ấp: chọn ít nhất một"))
        if not agent_ids:
            errors.append(_("Nhân viên thu: chọn ít nhất một"))
        if not errors:
            campaign_id = campaign_store.create_campaign(db, current_user.id, code, name, held_on,
                                                         village_ids, agent_ids)
            flash(_("Đã tạo đợt %(name)s", name=name), "ok")
            return redirect(url_for("commune.campaign", code=code, campaign_id=campaign_id))
    return render_template("commune/new_campaign.html", commune=commune, villages=villages,
                           agents=agents, errors=errors, form=request.form), \
        (400 if errors else 200)
