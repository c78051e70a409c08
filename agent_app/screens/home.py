"""The agent's home as a screen: today's tally, the villages with their counts, who is due back
(today apart from overdue) and who must renew. ``static/js/screens/home.js`` is the same builder
for the phone, where the data comes from the local copy with the unsent records applied;
``tests/vectors/home.json`` holds the two to the same output.

The data: ``today``; ``tally`` (visits, enrolments, collected, people_added: the agent's day);
``villages`` (id, name, commune_name, listed, visited, enrolled, due); ``due`` (people whose
follow-up has come: id, full_name, village_name, follow_up_on, last_outcome, last_visited_on,
oldest date first); ``renewals`` (``due`` and ``lapsed`` entries as ``renewal_entry`` gives
them, and ``lapsed_people``); ``due_days``; ``pending`` (resident id → ``pending``,
``attention`` or ``question``, as the checklist's: empty on the server); ``t``
(``texts.texts()``).
"""

from __future__ import annotations

import re

from ..domain.formatting import money, number, vn_date, vn_month

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def fill(text: str, **values: str) -> str:
    """A ``%(name)s`` phrase with its values put in (the phone has no ``%`` operator)."""
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), text)


def renewal_entry(entry: dict, full_name: str, village_name: str, url: str | None) -> dict:
    """The fields of a due list's entry (``agent_app.domain.retention.due_lists``) a screen
    shows."""
    keys = ("resident_id", "scheme", "state", "through", "ends", "amount", "months",
            "start_month", "income", "position", "card_from", "deadline", "windows",
            "quick_until")
    return {**{k: entry.get(k) for k in keys}, "full_name": full_name,
            "village_name": village_name, "url": url}


def renewal_status(e: dict, r: dict) -> str:
    """Where a due or lapsed entry stands: paid through a month, or a card's end."""
    if e["scheme"] == "bhxh_tn":
        if not e.get("through"):
            return r["list_stopped"]
        text = fill(r["through"], month=vn_month(e["through"]))
        return text + (", " + r["stopped"] if e["state"] == "lapsed" else "")
    if not e["ends"]:
        return r["list_card_ended"]
    return fill(r["card_ends"] if e["state"] == "due" else r["card_ended"], date=vn_date(e["ends"]))


def renewal_price(e: dict, r: dict) -> dict | None:
    """What renewing costs today and for what, or None where it cannot be priced."""
    if e["amount"] is None:
        return None
    detail = fill(r["months"], n=e["months"])
    if e["scheme"] == "bhxh_tn":
        detail += (" " + fill(r["from_month"], month=vn_month(e["start_month"])) + " · "
                   + fill(r["income"], amount=money(e["income"])))
    elif e.get("position"):
        detail += " · " + fill(r["position"], n=e["position"])
    if e.get("card_from"):
        detail += " · " + fill(r["card_from"], date=vn_date(e["card_from"]))
    return {"amount": money(e["amount"]), "detail": detail}


def mark(resident_id: str, data: dict) -> dict | None:
    """What is still on the phone about a person, as the checklist marks it."""
    found = data["pending"].get(resident_id)
    if not found:
        return None
    return {"class": "sync-badge c-" + found, "text": data["t"][found + "_badge"]}


def renewal(e: dict, t: dict, with_name: bool = True, pending: dict | None = None) -> dict:
    """One due or lapsed entry for the ``renewal`` template."""
    r = t["renewal"]
    price = renewal_price(e, r)
    windows = " · ".join(fill(r["window"], n=w["months"], date=vn_date(w["until"]))
                         for w in e["windows"] or ())
    return {"resident_id": e["resident_id"], "scheme": e["scheme"], "state": e["state"],
            "with_name": with_name, "name": e["full_name"], "village_name": e["village_name"],
            "badge_class": "c-due" if e["state"] == "due" else "c-off",
            "badge": "BHXH" if e["scheme"] == "bhxh_tn" else "BHYT",
            "status": renewal_status(e, r), "price": price,
            "near_poor": price is None and e["scheme"] == "bhyt_cn",
            "no_amount": price is None and e["scheme"] != "bhyt_cn",
            "deadline": vn_date(e["deadline"]), "windows": windows,
            "quick": fill(r["quick"], date=vn_date(e["quick_until"])) if e["quick_until"] else "",
            "url": e["url"] or "",
            "mark": mark(e["resident_id"], {"pending": pending or {}, "t": t})}


def _counts(v: dict, h: dict) -> str:
    return " · ".join(h[k].replace("{n}", number(v[k]))
                      for k in ("listed", "visited", "enrolled", "due"))


def _due_person(p: dict, data: dict) -> dict:
    t = data["t"]
    return {"id": p["id"], "name": p["full_name"], "mark": mark(p["id"], data),
            "detail": (p["village_name"] + " · " + t["outcomes"][p["last_outcome"]] + " "
                       + vn_date(p["last_visited_on"]) + " · " + t["home"]["due_on"] + " "
                       + vn_date(p["follow_up_on"]))}


def view(data: dict) -> dict:
    """The home screen's view model (templates ``home``, ``renewal``)."""
    t, today = data["t"], data["today"]
    h = t["home"]
    tally = data["tally"]
    due_today = [_due_person(p, data) for p in data["due"] if p["follow_up_on"] == today]
    overdue = [_due_person(p, data) for p in data["due"] if p["follow_up_on"] != today]
    renewals = data["renewals"]
    lapsed_people = renewals["lapsed_people"]
    return {
        "t": t, "title": t["app"], "today": vn_date(today),
        "tally": {"visits": number(tally["visits"]), "enrolments": number(tally["enrolments"]),
                  "collected": money(tally["collected"]),
                  "people_added": number(tally["people_added"])},
        "villages": [{"id": v["id"], "url": f"/villages/{v['id']}", "name": v["name"],
                      "commune_name": v["commune_name"], "counts": _counts(v, h)}
                     for v in data["villages"]],
        "due_today": due_today, "due_today_count": str(len(due_today)),
        "overdue": ({"people": overdue,
                     "count": h["overdue_one" if len(overdue) == 1 else "overdue_many"]
                     .replace("{n}", str(len(overdue)))} if overdue else None),
        "within": h["within"].replace("{n}", str(data["due_days"])),
        "renew_due": [renewal(e, t, pending=data["pending"]) for e in renewals["due"]],
        "renew_lapsed": [renewal(e, t, pending=data["pending"])
                         for e in renewals["lapsed"]],
        "lapsed_count": h["lapsed_one" if lapsed_people == 1 else "lapsed_many"]
        .replace("{n}", str(lapsed_people)),
        "lapsed_more": lapsed_people > len(renewals["lapsed"]),
    }
