"""The columns of a commune list and how each cell becomes a clean value.

Pure functions, no database: the importer (`imports.py`) decides what to do with a parsed row.
Headings match regardless of case, accents, spacing and notes in brackets, so "Họ và tên",
"HO VA TEN", "Họ tên" and "Họ và tên (*)" are one column.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from openpyxl.utils.datetime import from_excel

from ..declarations.profile import profiles as declaration_profiles
from ..domain import clock, identifiers
from ..domain.text import clean, search_key


@dataclass(frozen=True)
class ListField:
    """A field the importer reads: its heading in the template, the other headings that name it,
    and the template's note on how to fill it in (spreadsheets.template writes both)."""

    field: str
    heading: str                       # as the template writes it
    synonyms: tuple[str, ...] = ()
    note: str = ""


COLUMNS = (
    ListField("full_name", "Họ và tên",
              ("Họ tên", "Tên", "Họ và tên người tham gia", "Họ tên người tham gia"),
              "Bắt buộc."),
    ListField("birth", "Ngày sinh",
              ("Ngày tháng năm sinh", "Ngày, tháng, năm sinh", "Ngày/tháng/năm sinh", "Năm sinh",
               "Sinh ngày", "NTNS"),
              "dd/mm/yyyy (15/03/1985, 5/3/1985) hoặc chỉ năm (1985)."),
    ListField("gender", "Giới tính", ("Giới", "Phái", "Nam/Nữ"), "Nam hoặc Nữ."),
    ListField("cccd", "Số CCCD",
              ("CCCD", "Số căn cước", "Căn cước", "Số căn cước công dân", "Căn cước công dân",
               "Số định danh", "Số định danh cá nhân", "Mã định danh", "Số CMND/CCCD", "CMND/CCCD",
               "Số CMND/Hộ chiếu/Thẻ căn cước", "Số CMND", "CMND"),
              "12 chữ số; dấu nháy ', dấu chấm, khoảng trắng được bỏ qua."),
    ListField("bhxh_code", "Mã số BHXH",
              ("Mã BHXH", "Số sổ BHXH", "Mã số bảo hiểm xã hội", "Mã số BH"), "10 chữ số."),
    ListField("phone", "Số điện thoại",
              ("Điện thoại", "SĐT", "Số ĐT", "ĐT", "Di động", "Số di động"),
              "10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09."),
    ListField("village", "Thôn",
              ("Ấp", "Bản", "Buôn", "Tổ dân phố", "Thôn/Ấp", "Thôn, ấp", "Thôn/Ấp/Bản",
               "Thôn/Tổ dân phố", "Tên thôn", "Khu phố", "Thôn, ấp, bản"),
              "Bắt buộc. Tên thôn, ấp như trong danh sách; thôn mới được tạo khi gặp lần đầu."),
    ListField("household_code", "Mã hộ gia đình",
              ("Mã hộ", "Mã HGĐ", "Mã số hộ gia đình", "Mã hộ GĐ"), "Mã do BHXH cấp."),
    ListField("head_name", "Chủ hộ", ("Họ tên chủ hộ", "Họ và tên chủ hộ", "Tên chủ hộ"),
              "Họ và tên chủ hộ; dùng để gom người cùng hộ khi không có mã hộ."),
    ListField("relation_to_head", "Quan hệ với chủ hộ",
              ("Quan hệ", "Quan hệ chủ hộ", "QH với chủ hộ", "Mối quan hệ với chủ hộ"),
              "Chủ hộ, Vợ, Chồng, Con, Cha, Mẹ…"),
    ListField("address", "Địa chỉ",
              ("Địa chỉ liên hệ", "Nơi cư trú", "Địa chỉ thường trú", "Nơi ở"), ""),
    ListField("ethnicity", "Dân tộc", (), "Kinh, Khmer, Hoa…"),
    ListField("support_group", "Đối tượng",
              ("Nhóm đối tượng", "Đối tượng hỗ trợ", "Diện hộ", "Loại hộ"),
              "Hộ nghèo, Hộ cận nghèo, Dân tộc thiểu số hoặc Khác."),
    ListField("bhyt_status", "Tình trạng BHYT",
              ("Trạng thái BHYT", "Tình trạng thẻ BHYT", "Thẻ BHYT"),
              "Còn hạn, Hết hạn hoặc Chưa có; để trống thì suy ra từ hạn thẻ."),
    ListField("bhyt_expiry", "Hạn thẻ BHYT",
              ("Hạn thẻ", "Hạn BHYT", "Hạn sử dụng thẻ BHYT", "Thời hạn thẻ BHYT",
               "Ngày hết hạn thẻ BHYT", "Thẻ BHYT có giá trị đến", "Giá trị sử dụng đến"),
              "dd/mm/yyyy."),
)
# Recognised but not in the template: columns some office exports carry.
EXTRA_COLUMNS = (
    ListField("year_only", "Chỉ có năm sinh", ("Chỉ năm sinh",), "Có/Không."),
    ListField("bhxh_status", "Tình trạng BHXH", ("Trạng thái BHXH",),
              "Đang đóng, Dừng đóng hoặc Chưa tham gia."),
)
IGNORED_HEADINGS = ("STT", "TT", "Số TT", "Số thứ tự")
TEXT_COLUMNS = {"Số CCCD", "Mã số BHXH", "Số điện thoại", "Mã hộ gia đình"}

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def heading_key(heading: object) -> str:
    """"Họ và tên (*)" -> "hovaten": no case, accents, spaces, punctuation or bracketed notes."""
    return _NOT_ALNUM.sub("", search_key(_BRACKETS.sub("", clean(heading))))


