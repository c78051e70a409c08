"""The visit form's view model: the person asked for, their last visit, the follow-up chips,
reasons, VssID, today's campaigns and the outcomes that save. ``static/js/screens/visit_form.js``
is the same builder for the phone; ``tests/vectors/visit_form.json`` holds the two to the same
output.

The data: ``resident`` (as ``store.residents.get_resident`` gives it: id, full_name, birth,
relation_to_head, head_name, phone, village_id, household_id), ``village`` (id, name), ``last``
(the latest visit that counts: outcome, visited_on, follow_up_on; or None), ``campaigns`` (name
and held_on, from today to a week on), ``values`` (the form's values: a correction's record or
what was posted), ``errors`` (by field), ``today``, ``csrf_token`` and ``t``
(``texts.texts()``).
"""

from __future__ import annotations

from ..domain.formatting import vn_date
from . import person

FOLLOW_UP_DAYS = (1, 3, 7)


def _chip(days: int, w: dict) -> dict:
    if days == 1:
        label = w["tomorrow"]
    elif days == 7:
        label = w["week"]
    else:
        label = w["n_days"].replace("{n}", str(days))
    return {"days": days, "label": label}


def _last_text(last: dict | None, t: dict) -> str:
    if not last:
        return ""
    text = (t["visit"]["last"] + ": " + t["outcomes"][last["outcome"]] + " "
            + vn_date(last["visited_on"]))
    if last["follow_up_on"]:
        text += " · " + t["visit"]["appointment"] + " " + vn_date(last["follow_up_on"])
    return text


def _campaigns(found: list[dict], chosen: str, today: str) -> dict:
    """Today's campaigns shown, the others hidden for field.js; the visit being corrected keeps
    its own campaign even when it is no longer offered."""
    names = [c["name"] for c in found]
    own = {"name": chosen} if chosen and chosen not in names else None
    days = [{"name": c["name"], "day": c["held_on"], "today": c["held_on"] == today,
             "checked": c["name"] == chosen} for c in found]
    return {"hidden": own is None and not any(d["today"] for d in days),
            "none": not chosen, "own": own, "days": days}


def view(data: dict) -> dict:
    """The visit form screen's view model (template ``visit_form``)."""
    t = data["t"]
    w = t["visit"]
    resident = data["resident"]
    values = data["values"]
    reasons = values.get("reasons") or []
    vssid = values.get("vssid") or ""
    household = resident.get("household_id")
    sign_up = {"bhxh": f"/enrolments/new?resident={resident['id']}&scheme=bhxh_tn",
               "bhyt": (f"/enrolments/new?household={household}&scheme=bhyt_hgd"
                        if household else None)}
    return {
        "t": t, "title": w["title"] + " · " + t["app"],
        "person": person.header(resident, t, card_link=False),
        "back": {"url": f"/villages/{resident['village_id']}", "name": data["village"]["name"],
                 "card_url": "/residents/" + resident["id"]},
        "last_text": _last_text(data["last"], t), "csrf_token": data["csrf_token"],
        "corrects": values.get("corrects") or None, "errors": data["errors"],
        "values": {name: str(values.get(name) or "")
                   for name in ("follow_up_on", "reason_text", "note")},
        "chips": [_chip(days, w) for days in FOLLOW_UP_DAYS],
        "details_open": bool(reasons or values.get("note") or vssid or values.get("campaign")
                             or data["errors"]),
        "reasons": [{"code": code, "label": t["reasons"][code], "checked": code in reasons}
                    for code in t["orders"]["reasons"]],
        "vssid": [{"code": "", "label": w["not_yet"], "checked": not vssid}]
        + [{"code": code, "label": t["vssid"][code], "checked": vssid == code}
           for code in t["orders"]["vssid"]],
        "campaigns": _campaigns(data["campaigns"], values.get("campaign") or "", data["today"]),
        "outcomes": [{"code": code, "label": t["outcomes"][code],
                      "checked": values.get("outcome") == code}
                     for code in t["orders"]["outcomes"] if code != "enrolled"],
        "sign_up": sign_up,
    }
