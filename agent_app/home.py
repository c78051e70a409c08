"""The first page after login: one per role."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

from . import renewals
from .domain import clock
from .screens import home as home_screen
from .screens.texts import texts
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
        view = home_screen.view(agent_home(db, current_user, clock.today().isoformat()))
        return render_template("home/agent.html", view=view)
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


def agent_home(db, user, today: str) -> dict:
    """The home screen's data as the server knows it (the phone builds the same from its copy,
    ``DTN.local.home``)."""
    ids = user.village_ids
    due = renewals.for_villages(db, ids, today, lapsed_limit=LAPSED_SHOWN)

    def entry(e: dict) -> dict:
        return home_screen.renewal_entry(e, e["person"]["full_name"],
                                          e["person"]["village_name"], due.url(e))

    return {"today": today, "tally": checklist_store.day_tally(db, user.id, today),
            "villages": checklist_store.village_counts(db, ids, today),
            "due": checklist_store.due_follow_ups(db, ids, today),
            "renewals": {"due": [entry(e) for e in due.due],
                         "lapsed": [entry(e) for e in due.lapsed],
                         "lapsed_people": due.lapsed_people},
            "due_days": renewals.due_days(), "pending": {}, "t": texts()}
