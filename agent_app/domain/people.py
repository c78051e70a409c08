"""Checking a person's details by the list import's rules: clean them, say what is wrong where.

Pure functions (no database, no Flask), the one person validator: the field's ``resident``
records and forms, and the commune office's add and edit forms. The import
(``list_rows.parse_row``) reads spreadsheet cells; this reads form values, and a bad phone here
is an error beside the field rather than a value the import drops.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from .codes import GENDERS, SUPPORT_GROUPS
from .codes import RELATIONS as RELATION_LABELS
from .identifiers import check_birth, check_cccd, clean_cccd, clean_phone, phone_error
from .text import clean

RELATIONS = tuple(RELATION_LABELS)
NO_BIRTH = "cần ngày sinh, hoặc ít nhất năm sinh"


def N_(text: str) -> str:
    """Marks a message for the catalogue; ``translate`` turns it into the page's language."""
    return text
NAME_LIMIT = 120


def check_person(data: dict, today: date, translate: Callable[[str], str] = str
                 ) -> tuple[dict, dict[str, str], dict[str, str]]:
    """Return the cleaned values, the errors by field name, and the warnings (by field name)
    that do not block; messages in Vietnamese, or through ``translate`` (gettext in a view)."""
    values: dict = {}
    errors: dict[str, str] = {}
    too_long = translate(N_("dài quá %(n)s ký tự"))

    name = clean(data.get("full_name"))
    if not name:
        errors["full_name"] = translate(N_("chưa nhập"))
    elif len(name) > NAME_LIMIT:
        errors["full_name"] = too_long % {"n": NAME_LIMIT}
    elif any(char.isdigit() for char in name):
        errors["full_name"] = translate(N_("không được có chữ số"))
    values["full_name"] = name

    birth_date, birth_year = data.get("birth_date"), data.get("birth_year")
    values["birth_date"], values["birth_year"] = None, None
    if birth_date not in (None, ""):
        try:
            born = date.fromisoformat(str(birth_date))
        except ValueError:
            errors["birth_date"] = translate(N_("phải là ngày có thật dạng dd/mm/yyyy"))
        else:
            if problem := check_birth(born, None, today):
                errors["birth_date"] = problem.message(translate)
            values["birth_date"], values["birth_year"] = born.isoformat(), born.year
    elif birth_year not in (None, ""):
        try:
            year = int(birth_year)
        except (TypeError, ValueError):
            year = 0                    # not a year at all: the range check names it
        if problem := check_birth(None, year, today):
            errors["birth_year"] = problem.message(translate)
            year = None
        values["birth_year"] = year
    else:
        errors["birth_date"] = translate(N_(NO_BIRTH))

    gender = data.get("gender") or None
    if gender is not None and gender not in GENDERS:
        errors["gender"] = translate(N_("phải là Nam hoặc Nữ"))
    values["gender"] = gender

    group = data.get("support_group") or "other"
    if group not in SUPPORT_GROUPS:
        errors["support_group"] = translate(N_("phải là một trong: %(values)s")) % {
            "values": ", ".join(SUPPORT_GROUPS)}
    values["support_group"] = group

    cccd = clean_cccd(clean(data.get("cccd"))) or None
    doubts = []
    if cccd is not None:
        error, doubts = check_cccd(cccd, today, values["birth_year"], gender)
        if error:
            errors["cccd"] = error.message(translate)
    values["cccd"] = cccd

    phone = clean_phone(clean(data.get("phone"))) or None
    if phone is not None and (message := phone_error(phone)):
        errors["phone"] = translate(message)
    values["phone"] = phone

    for name_ in ("relation_to_head", "ethnicity"):
        text = clean(data.get(name_))
        if len(text) > 60:
            errors[name_] = too_long % {"n": 60}
        values[name_] = text or None

    warnings = {"cccd": "; ".join(doubt.message(translate) for doubt in doubts)} if doubts \
        else {}
    return values, errors, warnings
