"""The "Cần xử lý" screen (/sync): records the server refused, each with its fields to correct
and send again or to discard, and the supervisors' questions to this agent, each answered by a
correction record. ``static/js/screens/attention.js`` is the same builder for the phone;
``tests/vectors/attention.json`` holds the two to the same output.

The data: ``records`` (the user's refused records as the phone keeps them: id, kind, status,
reason, created_at, data; the server has none, they live on the phone), ``questions`` (as
``store.pull.questions`` gives them and the pull brings them), ``answered`` (ids of questions
answered from this phone), ``t`` (``texts.texts()``).
"""

from __future__ import annotations

import json


def field(name: str, value) -> dict:
    """One field of a record as an editor shows it: text for plain values, JSON for the rest
    (``static/js/offline/attention.js`` reads the values back by ``kind``)."""
    if value is None:
        return {"name": name, "value": "", "kind": "text", "text": True}
    if isinstance(value, bool):
        return {"name": name, "value": "true" if value else "false", "kind": "boolean",
                "text": True}
    if isinstance(value, int | float):
        return {"name": name, "value": str(value), "kind": "number", "text": True}
    if isinstance(value, str):
        return {"name": name, "value": value, "kind": "string", "text": True}
    return {"name": name, "value": json.dumps(value, ensure_ascii=False, separators=(",", ":")),
            "kind": "json", "text": False}


def _stamp(value: str | None) -> str:
    """A stored stamp (YYYY-MM-DDTHH:MM…) as dd/mm/yyyy HH:MM, as it was written."""
    if not value:
        return ""
    return value[8:10] + "/" + value[5:7] + "/" + value[0:4] + " " + value[11:16]


def _title(item: dict, s: dict) -> str:
    return ((s["kinds"].get(item["kind"]) or item["kind"] or "") + " · "
            + (s["statuses"].get(item["status"]) or item["status"] or ""))


def _record(r: dict, s: dict) -> dict:
    return {"id": r["id"], "title": _title(r, s), "created_at": _stamp(r["created_at"]),
            "reason": r["reason"] or "",
            "fields": [field(name, value) for name, value in r["data"].items()]}


def _question(q: dict, data: dict) -> dict:
    s = data["t"]["sync"]
    asked_on = (q["asked_at"] or "")[:10]
    asked = "/".join(reversed(asked_on.split("-"))) if asked_on else ""
    shown = {name: value for name, value in q["data"].items() if name != "corrects"}
    about = q["data"].get("resident_id") or q["data"].get("id") or ""
    return {"id": q["id"], "resident_id": about,
            "title": _title(q, s),
            "asked": s["asked"].replace("{who}", q["asked_by"] or "").replace("{at}", asked),
            "question": q["question"] or "", "reason": q["reason"] or "",
            "answered": q["id"] in data["answered"],
            "fields": [field(name, value) for name, value in shown.items()]}


def view(data: dict) -> dict:
    """The screen's view model (templates ``sync``, ``attention``)."""
    t = data["t"]
    return {"t": t, "title": t["sync"]["title"] + " · " + t["app"],
            "records": [_record(r, t["sync"]) for r in data["records"]],
            "questions": [_question(q, data)
                          for q in sorted(data["questions"], key=lambda q: q["id"])]}
