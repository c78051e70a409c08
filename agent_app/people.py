"""Checking a person's details by the list import's rules: clean them, say what is wrong where.

Pure functions (no database, no Flask), shared by the field's ``resident`` records and forms.
The import (``list_rows.parse_row``) reads spreadsheet cells; this reads form values, and a
bad phone here is an error beside the field rather than a value the import drops.
"""

from __future__ import annotations

from datetime import date

from .codes import GENDERS, SUPPORT_GROUPS
from .identifiers import (
    check_birth,
    check_cccd,
    clean_cccd,
    clean_phone,
    phone_error,
)
from .text import clean

RELATIONS = ("Chủ hộ", "Vợ", "Chồng", "Con", "Cha", "Mẹ", "Cháu", "Anh", "Chị", "Em", "Khác")
NAME_LIMIT = 120


def check_person(data: dict, today: date) -> tuple[dict, dict[str, str], dict[str, str]]:
    """Return the cleaned values, the errors by field name, and the warnings (by field name)
    that do not block."""
    values: dict = {}
    errors: dict[str, str] = {}

    name = clean(data.get("full_name"))
    if not name:
        errors["full_name"] = "chưa nhập họ và tên"
    elif len(name) > NAME_LIMIT:
        errors["full_name"] = f"dài quá {NAME_LIMIT} ký tự"
    elif any(char.isdigit() for char in name):
        errors["full_name"] = "họ và tên không được có chữ số"
    values["full_name"] = name

    birth_date, birth_year = data.get("birth_date"), data.get("birth_year")
    values["birth_date"], values["birth_year"] = None, None
    if birth_date not in (None, ""):
        try:
            born = date.fromisoformat(str(birth_date))
        except ValueError:
            errors["birth_date"] = "phải là ngày có thật dạng dd/mm/yyyy"
        else:
            if problem := check_birth(born, None, today):
                errors["birth_date"] = str(problem)
            values["birth_date"], values["birth_year"] = born.isoformat(), born.year
    elif birth_year not in (None, ""):
        try:
            year = int(birth_year)
        except (TypeError, ValueError):
            year = 0                    # not a year at all: the range check names it
        if problem := check_birth(None, year, today):
            errors["birth_year"] = str(problem)
            year = None
        values["birth_year"] = year
    else:
        errors["birth_date"] = "cần ngày sinh, hoặc ít nhất năm sinh"

    gender = data.get("gender") or None
    if gender is not None and gender not in GENDERS:
        errors["gender"] = "phải là Nam hoặc Nữ"
    values["gender"] = gender

    group = data.get("support_group") or "other"
    if group not in SUPPORT_GROUPS:
        errors["support_group"] = "phải là một trong: " + ", ".join(SUPPORT_GROUPS)
    values["support_group"] = group

    cccd = clean_cccd(clean(data.get("cccd"))) or None
    doubts = []
    if cccd is not None:
        error, doubts = check_cccd(cccd, today, values["birth_year"], gender)
        if error:
            errors["cccd"] = str(error)
    values["cccd"] = cccd

    phone = clean_phone(clean(data.get("phone"))) or None
    if phone is not None and (message := phone_error(phone)):
        errors["phone"] = message
    values["phone"] = phone

    for name_ in ("relation_to_head", "ethnicity"):
        text = clean(data.get(name_))
        if len(text) > 60:
            errors[name_] = "dài quá 60 ký tự"
        values[name_] = text or None

    warnings = {"cccd": "; ".join(map(str, doubts))} if doubts else {}
    return values, errors, warnings
