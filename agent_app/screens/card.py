"""The resident card's view model: who the person is, where they stand in BHXH and BHYT, what
renewing costs today, every visit and sign-up about them (corrected ones, and on the phone those
not yet sent), the supervisors' questions to this agent and the household.
``static/js/screens/card.js`` is the same builder for the phone; ``tests/vectors/card.json``
holds the two to the same output.

The data: ``resident`` (id, full_name, birth_date, birth_year, gender, cccd, phone,
relation_to_head, support_group, list_status, household_id, village_id, head_name, address),
``village`` (id, name), ``added`` (the newest record that made or corrected the person, or
None), ``follow_up_on``, ``standing`` (``bhxh`` and ``bhyt`` as ``agent_app.domain.retention`` gives
them, or None), ``renewals`` (the person's due and lapsed entries from ``retention.due_lists``,
each with its ``url`` and ``reminder``), ``history`` (as ``store.checklist.resident_history``
gives it; on the phone ``pending`` for records not yet sent and ``attention`` for those the server
would not take, corrected under "Cần xử lý"), ``questions`` (``store.pull.questions``
about the person), ``members`` (the rest of the household, in order), ``today``, ``writes`` (may
record field work) and ``t`` (``texts.texts()``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from ..domain.formatting import money, vn_date, vn_datetime, vn_month
from . import person
from .home import renewal_price, renewal_status


def _standing(data: dict) -> list[dict]:
    c = data["t"]["card_screen"]
    x, y = data["standing"]["bhxh"], data["standing"]["bhyt"]
    bhxh = {"scheme": "bhxh", "label": c["bhxh"], "text": c["bhxh_never"], "strong": None,
            "note": None}
    if x and x["through"]:
        bhxh["text"] = c["bhxh_through"].replace("%(month)s", vn_month(x["through"]))
        bhxh["strong"] = {"due": c["bhxh_due"], "lapsed": c["bhxh_lapsed"]}.get(x["state"])
    elif x:
        bhxh["text"] = c["bhxh_active"] if x["state"] == "active" else c["bhxh_stopped"]
    bhyt = {"scheme": "bhyt", "label": c["bhyt"], "text": c["bhyt_never"], "strong": None,
            "note": None}
    if y and y["expires"]:
        if y["valid_from"]:
            bhyt["text"] = (c["bhyt_valid"].replace("%(start)s", vn_date(y["valid_from"]))
                            .replace("%(end)s", vn_date(y["expires"])))
        else:
            bhyt["text"] = c["bhyt_expiry"].replace("%(date)s", vn_date(y["expires"]))
        bhyt["strong"] = {"due": c["bhyt_due"], "lapsed": c["bhyt_lapsed"]}.get(y["state"])
        bhyt["note"] = c["bhyt_waiting"] if y["state"] == "waiting" else None
    elif y:
        bhyt["text"] = c["bhyt_active"] if y["state"] == "active" else c["bhyt_ended"]
    return [bhxh, bhyt]


def _renewal(e: dict, t: dict) -> dict:
    r = t["renewal"]
    bhxh = e["scheme"] == "bhxh_tn"
    price = renewal_price(e, r)
    amount = {"money": price["amount"], "details": price["detail"]} if price else None
    windows = " · ".join(r["window"].replace("%(n)s", str(w["months"]))
                         .replace("%(date)s", vn_date(w["until"]))
                         for w in e.get("windows") or [])
    return {"resident_id": e["resident_id"], "scheme": e["scheme"], "state": e["state"],
            "badge_class": "c-due" if e["state"] == "due" else "c-off",
            "badge": "BHXH" if bhxh else "BHYT", "line": renewal_status(e, r), "amount": amount,
            "near_poor": amount is None and e["scheme"] == "bhyt_cn",
            "no_amount": amount is None and e["scheme"] != "bhyt_cn",
            "deadline": vn_date(e.get("deadline")) or None, "windows": windows or None,
            "quick": (r["quick"].replace("%(date)s", vn_date(e["quick_until"]))
                      if e.get("quick_until") else None),
            "url": e.get("url"), "reminder": e["reminder"]}


def _line(text: str, muted: bool = False, strong: str | None = None,
          warning: str | None = None, after: str | None = None) -> dict:
    return {"text": text, "muted": muted, "strong": strong, "warning": warning, "after": after}


def _visit_lines(item: dict, t: dict) -> list[dict]:
    c = t["card_screen"]
    first = t["outcomes"].get(item["outcome"], item["outcome"])
    if item["follow_up_on"]:
        first += " · " + c["appointment"] + " " + vn_date(item["follow_up_on"])
    lines = [_line(first)]
    if item["reasons"]:
        text = ", ".join(t["reasons"].get(r, r) for r in item["reasons"])
        lines.append(_line(text + (": " + item["reason_text"] if item["reason_text"] else ""),
                           muted=True))
    if item["note"]:
        lines.append(_line(item["note"], muted=True))
    if item["vssid"]:
        lines.append(_line(t["vssid"].get(item["vssid"], item["vssid"]), muted=True))
    if item["campaign"]:
        lines.append(_line(item["campaign"], muted=True))
    return lines


def _enrolment_lines(item: dict, t: dict) -> list[dict]:
    c = t["card_screen"]
    first = (t["schemes"].get(item["scheme"], item["scheme"]) + " · "
             + c["months"].replace("%(n)s", str(item["months"])))
    if item["income"]:
        first += " · " + c["income"] + " " + money(item["income"])
    if item["position"]:
        first += " · " + c["position"].replace("%(n)s", str(item["position"]))
    quoted = item["quoted_amount"]
    after = (" · " + c["receipt"] + " " + item["receipt_no"] if item["receipt_no"] else "") + (
        " " + vn_date(item["receipt_date"]) if item["receipt_date"] else "")
    return [_line(first), _line(
        c["collected"], strong=money(item["amount"]),
        warning=(c["recomputed"].replace("%(amount)s", money(quoted))
                 if quoted is not None and quoted != item["amount"] else None),
        after=after or None)]


def _history_item(item: dict, data: dict) -> dict:
    rid = data["resident"]["id"]
    visit = item["kind"] == "visit"
    attention = bool(item.get("attention"))
    fix = None
    if data["writes"] and not item["superseded_by"] and not attention:
        fix = (f"/visits/new?resident={rid}&corrects={item['record_id']}" if visit else
               f"/enrolments/new?resident={rid}&scheme={item['scheme']}"
               f"&corrects={item['record_id']}")
    return {"record_id": item["record_id"], "class": "superseded" if item["superseded_by"] else "",
            "at": vn_datetime(item["at"]), "agent": item["agent_name"] or "",
            "superseded": bool(item["superseded_by"]), "pending": bool(item.get("pending")),
            "attention": attention,
            "lines": (_visit_lines if visit else _enrolment_lines)(item, data["t"]),
            "fix_url": fix}


def _question(q: dict, data: dict) -> dict:
    t = data["t"]
    c = t["card_screen"]
    rid = data["resident"]["id"]
    answer = None
    if data["writes"] and q["kind"] == "visit":
        stored = any(h["record_id"] == q["record_id"] and h["kind"] == "visit"
                     for h in data["history"])
        answer = (f"/visits/new?resident={rid}"
                  + (f"&corrects={q['record_id']}" if q["status"] == "conflict" and stored else ""))
    asked_at = (q["asked_at"] or "")[:10]
    return {"id": q["id"],
            "title": (c["kinds"].get(q["kind"], q["kind"] or "") + " · "
                      + c["statuses"].get(q["status"], q["status"])),
            "asked": c["asked"].replace("{who}", q["asked_by"] or "").replace(
                "{at}", vn_date(asked_at)),
            "question": q["question"] or "", "reason": q["reason"] or None,
            "answer_url": answer}


def _actions(data: dict) -> dict | None:
    if not data["writes"]:
        return None
    r = data["resident"]
    household = r["household_id"]
    params = [(k, v) for k, v in (
        ("age", int(data["today"][:4]) - r["birth_year"] if r["birth_year"] else None),
        ("gender", r["gender"]), ("group", r["support_group"])) if v is not None]
    return {"visit": f"/visits/new?resident={r['id']}",
            "bhxh": f"/enrolments/new?resident={r['id']}&scheme=bhxh_tn",
            "bhyt": f"/enrolments/new?household={household}&scheme=bhyt_hgd" if household else None,
            "add_member": (f"/people/new?village={r['village_id']}&household={household}"
                           if household else None),
            "fix_info": (f"/people/new?village={r['village_id']}&corrects={data['added']}"
                         if data["added"] else None),
            "explain": "/explain" + ("?" + urlencode(params) if params else "")}


def view(data: dict) -> dict:
    """The resident card screen's view model (template ``card``)."""
    t = data["t"]
    c = t["card_screen"]
    r = data["resident"]
    follow_up = data["follow_up_on"]
    renewals = [_renewal(e, t) for e in data["renewals"]] if data["writes"] else []
    questions = [_question(q, data) for q in data["questions"]]
    members = [{"id": m["id"], "name": m["full_name"], "birth": person.birth(m),
                "relation": person.relation(m["relation_to_head"], t)} for m in data["members"]]
    return {
        "t": t, "title": r["full_name"] + " · " + t["app"],
        "back": {"url": f"/villages/{r['village_id']}",
                 "name": c["back"].replace("%(village)s", data["village"]["name"])},
        "person": person.header(r, t, card_link=False),
        "questions": questions,
        "facts": {"gender": t["genders"].get(r["gender"], "") if r["gender"] else "",
                  "cccd": r["cccd"] or "",
                  "group": t["support_groups"].get(r["support_group"], ""),
                  "status": t["list_statuses"].get(r["list_status"], ""),
                  "address": r["address"] or "",
                  "follow_up": vn_date(follow_up) if follow_up else c["no_follow_up"],
                  "follow_up_due": bool(follow_up and follow_up <= data["today"])},
        "standing": _standing(data), "renewals": renewals, "actions": _actions(data),
        "history": [_history_item(item, data) for item in data["history"]],
        "members": members,
        "has": {"questions": bool(questions), "renewals": bool(renewals),
                "members": bool(members)},
    }
