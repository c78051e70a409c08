"""Agent pages: the village checklist (filters, search, pages of households) and the resident card.

One URL answers with the whole page or, for htmx, only the part it asked for; both come from the
same templates, and the response says so with ``Vary: HX-Request``.
"""

from __future__ import annotations

from flask import Blueprint, make_response, render_template, request
from flask_login import current_user, login_required

from .. import renewals, screens
from ..auth import resident_or_404, village_or_404
from ..domain import clock, codes, retention
from ..form_records import whole_number
from ..screens import card as card_screen
from ..screens import checklist as checklist_screen
from ..screens.texts import texts
from ..store import checklist as checklist_store
from ..store import get_db
from ..store import places as place_store
from ..store import pull as pull_store
from ..store import records as record_store

bp = Blueprint("field", __name__)

def _page_number(raw: str | None) -> int:
    try:
        return max(whole_number(raw or ""), 1)
    except ValueError:
        return 1


@bp.route("/villages/<int:village_id>")
@login_required
def village(village_id: int):
    village = village_or_404(village_id)
    today = clock.today().isoformat()
    page = _page_number(request.args.get("page"))
    model = checklist_screen.view({
        "village": {"id": village["id"], "name": village["name"],
                    "commune_name": village["commune_name"]},
        "people": checklist_store.village_checklist(get_db(), village_id),
        "marks": renewals.marks_for(get_db(), [village_id], today), "pending": {},
        "today": today, "query": request.args.get("q", ""),
        "filter": request.args.get("filter", "all"), "page": page,
        "writes": current_user.role in codes.FIELD_WRITERS, "t": texts()})
    if request.headers.get("HX-Request"):
        body = screens.render("households" if page > 1 else "checklist", model)
    else:
        body = render_template("field/village.html", view=model)
    response = make_response(body)
    response.vary.add("HX-Request")
    return response


@bp.route("/residents/<uuid:resident_id>")
@login_required
def resident(resident_id):
    """The resident card screen (agent_app/screens/card.py), as the phone renders it too."""
    resident = resident_or_404(str(resident_id))
    db = get_db()
    members = (checklist_store.household_members(db, resident["household_id"])
               if resident["household_id"] else [])
    today = clock.today().isoformat()
    due = renewals.for_villages(db, [resident["village_id"]], today, resident["household_id"])
    entries = [{**entry, "url": due.url(entry), "reminder": retention.reminder_text(
        entry, resident["full_name"], current_user.display_name, current_user.record["phone"])}
        for entry in due.of(resident["id"])]
    added = record_store.latest_record(db, resident["id"], "resident")
    village = place_store.get_village(db, resident["village_id"])
    model = card_screen.view({
        "resident": resident, "village": {"id": village["id"], "name": village["name"]},
        "added": added["id"] if added else None,
        "follow_up_on": (checklist_store.last_visit(db, resident["id"]) or {}).get(
            "follow_up_on"),
        "standing": _standing(due, resident, today), "renewals": entries,
        "history": checklist_store.resident_history(db, resident["id"]),
        "questions": [q for q in pull_store.questions(db, current_user.id)
                      if resident["id"] in (q["data"].get("resident_id"), q["data"].get("id"))],
        "members": [m for m in members if m["id"] != resident["id"]],
        "today": today, "writes": current_user.role in codes.FIELD_WRITERS, "t": texts()})
    return render_template("field/resident.html", view=model)


def _standing(due: renewals.Renewals, resident: dict, today: str) -> dict:
    """The person's BHXH and BHYT as the card shows them (paid through, card dates), None for a
    scheme they were never in."""
    person = due.people.get(resident["id"])
    if person is None:
        return {"bhxh": None, "bhyt": None}
    own = due.signups.get(resident["id"], [])
    days = renewals.due_days()
    return {"bhxh": retention.bhxh_standing(person, own, today, days),
            "bhyt": retention.bhyt_standing(person, own, today, days)}