# The declaration profiles' headings and field codes are list headings too, so an office can hand
# back a vendor's export (or the vendor software's own) as a list; the app's own names win.
PROFILE_FIELDS = {"full_name": "full_name", "birth": "birth", "birth_full": "birth",
                  "birth_kind": "year_only", "gender": "gender", "cccd": "cccd",
                  "bhxh_code": "bhxh_code", "phone": "phone", "household_code": "household_code",
                  "address": "address", "ethnicity": "ethnicity"}


def _profile_keys() -> dict[str, str]:
    return {heading_key(text): PROFILE_FIELDS[column.source]
            for profile in declaration_profiles().values() for layout in profile.sheets
            for column in layout.columns if column.source in PROFILE_FIELDS
            for text in (column.heading, column.code) if text}


_FIELD_BY_KEY = {**_profile_keys(),
                 **{heading_key(name): column.field for column in COLUMNS + EXTRA_COLUMNS
                    for name in (column.heading, *column.synonyms)}}
_IGNORED_KEYS = {heading_key(name) for name in IGNORED_HEADINGS}
LABELS = {column.field: column.heading for column in COLUMNS + EXTRA_COLUMNS}


@functools.cache
def _profile_layouts() -> dict[tuple[str, ...], tuple[str, int]]:
    """Each profile sheet's heading keys in order -> (its title, its first data row)."""
    return {tuple(heading_key(column.heading) for column in layout.columns):
            (layout.title, layout.data_row)
            for profile in declaration_profiles().values() for layout in profile.sheets}


def profile_layout(cells: tuple) -> tuple[str, int] | None:
    """(sheet title, first data row) when a heading row is a declaration profile sheet's, every
    heading in order: the rows between (field codes, group titles) are not people."""
    keys = [heading_key(cell) for cell in cells]
    while keys and not keys[-1]:
        keys.pop()
    return _profile_layouts().get(tuple(keys))


def field_for(heading: object) -> str | None:
    """The field a heading names, "" for a heading we ignore on purpose, None if unknown."""
    key = heading_key(heading)
    if key in _IGNORED_KEYS:
        return ""
    return _FIELD_BY_KEY.get(key)


@dataclass
class ParsedRow:
    """One spreadsheet row: resident values, where they live, and what was wrong (by field)."""

    person: dict = field(default_factory=dict)
    village: str = ""
    household: dict = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)


_COLUMN_NUMBER = re.compile(r"^\(?([0-9]{1,2}|[A-Za-z])\)?$")


