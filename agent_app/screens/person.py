"""A person's header (template ``person_header``), the same on their card and on every form about
them. ``static/js/screens/person.js`` is the same builder for the phone.

The data: a resident with ``id``, ``full_name``, ``birth_date``, ``birth_year``,
``relation_to_head``, ``head_name`` and ``phone``; ``t`` (``texts.texts()``).
"""

from __future__ import annotations

from ..domain import formatting


def birth(person: dict) -> str:
    """The full birth date when known, else the year alone ("chỉ có năm sinh")."""
    return formatting.birth(person.get("birth_date"), person.get("birth_year"))


def relation(value: str | None, t: dict) -> str:
    """A relationship to the household head in the page's language; other text as it is."""
    return t["relations"].get(value, value or "") if value else ""


def header(person: dict, t: dict, card_link: bool = True) -> dict:
    """The header's view model; ``card_link`` adds the way to the person's card."""
    return {"id": person["id"], "name": person["full_name"], "birth": birth(person),
            "relation": relation(person.get("relation_to_head"), t),
            "head": person.get("head_name") or "", "phone": person.get("phone") or "",
            "card_url": "/residents/" + person["id"] if card_link else None}
