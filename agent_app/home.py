"""The first page after login: one per role."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

from . import clock, renewals
from .store import checklist as checklist_store
from .store import get_db
from .store import places as place_store
from .store import users as user_store

bp = Blueprint("home", __name__)

LAPSED_SHOWN = 50          # the most recently lapsed; the checklists' "Đã dừng" filter has all


@bp.route("/")
@login_required
def index():
    db = get_db()
    if current_user.role == "agent":
        today = clock.today().isoformat()
        ids = current_user.village_ids
        return render_template(
            "home/agent.html", today=today,
            villages=checklist_store.village_counts(db, ids, today),
            due=checklist_store.due_follow_ups(db, ids, today),
            tally=checklist_store.day_tally(db, current_user.id, today),
            renewals=renewals.for_villages(db, ids, today, lapsed_limit=LAPSED_SHOWN),
            due_days=renewals.due_days())
    if current_user.role == "supervisor":
        return redirect(url_for("supervisor.day"))
    communes = place_store.list_communes(db, current_user.commune_codes)
    if current_user.role == "commune_official" and len(communes) == 1:
        return redirect(url_for("commune.overview_page", code=communes[0]["code"]))
    villages = place_store.list_villages(db, current_user.village_ids)
    if current_user.role == "admin":
        return render_template("home/admin.html", communes=communes, villages=villages,
                               users=user_store.list_users(db))
    return render_template("home/commune.html", communes=communes, villages=villages)
