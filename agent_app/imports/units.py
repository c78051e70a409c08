"""Loading provinces and communes from a CSV: administrative units are data that keeps changing.

The CSV has the columns of the national list (province_code, province_name, province_type,
commune_code, commune_name, commune_type); loading is all-or-nothing and can be repeated.
"""

from __future__ import annotations

import csv
import io
import re

from sqlite_utils import Database

from ..domain.text import clean
from ..store import places as place_store
from ..store import transaction

UNIT_COLUMNS = ("province_code", "province_name", "province_type", "commune_code",
                "commune_name", "commune_type")


class UnitsRefused(ValueError):
    """The file was not loaded; the message lists every problem with its line."""


def load_units(db: Database, text: str) -> dict[str, int]:
    """Upsert every province and commune; returns how many of each the file holds."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    missing = [name for name in UNIT_COLUMNS if name not in (reader.fieldnames or [])]
    if missing:
        raise UnitsRefused("Thiếu cột: " + ", ".join(missing))
    provinces: dict[str, str] = {}
    communes: list[tuple[str, str, str, str]] = []
    problems = []
    for line, record in enumerate(reader, start=2):
        values = {name: clean(record.get(name)) for name in UNIT_COLUMNS}
        if not re.fullmatch(r"\d{2}", values["province_code"]):
            problems.append(f"dòng {line}: mã tỉnh phải có 2 chữ số")
        elif not re.fullmatch(r"\d{5}", values["commune_code"]):
            problems.append(f"dòng {line}: mã xã phải có 5 chữ số")
        elif not values["province_name"] or not values["commune_name"]:
            problems.append(f"dòng {line}: thiếu tên tỉnh hoặc tên xã")
        else:
            provinces[values["province_code"]] = values["province_name"]
            communes.append((values["commune_code"], values["province_code"],
                             _commune_name(values["commune_type"], values["commune_name"]),
                             values["commune_type"] or None))
    if problems:
        raise UnitsRefused("; ".join(problems))
    with transaction(db):
        for code, name in provinces.items():
            place_store.upsert_province(db, code, name)
        for code, province_code, name, kind in communes:
            place_store.upsert_commune(db, code, province_code, name, kind=kind)
    return {"provinces": len(provinces), "communes": len(communes)}


def _commune_name(kind: str, name: str) -> str:
    """"Xã" + "Hồng Dân" -> "Xã Hồng Dân", as the lists write it."""
    if not kind or name.lower().startswith(kind.lower()):
        return name
    return f"{kind} {name}"
