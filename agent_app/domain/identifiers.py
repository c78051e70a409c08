"""Identifier and age rules from domain.md §4 and §8: the one definition every path calls (the list
import, the forms, the sync record kinds); static/js/identifiers.js mirrors the checks for the
browser, and tests/vectors/identifiers.json holds both to the same answers.

A check returns ``(error, warnings)``: an error blocks the row, form or record; a warning only
raises a doubt. Messages are Vietnamese fragments that read after the field's name ("Số CCCD …");
views translate them with gettext, and the page hands the translated set to the browser. An error
never quotes the person's data, so a rejection is safe to log.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

CCCD = re.compile(r"^\d{12}$")
BHXH_CODE = re.compile(r"^\d{10}$")
PHONE = re.compile(r"^0[35789]\d{8}$")
_CCCD_NOISE = re.compile(r"[\s.\-']")

# Digits 1–3 of a CCCD: the 63 old province codes of birth registration (Circular 07/2016/TT-BCA),
# with the provinces' names under that coding (the 2025 merger left them in the numbers); the
# declarations write the name as the birth registration place.
BIRTH_PROVINCES = {
    "001": "Thành phố Hà Nội", "002": "Tỉnh Hà Giang", "004": "Tỉnh Cao Bằng",
    "006": "Tỉnh Bắc Kạn", "008": "Tỉnh Tuyên Quang", "010": "Tỉnh Lào Cai",
    "011": "Tỉnh Điện Biên", "012": "Tỉnh Lai Châu", "014": "Tỉnh Sơn La",
    "015": "Tỉnh Yên Bái", "017": "Tỉnh Hoà Bình", "019": "Tỉnh Thái Nguyên",
    "020": "Tỉnh Lạng Sơn", "022": "Tỉnh Quảng Ninh", "024": "Tỉnh Bắc Giang",
    "025": "Tỉnh Phú Thọ", "026": "Tỉnh Vĩnh Phúc", "027": "Tỉnh Bắc Ninh",
    "030": "Tỉnh Hải Dương", "031": "Thành phố Hải Phòng", "033": "Tỉnh Hưng Yên",
    "034": "Tỉnh Thái Bình", "035": "Tỉnh Hà Nam", "036": "Tỉnh Nam Định",
    "037": "Tỉnh Ninh Bình", "038": "Tỉnh Thanh Hoá", "040": "Tỉnh Nghệ An",
    "042": "Tỉnh Hà Tĩnh", "044": "Tỉnh Quảng Bình", "045": "Tỉnh Quảng Trị",
    "046": "Tỉnh Thừa Thiên Huế", "048": "Thành phố Đà Nẵng", "049": "Tỉnh Quảng Nam",
    "051": "Tỉnh Quảng Ngãi", "052": "Tỉnh Bình Định", "054": "Tỉnh Phú Yên",
    "056": "Tỉnh Khánh Hoà", "058": "Tỉnh Ninh Thuận", "060": "Tỉnh Bình Thuận",
    "062": "Tỉnh Kon Tum", "064": "Tỉnh Gia Lai", "066": "Tỉnh Đắk Lắk",
    "067": "Tỉnh Đắk Nông", "068": "Tỉnh Lâm Đồng", "070": "Tỉnh Bình Phước",
    "072": "Tỉnh Tây Ninh", "074": "Tỉnh Bình Dương", "075": "Tỉnh Đồng Nai",
    "077": "Tỉnh Bà Rịa - Vũng Tàu", "079": "Thành phố Hồ Chí Minh", "080": "Tỉnh Long An",
    "082": "Tỉnh Tiền Giang", "083": "Tỉnh Bến Tre", "084": "Tỉnh Trà Vinh",
    "086": "Tỉnh Vĩnh Long", "087": "Tỉnh Đồng Tháp", "089": "Tỉnh An Giang",
    "091": "Tỉnh Kiên Giang", "092": "Thành phố Cần Thơ", "093": "Tỉnh Hậu Giang",
    "094": "Tỉnh Sóc Trăng", "095": "Tỉnh Bạc Liêu", "096": "Tỉnh Cà Mau",
}
PROVINCE_CODES = frozenset(BIRTH_PROVINCES)
# Digit 4: 0/1 born in the 1900s (male/female), 2/3 in the 2000s; 4 and up are later centuries.
LIVING_CENTURY_DIGITS = "0123"
EARLIEST_BIRTH_YEAR = 1900
BHXH_MIN_AGE = 15              # Law 41/2024/QH15: BHXH tự nguyện from the age of 15

# Vietnamese source text by code; %(…)s placeholders get plain values ("gender" is a label that
# is translated too).
MESSAGES = {
    "cccd_length": "phải có đúng 12 chữ số",
    "cccd_eleven": "có 11 chữ số: thiếu một chữ số (số bắt đầu bằng 0 thì ghi cả số 0 đầu)",
    "cccd_century": "có chữ số thứ 4 (thế kỷ sinh và giới tính) khác 0, 1, 2, 3",
    "cccd_future": "cho năm sinh sau năm nay (%(this_year)s)",
    "cccd_prefix": "có 3 chữ số đầu không thuộc 63 mã tỉnh nơi đăng ký khai sinh "
                   "(khai sinh ở nước ngoài?): kiểm tra lại",
    "cccd_year": "cho năm sinh %(coded)s, khác năm sinh đã nhập %(entered)s",
    "cccd_gender": "cho giới tính %(gender)s, khác giới tính đã nhập",
    "birth_date_range": "phải từ 01/01/1900 đến hôm nay",
    "birth_year_range": "phải là năm từ 1900 đến %(this_year)s",
    "bhxh_under_15": "người tham gia chưa đủ 15 tuổi vào tháng bắt đầu đóng %(month)s "
                     "(BHXH tự nguyện từ đủ 15 tuổi)",
    "bhxh_year_only_15": "chỉ có năm sinh: người tham gia tròn 15 tuổi trong năm %(year)s, "
                         "tính như sinh ngày 01/01; hỏi ngày sinh để chắc đã đủ 15 tuổi",
}
_TRANSLATED_PARAMS = ("gender",)
_GENDER_LABELS = {"male": "Nam", "female": "Nữ"}


@dataclass(frozen=True)
class Problem:
    """One broken rule: a code for machines and vectors, a message for people."""

    code: str
    params: dict = field(default_factory=dict)

    def message(self, translate: Callable[[str], str] = str) -> str:
        """The message in the page's language (``translate`` is gettext in the views)."""
        params = {k: translate(v) if k in _TRANSLATED_PARAMS else v
                  for k, v in self.params.items()}
        return translate(MESSAGES[self.code]) % params

    def __str__(self) -> str:
        return self.message()

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message()}


