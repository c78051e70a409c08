"""The village checklist's view model: who shows under the search and the filter, households a
page at a time, each person with their marks. ``static/js/screens/checklist.js`` is the same
builder for the phone; ``tests/vectors/checklist.json`` holds the two to the same output.

The data: ``village`` (id, name, commune_name), ``people`` (rows as
``store.checklist.village_checklist`` gives them, households together), ``marks`` (due and
lapsed entries by resident id), ``pending`` (resident id → ``pending`` or ``attention`` for
records still on the phone, ``question`` for a supervisor's question; empty on the server),
``today``, ``query``, ``filter``, ``page``, ``writes`` (may record field work) and ``t``
(``texts.texts()``).
"""

from __future__ import annotations

import re
from itertools import groupby
from urllib.parse import urlencode

from ..domain.identifiers import clean_phone
from ..domain.text import matches_word_start, search_key

FILTERS = ("all", "todo", "due", "enrolled", "renew", "lapsed")
PAGE_HOUSEHOLDS = 100
_DIGITS = re.compile(r"^[\d\s.+()-]+$")
SCHEME_BADGES = {"bhxh_tn": "BHXH", "bhyt_hgd": "BHYT"}


def passes(resident: dict, choice: str, today: str, marks: dict[str, list[dict]]) -> bool:
    """Whether a person shows under a filter; ``marks`` are the due and lapsed entries by id."""
    if choice in ("renew", "lapsed"):
        state = "due" if choice == "renew" else "lapsed"
        return any(e["state"] == state for e in marks.get(resident["id"], ()))
    if choice == "todo":
        return (resident["last_outcome"] is None and not resident["schemes"]
                and resident["list_status"] == "on_list")
    if choice == "due":
        return (resident["follow_up_on"] is not None and resident["follow_up_on"] <= today
                and not resident["schemes"] and resident["list_status"] == "on_list")
    if choice == "enrolled":
        return bool(resident["schemes"])
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


def _day_month(day: str) -> str:
    return day[8:10] + "/" + day[5:7]


def _badges(r: dict, data: dict) -> list[dict]:
    t = data["t"]
    schemes = sorted(r["schemes"].split(",")) if r["schemes"] else []
    found = []
    # A status the last visit set ("insured elsewhere", "moved away"…) shows once: the visit's
    # mark, dated.
    if r["list_status"] not in ("on_list", "enrolled", r["last_outcome"]):
        found.append({"class": "c-off", "text": t["list_statuses"][r["list_status"]]})
    found += [{"class": "c-ok", "text": SCHEME_BADGES.get(s, "BHYT")} for s in schemes]
    if r["last_outcome"]:
        found.append({"class": "c-off" if r["last_outcome"] == r["list_status"] else "",
                      "text": t["outcomes"][r["last_outcome"]] + " "
                      + _day_month(r["last_visited_on"])})
    elif not schemes:
        found.append({"class": "c-new", "text": t["not_visited"]})
    for e in data["marks"].get(r["id"], ()):
        due = e["state"] == "due"
        found.append({"class": "c-renew " + ("c-due" if due else "c-off"),
                      "text": e["scheme"].upper() + " "
                      + (_day_month(e["ends"]) if due else t["stopped"])})
    if r["follow_up_on"] and not schemes:
        found.append({"class": "c-due" if r["follow_up_on"] <= data["today"] else "c-later",
                      "text": t["follow_up"] + " " + _day_month(r["follow_up_on"])})
    mark = data["pending"].get(r["id"])
    if mark:
        found.append({"class": "sync-badge c-" + mark, "text": t[mark + "_badge"]})
    return found


def _member(r: dict, data: dict) -> dict:
    return {"id": r["id"], "name": r["full_name"],
            "birth_year": str(r["birth_year"]) if r["birth_year"] else "",
            "href": ("/visits/new?resident=" if data["writes"] else "/residents/") + r["id"],
            "badges": _badges(r, data)}


def _household(members: list[dict], data: dict) -> dict:
    first = members[0]
    hid = first["household_id"]
    add = ({"url": f"/people/new?village={data['village']['id']}&household={hid}"}
           if hid and data["writes"] else None)
    return {"id": hid or "", "head": first["head_name"] or data["t"]["unknown_household"],
            "add": add, "members": [_member(r, data) for r in members]}


def view(data: dict) -> dict:
    """The checklist screen's view model (templates ``village``, ``checklist``, ``households``)."""
    choice = data["filter"] if data["filter"] in FILTERS else "all"
    query = data["query"].strip()
    page = max(data["page"], 1)
    matches = matcher(query)
    found = [r for r in data["people"]
             if passes(r, choice, data["today"], data["marks"]) and matches(r)]
    households = [list(m) for _key, m in groupby(found, lambda r: r["household_id"])]
    start = (page - 1) * PAGE_HOUSEHOLDS
    village = data["village"]
    url = f"/villages/{village['id']}"
    more = None
    if start + PAGE_HOUSEHOLDS < len(households):
        params = {"filter": choice, **({"q": query} if query else {}), "page": page + 1}
        more = {"url": url + "?" + urlencode(params)}
    t = data["t"]
    count = t["people_one" if len(found) == 1 else "people_many"].replace("{n}", str(len(found)))
    return {
        "t": t, "title": village["name"] + " · " + t["app"], "village": village, "url": url,
        "query": query, "writes": data["writes"],
        "add_url": f"/people/new?village={village['id']}",
        "filters": [{"code": c, "label": t["filters"][c], "checked": c == choice}
                    for c in FILTERS],
        "found_text": count, "households": [_household(m, data) for m in
                                            households[start:start + PAGE_HOUSEHOLDS]],
        "more": more,
    }