def is_column_numbers(cells: tuple) -> bool:
    """Official forms put a row of column numbers under the headings: "(1) (2) (3)" or "A B 1"."""
    filled = False
    for cell in cells:
        text = cell_text(cell) if isinstance(cell, float) else str(cell or "").strip()
        if text:
            if not _COLUMN_NUMBER.match(text):
                return False
            filled = True
    return filled


def cell_text(value: object) -> str:
    """Any cell as clean text: integral numbers lose their ".0", text is NFC and trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return clean(value)


_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_YEAR = re.compile(r"^\d{4}$")
_DATE_HINT = "ghi dd/mm/yyyy hoặc chỉ năm yyyy"


def parse_date(value: object, *, year_allowed: bool = True) -> tuple[str | None, int | None]:
    """A date cell as (YYYY-MM-DD or None, year). Accepts real Excel dates, dd/mm/yyyy,
    d/m/yyyy, yyyy-mm-dd and (when allowed) a year alone. Raises ValueError with a message."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat(), value.year
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value == int(value) and 1900 <= value <= 2100:
            if year_allowed:
                return None, int(value)
        elif 2100 < value < 2_958_466:      # a date serial (after 1905), cell not formatted
            day = from_excel(value).date()
            return day.isoformat(), day.year
    text = cell_text(value)
    if year_allowed and _YEAR.match(text):
        return None, int(text)
    match = _DMY.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
    elif match := _YMD.match(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        hint = _DATE_HINT if year_allowed else "ghi dd/mm/yyyy"
        raise ValueError(f"không đọc được ngày “{text}” ({hint})")
    try:
        parsed = date(year, month, day)
    except ValueError:
        raise ValueError(f"ngày “{text}” không có thật") from None
    return parsed.isoformat(), parsed.year


def _birth(value: object, year_only: bool) -> tuple[str | None, int]:
    birth_date, year = parse_date(value)
    born = date.fromisoformat(birth_date) if birth_date else None
    if problem := identifiers.check_birth(born, year, clock.today()):
        what = "ngày sinh" if born else "năm sinh"
        raise ValueError(f"{what} “{cell_text(value)}” {problem}")
    return (None if year_only else birth_date), year


# 1 Nam, 0 Nữ: the code the BHXH declaration software writes (GioiTinh).
_GENDERS = {"nam": "male", "male": "male", "m": "male", "nu": "female", "female": "female",
            "f": "female", "1": "male", "0": "female"}
# "2": the software's ChiCoNamSinh for a year alone (1 is month and year, kept as a year here).
_YES = {"co", "x", "1", "2", "yes", "true", "dung"}


def _pad(digits: str, length: int) -> str:
    """Excel stores an unformatted mã số BHXH or phone as a number and drops its leading zero
    (a CCCD has its own rule: identifiers.cccd_from_cell)."""
    return "0" + digits if digits.isdigit() and len(digits) == length - 1 else digits


def _support_group(key: str) -> str | None:
    if "xa dao" in key or "dac khu" in key or key in ("dao", "island"):
        return "island"
    if "can ngheo" in key or key in ("hcn", "cn", "near_poor"):
        return "near_poor"
    if "ngheo" in key or key in ("hn", "poor"):
        return "poor"
    if "dan toc" in key or key in ("dtts", "ethnic_minority"):
        return "ethnic_minority"
    if key in ("khac", "doi tuong khac", "binh thuong", "khong", "other"):
        return "other"
    return None


_BHYT = {
    "valid": ("con han", "co the", "dang co the", "con hieu luc", "dang tham gia", "valid"),
    "expired": ("het han", "qua han", "da het han", "expired"),
    "none": ("chua co", "chua co the", "chua tham gia", "khong", "khong co", "none"),
}
_BHXH = {
    "active": ("dang dong", "dang tham gia", "active"),
    "stopped": ("dung dong", "ngung dong", "tam dung", "da dung", "stopped"),
    "none": ("chua tham gia", "chua co", "khong", "none"),
}


def _status(key: str, table: dict[str, tuple[str, ...]]) -> str | None:
    return next((code for code, names in table.items() if key in names), None)


def parse_row(cells: dict[str, object]) -> ParsedRow:
    """Clean one row's cells (keyed by field). Errors skip the row; warnings drop a value or
    flag a doubt but keep the row."""
    parsed = ParsedRow()
    text = {name: cell_text(value) for name, value in cells.items()}
    person = parsed.person

    person["full_name"] = text.get("full_name", "")
    if not person["full_name"]:
        parsed.errors.append(("full_name", "thiếu họ và tên"))
    elif any(char.isdigit() for char in person["full_name"]):
        parsed.errors.append(("full_name", f"họ và tên “{person['full_name']}” có chữ số"))
    parsed.village = text.get("village", "")
    if not parsed.village and "village" in cells:
        parsed.errors.append(("village", "thiếu tên thôn, ấp"))

    if text.get("birth"):
        try:
            year_only = search_key(text.get("year_only", "")) in _YES
            person["birth_date"], person["birth_year"] = _birth(cells["birth"], year_only)
        except ValueError as error:
            parsed.errors.append(("birth", str(error)))

    if text.get("gender"):
        gender = _GENDERS.get(search_key(text["gender"]))
        if gender:
            person["gender"] = gender
        else:
            parsed.errors.append(("gender", f"giới tính “{text['gender']}” phải là Nam hoặc Nữ"))

    _identifiers(cells, text, parsed)
    _statuses(cells, text, parsed)
    for name in ("ethnicity", "relation_to_head"):
        if text.get(name):
            person[name] = text[name]
    parsed.household = {"household_code": text.get("household_code") or None,
                        "head_name": text.get("head_name") or None,
                        "address": text.get("address") or None}
    return parsed


def _identifiers(cells: dict[str, object], text: dict[str, str], parsed: ParsedRow) -> None:
    person = parsed.person
    if text.get("cccd"):
        cccd = identifiers.cccd_from_cell(cells["cccd"], text["cccd"])
        error, doubts = identifiers.check_cccd(cccd, clock.today(), person.get("birth_year"),
                                               person.get("gender"))
        if cccd.isdigit() and len(cccd) == 9:
            parsed.warnings.append(("cccd", "số CMND cũ (9 chữ số), không lưu vào ô CCCD"))
        elif error:
            parsed.errors.append(("cccd", f"số CCCD {error}"))
        else:
            person["cccd"] = cccd
            parsed.warnings.extend(("cccd", f"số CCCD {doubt}") for doubt in doubts)
    if text.get("bhxh_code"):
        code = _pad(re.sub(r"[\s.'\-]", "", text["bhxh_code"]), 10)
        if error := identifiers.bhxh_code_error(code):
            parsed.errors.append(("bhxh_code", f"mã số BHXH {error}"))
        else:
            person["bhxh_code"] = code
    if text.get("phone"):
        phone = identifiers.clean_phone(text["phone"].lstrip("'"))
        phone = _pad(phone, 10) if phone[:1] in "35789" else phone
        if error := identifiers.phone_error(phone):
            parsed.warnings.append(("phone", f"số điện thoại {error}; bỏ qua số này"))
        else:
            person["phone"] = phone


def _statuses(cells: dict[str, object], text: dict[str, str], parsed: ParsedRow) -> None:
    person = parsed.person
    for name, read, what in (("support_group", _support_group, "đối tượng"),
                             ("bhxh_status", lambda key: _status(key, _BHXH), "tình trạng"),
                             ("bhyt_status", lambda key: _status(key, _BHYT), "tình trạng")):
        if text.get(name):
            code = read(search_key(text[name]))
            if code:
                person[name] = code
            else:
                parsed.warnings.append((name, f"không rõ {what} “{text[name]}”; bỏ qua"))
    if text.get("bhyt_expiry"):
        try:
            person["bhyt_expiry"] = parse_date(cells["bhyt_expiry"], year_allowed=False)[0]
        except ValueError as error:
            parsed.warnings.append(("bhyt_expiry", f"{error}; bỏ qua hạn thẻ"))
    if "bhyt_status" not in person and person.get("bhyt_expiry"):
        expired = person["bhyt_expiry"] < clock.today().isoformat()
        person["bhyt_status"] = "expired" if expired else "valid"
