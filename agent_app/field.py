"""Agent pages: the village checklist (filters, search, pages of households) and the resident card.

One URL answers with the whole page or, for htmx, only the part it asked for; both come from the
same templates, and the response says so with ``Vary: HX-Request``.
"""

from __future__ import annotations

import re
from itertools import groupby

from flask import Blueprint, make_response, render_template, request
from flask_login import current_user, login_required

from . import clock, renewals, retention
from .auth import resident_or_404, village_or_404
from .form_records import whole_number
from .identifiers import clean_phone
from .store import checklist as checklist_store
from .store import get_db
from .store import places as place_store
from .store import records as record_store
from .text import matches_word_start, search_key

bp = Blueprint("field", __name__)

FILTERS = ("all", "todo", "due", "enrolled", "renew", "lapsed")
PAGE_HOUSEHOLDS = 100
_DIGITS = re.compile(r"^[\d\s.+()-]+$")


def _passes(resident: dict, choice: str, today: str, marks: dict[str, list[dict]]) -> bool:
    """Whether a person shows under a filter; ``marks`` are the due and lapsed entries by id."""
    if choice in ("renew", "lapsed"):
        state = "due" if choice == "renew" else "lapsed"
        return any(e["state"] == state for e in marks.get(resident["id"], ()))
    if choice == "todo":
        return (resident["last_outcome"] is None and resident["schemes"] is None
                and resident["list_status"] == "on_list")
    if choice == "due":
        return (resident["follow_up_on"] is not None and resident["follow_up_on"] <= today
                and resident["schemes"] is None and resident["list_status"] == "on_list")
    if choice == "enrolled":
        return resident["schemes"] is not None
    return True


def matcher(query: str):
    """Digits look in CCCD and phone; words must start a word of the name, accents ignored.
    (The agent's checklist and the official's hamlet list search the same way.)"""
    if not query:
        return lambda _resident: True
    if _DIGITS.match(query):
        digits = re.sub(r"\D", "", query)
        phone = clean_phone(query)
        return lambda r: (digits in (r["cccd"] or "")) or (phone in (r["phone"] or ""))
    key = search_key(query)
    return lambda r: matches_word_start(r["search_key"], key)


def _page_number(raw: str | None) -> int:
    try:
        return max(whole_number(raw or ""), 1)
    except ValueError:
        return 1


@bp.route("/villages/<int:village_id>")
@login_required
def village(village_id: int):
    village = village_or_404(village_id)
    choice = request.args.get("filter", "all")
    choice = choice if choice in FILTERS else "all"
    query = request.args.get("q", "").strip()
    page = _page_number(request.args.get("page"))
    today = clock.today().isoformat()
    matches = matcher(query)
    marks = renewals.marks_for(get_db(), [village_id], today)
    found = [r for r in checklist_store.village_checklist(get_db(), village_id)
             if _passes(r, choice, today, marks) and matches(r)]
    households = [list(members) for _key, members in groupby(found, lambda r: r["household_id"])]
    start = (page - 1) * PAGE_HOUSEHOLDS
    context = {
        "village": village, "choice": choice, "query": query, "today": today, "marks": marks,
        "households": households[start:start + PAGE_HOUSEHOLDS], "found": len(found),
        "next_page": page + 1 if start + PAGE_HOUSEHOLDS < len(households) else None,
    }
    if request.headers.get("HX-Request"):
        template = "field/_households.html" if page > 1 else "field/_checklist.html"
    else:
        template = "field/village.html"
    response = make_response(render_template(template, **context))
    response.vary.add("HX-Request")
    return response


@bp.route("/residents/<uuid:resident_id>")
@login_required
def resident(resident_id):
    resident = resident_or_404(str(resident_id))
    db = get_db()
    members = (checklist_store.household_members(db, resident["household_id"])
               if resident["household_id"] else [])
    today = clock.today().isoformat()
    due = renewals.for_villages(db, [resident["village_id"]], today, resident["household_id"])
    entries = due.of(resident["id"])
    for entry in entries:
        entry["reminder"] = retention.reminder_text(
            entry, resident["full_name"], current_user.display_name, current_user.record["phone"])
    return render_template(
        "field/resident.html", resident=resident,
        village=place_store.get_village(db, resident["village_id"]),
        history=checklist_store.resident_history(db, resident["id"]),
        follow_up=(checklist_store.last_visit(db, resident["id"]) or {}).get("follow_up_on"),
        members=[m for m in members if m["id"] != resident["id"]],
        added=record_store.latest_record(db, resident["id"], "resident"),
        today=today, renewals=entries, due=due, standing=_standing(due, resident, today))


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
