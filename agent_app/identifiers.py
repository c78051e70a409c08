"""Identifier rules from domain.md §4. Each check returns an error message or None."""

from __future__ import annotations

import re

CCCD = re.compile(r"^\d{12}$")
BHXH_CODE = re.compile(r"^\d{10}$")
PHONE = re.compile(r"^0[35789]\d{8}$")
_CCCD_NOISE = re.compile(r"[\s.\-']")


def clean_cccd(value: str) -> str:
    """Spreadsheets add a leading apostrophe, spaces or dots; keep the digits' order."""
    return _CCCD_NOISE.sub("", value or "")


def clean_phone(value: str) -> str:
    """Drop separators; +84 and 84 prefixes become the domestic 0."""
    digits = re.sub(r"[\s.\-()]", "", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def cccd_error(value: str) -> str | None:
    if not CCCD.match(value):
        return "phải có đúng 12 chữ số"
    return None


def bhxh_code_error(value: str) -> str | None:
    if not BHXH_CODE.match(value):
        return "phải có đúng 10 chữ số"
    return None


def phone_error(value: str) -> str | None:
    if not PHONE.match(value):
        return "phải có 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09"
    return None


def cccd_birth(value: str) -> tuple[int, str] | None:
    """Birth year and gender encoded in a CCCD (digit 4: century and gender, 5–6: year)."""
    if not CCCD.match(value):
        return None
    code = int(value[3])
    if code > 5:
        return None
    century = 1900 + 100 * (code // 2)
    gender = "male" if code % 2 == 0 else "female"
    return century + int(value[4:6]), gender


def cccd_warnings(value: str, birth_year: int | None, gender: str | None) -> list[str]:
    """A CCCD that disagrees with the entered birth year or gender is a warning, not a block."""
    decoded = cccd_birth(value)
    if decoded is None:
        return []
    year, coded_gender = decoded
    warnings = []
    if birth_year is not None and birth_year != year:
        warnings.append(f"Số CCCD cho năm sinh {year}, khác năm sinh đã nhập {birth_year}")
    if gender is not None and gender != coded_gender:
        label = "Nam" if coded_gender == "male" else "Nữ"
        warnings.append(f"Số CCCD cho giới tính {label}, khác giới tính đã nhập")
    return warnings


def make_cccd(province: str, birth_year: int, gender: str, serial: int) -> str:
    """Build a CCCD consistent with birth year and gender (for demo and test data)."""
    century_code = (birth_year // 100 - 19) * 2 + (0 if gender == "male" else 1)
    return f"{province:0>3}{century_code}{birth_year % 100:02d}{serial % 1_000_000:06d}"
