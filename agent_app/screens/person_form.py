"""The add-person form's view model ("+ Thêm hộ mới", "+ Người", "Sửa"): the village, the
household joined (if any), the values, errors and warnings of a form posted without JavaScript.
``static/js/screens/person_form.js`` is the same builder for the phone;
``tests/vectors/person_form.json`` holds the two to the same output.

The data: ``village`` (id, name), ``household`` (id, head_name) or None for a new household,
``members`` (the household's people as ``store.checklist.household_members`` gives them: head
first), ``values`` (the form's fields; ``support_group`` already the village's default for a new
household), ``errors`` and ``warnings`` (by field), ``twins`` (``{"mine": [...], "elsewhere":
bool}`` or None), ``csrf_token`` and ``t``.
"""

from __future__ import annotations

from ..domain.formatting import birth


def text(value) -> str:
    """A value as a form field shows it: nothing for None."""
    return "" if value is None else str(value)


def messages(found: dict | None) -> dict:
    """Errors or warnings by field, dotted names underscored (Mustache reads dots as paths)."""
    return {name.replace(".", "_"): str(message) for name, message in (found or {}).items()}


def choices(codes: list[str], labels: dict, chosen, key: str = "selected") -> list[dict]:
    return [{"code": c, "label": labels.get(c, c), key: c == chosen} for c in codes]


def twins(found: dict | None, t: dict, spent: str = "") -> dict | None:
    """The duplicate warning's view (template ``twins``): people of the user's villages by name,
    elsewhere only that the CCCD is listed."""
    if not found and not spent:
        return None
    found = found or {"mine": [], "elsewhere": False}
    mine = [{"id": p["id"], "full_name": p["full_name"],
             "birth": birth(p["birth_date"], p["birth_year"]), "head_name": p["head_name"] or ""}
            for p in found["mine"]]
    return {"t": t, "spent": spent, "has_mine": bool(mine), "mine": mine,
            "elsewhere": bool(found["elsewhere"])}


def view(data: dict) -> dict:
    """The add-person screen's view model (template ``person_form``)."""
    t = data["t"]
    values = data["values"]
    household = data["household"]
    members = data["members"]
    village = {"id": data["village"]["id"], "name": data["village"]["name"]}
    if values.get("corrects"):
        heading = t["person_correct"]
    else:
        heading = t["person_add_to_household"] if household else t["person_add_household"]
    group = values.get("support_group") or (members[0]["support_group"] if members else "other")
    warnings = messages(data["warnings"])
    new_household = values.get("household")
    address = new_household.get("address") if isinstance(new_household, dict) else None
    return {
        "t": t, "title": t["person_title"] + " · " + t["app"], "village": village,
        "heading": heading,
        "household": ({"id": household["id"], "head_name": household["head_name"] or "",
                       "members_text": ", ".join(m["full_name"] for m in members)}
                      if household else None),
        "csrf_token": data["csrf_token"],
        "values": {
            "id": text(values.get("id")), "corrects": text(values.get("corrects")),
            "full_name": text(values.get("full_name")),
            "birth_date": text(values.get("birth_date")),
            "birth_year": "" if values.get("birth_date") else text(values.get("birth_year")),
            "cccd": text(values.get("cccd")), "phone": text(values.get("phone")),
            "address": text(address),
        },
        "genders": choices(t["orders"]["genders"], t["genders"], values.get("gender"), "checked"),
        "relations": choices(t["orders"]["relations"], t["relations"],
                             values.get("relation_to_head")),
        "groups": choices(t["orders"]["support_groups"], t["support_groups"], group),
        "errors": messages(data["errors"]), "warnings": warnings,
        "has_warnings": bool(warnings),
        "twins": twins(data["twins"], t),
    }