Check = tuple[Problem | None, list[Problem]]


def clean_cccd(value: str) -> str:
    """Spreadsheets add a leading apostrophe, spaces or dots; keep the digits' order."""
    return _CCCD_NOISE.sub("", value or "")


def cccd_from_cell(value: object, text: str) -> str:
    """A list's CCCD cell as typed. Excel keeps an unformatted CCCD as a number and drops its
    leading zeros (one, or two for provinces 001–008), so only a numeric cell gets them back;
    text (a text cell, CSV, a form) is taken as written, and 11 digits there are an error."""
    digits = clean_cccd(text)
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    if numeric and digits.isdigit() and len(digits) in (10, 11):
        return digits.zfill(12)
    return digits


def clean_phone(value: str) -> str:
    """Drop separators; +84 and 84 prefixes become the domestic 0."""
    digits = re.sub(r"[\s.\-()]", "", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


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
    if not CCCD.match(value) or value[3] not in LIVING_CENTURY_DIGITS:
        return None
    code = int(value[3])
    gender = "male" if code % 2 == 0 else "female"
    return 1900 + 100 * (code // 2) + int(value[4:6]), gender


def check_cccd(value: str, today: date, birth_year: int | None = None,
               gender: str | None = None) -> Check:
    """A cleaned CCCD: wrong length, a century no living person has, or a birth year after this
    year is an error; an unknown province prefix, or a year or gender other than the entered
    ones, a warning."""
    if len(value) == 11 and value.isdigit():
        return Problem("cccd_eleven"), []
    if not CCCD.match(value):
        return Problem("cccd_length"), []
    if value[3] not in LIVING_CENTURY_DIGITS:
        return Problem("cccd_century"), []
    coded_year, coded_gender = cccd_birth(value)
    if coded_year > today.year:
        return Problem("cccd_future", {"this_year": str(today.year)}), []
    warnings = []
    if value[:3] not in PROVINCE_CODES:
        warnings.append(Problem("cccd_prefix"))
    if birth_year is not None and birth_year != coded_year:
        warnings.append(Problem("cccd_year", {"coded": str(coded_year),
                                              "entered": str(birth_year)}))
    if gender in _GENDER_LABELS and gender != coded_gender:
        warnings.append(Problem("cccd_gender", {"gender": _GENDER_LABELS[coded_gender]}))
    return None, warnings


def check_birth(born: date | None, year: int | None, today: date) -> Problem | None:
    """A birth date from 1/1/1900 to today; a birth year alone from 1900 to this year."""
    if born is not None:
        if not date(EARLIEST_BIRTH_YEAR, 1, 1) <= born <= today:
            return Problem("birth_date_range")
    elif year is not None and not EARLIEST_BIRTH_YEAR <= year <= today.year:
        return Problem("birth_year_range", {"this_year": str(today.year)})
    return None


def check_bhxh_age(born: date | None, year: int | None, start: date) -> Check:
    """BHXH tự nguyện needs the age of 15 on the first day of the start month. With only a birth
    year the person counts as born on 1 January, so nobody who may be old enough is refused (the
    money is often in the agent's hand); one who turns 15 in the start year gets a warning."""
    first = (start.year, start.month, 1)
    month = {"month": f"{start.month:02d}/{start.year}"}
    if born is not None:
        if (born.year + BHXH_MIN_AGE, born.month, born.day) > first:
            return Problem("bhxh_under_15", month), []
        return None, []
    if year is None:
        return None, []
    if year + BHXH_MIN_AGE > start.year:
        return Problem("bhxh_under_15", month), []
    if year + BHXH_MIN_AGE == start.year:
        return None, [Problem("bhxh_year_only_15", {"year": str(start.year)})]
    return None, []


def page_data(translate: Callable[[str], str] = str) -> dict:
    """What identifiers.js needs: the province codes and the messages in the page's language."""
    return {"province_codes": sorted(PROVINCE_CODES),
            "messages": {code: translate(text) for code, text in MESSAGES.items()},
            "genders": {code: translate(label) for code, label in _GENDER_LABELS.items()}}


def make_cccd(province: str, birth_year: int, gender: str, serial: int) -> str:
    """Build a CCCD consistent with birth year and gender (for demo and test data)."""
    century_code = (birth_year // 100 - 19) * 2 + (0 if gender == "male" else 1)
    return f"{province:0>3}{century_code}{birth_year % 100:02d}{serial % 1_000_000:06d}"


def birth_province(cccd: str | None) -> str | None:
    """The province where the birth was registered, by a CCCD's first three digits, or None."""
    return BIRTH_PROVINCES.get(cccd[:3]) if cccd and CCCD.match(cccd) else None
