"""Reading the profile files: each ``profiles/<id>.toml`` is checked whole when it is loaded, so a
typing mistake in a new vendor's file names its file, sheet and column instead of writing a
wrong workbook."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from importlib import resources
from string import Formatter

from .facts import SCHEMES, SOURCES

KINDS = ("text", "int", "money", "percent", "date")
DEFAULT_PROFILE = "official"        # before a commune chooses: BHXH's own forms
PLACES = ("commune", "province", "period")     # what a title cell may name: {commune} …
_CELL = re.compile(r"^([A-Z]{1,3})([1-9][0-9]*)$")
SHEET_TITLE_LIMIT = 31                          # Excel's limit on a sheet name


class ProfileError(ValueError):
    """A profile file that cannot be used: the message names the file and the place in it."""


@dataclass(frozen=True)
class ProfileColumn:
    """Where a fact goes in a vendor's sheet and in which of its vocabularies; workbook.py turns
    it into the one spreadsheet ``Column`` that writes it."""

    heading: str
    source: str                                 # a name in facts.SOURCES
    code: str = ""                              # the field code in the code row, if any
    vocabulary: str = ""                        # the profile's vocabulary for the value
    kind: str = "text"
    required: bool = False                      # the row is listed as incomplete without it
    width: int = 14


@dataclass(frozen=True)
class Layout:
    """One sheet: where its headings, field codes and data go, and its columns in order."""

    scheme: str
    title: str
    heading_row: int
    data_row: int
    columns: tuple[ProfileColumn, ...]
    code_row: int | None = None
    cells: tuple[tuple[int, int, str], ...] = ()   # (row, column, text) of the title block


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    description: str
    source: str
    checked_on: date
    confirmed: bool
    lacks: tuple[str, ...]
    vocabularies: dict
    sheets: tuple[Layout, ...]

    def sheet_for(self, scheme: str) -> Layout | None:
        return next((sheet for sheet in self.sheets if sheet.scheme == scheme), None)


def column_index(letters: str) -> int:
    """"A" -> 0, "AD" -> 29."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _text(table: dict, key: str, where: str, required: bool = True) -> str:
    value = table.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ProfileError(f"{where}: “{key}” phải là một chuỗi chữ")
    return value


def _row(table: dict, key: str, where: str) -> int:
    value = table.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ProfileError(f"{where}: “{key}” phải là số dòng từ 1 trở lên")
    return value


def _column(table: dict, where: str, vocabularies: dict) -> ProfileColumn:
    source = _text(table, "source", where)
    if source not in SOURCES:
        raise ProfileError(f"{where}: nguồn “{source}” không có; chọn một trong: "
                           + ", ".join(SOURCES))
    vocabulary = _text(table, "vocabulary", where, required=False)
    if vocabulary and vocabulary not in vocabularies:
        raise ProfileError(f"{where}: không có bảng mã “{vocabulary}” trong [vocabularies]")
    kind = table.get("kind") or ("text" if vocabulary else SOURCES[source])
    if kind not in KINDS:
        raise ProfileError(f"{where}: kiểu “{kind}” không có; chọn một trong: "
                           + ", ".join(KINDS))
    unknown = set(table) - {"heading", "source", "code", "vocabulary", "kind", "required",
                            "width"}
    if unknown:
        raise ProfileError(f"{where}: khoá lạ {', '.join(sorted(unknown))}")
    width = table.get("width", 14)
    if not isinstance(width, int) or isinstance(width, bool) or not 1 <= width <= 255:
        raise ProfileError(f"{where}: “width” phải là số từ 1 đến 255")
    return ProfileColumn(heading=_text(table, "heading", where), source=source,
                         code=_text(table, "code", where, required=False),
                         vocabulary=vocabulary, kind=kind,
                         required=table.get("required") is True, width=width)


def _cells(entries: list, where: str, layout_rows: set[int], data_row: int,
           width: int) -> tuple:
    found = []
    for index, entry in enumerate(entries):
        place = f"{where}.cells[{index}]"
        match = _CELL.match(_text(entry, "at", place))
        if not match:
            raise ProfileError(f"{place}: “at” phải là một ô như A2 hoặc AD2")
        row, column = int(match.group(2)), column_index(match.group(1))
        if row >= data_row or row in layout_rows or column >= width:
            raise ProfileError(f"{place}: ô {entry['at']} trùng dòng tiêu đề hoặc dòng dữ liệu,"
                               " hoặc nằm ngoài các cột")
        text = _text(entry, "text", place)
        try:
            unknown = {name for _, name, _, _ in Formatter().parse(text) if name} - set(PLACES)
        except ValueError:
            unknown = {"{"}
        if unknown:
            raise ProfileError(f"{place}: chỉ dùng được {', '.join('{' + p + '}' for p in PLACES)}")
        found.append((row, column, text))
    return tuple(found)


def _layout(table: dict, where: str, vocabularies: dict) -> Layout:
    scheme = _text(table, "scheme", where)
    if scheme not in SCHEMES:
        raise ProfileError(f"{where}: chế độ “{scheme}” không có; chọn một trong: "
                           + ", ".join(SCHEMES))
    title = _text(table, "title", where)
    if len(title) > SHEET_TITLE_LIMIT:
        raise ProfileError(f"{where}: tên sheet dài quá {SHEET_TITLE_LIMIT} ký tự")
    heading_row, data_row = _row(table, "heading_row", where), _row(table, "data_row", where)
    code_row = _row(table, "code_row", where) if "code_row" in table else None
    header_rows = {heading_row} | ({code_row} if code_row else set())
    if code_row == heading_row or data_row <= max(header_rows):
        raise ProfileError(f"{where}: dòng dữ liệu phải nằm dưới dòng tiêu đề và dòng mã")
    entries = table.get("columns")
    if not isinstance(entries, list) or not entries:
        raise ProfileError(f"{where}: chưa có cột nào (columns)")
    columns = tuple(_column(entry, f"{where}.columns[{index}] “{entry.get('heading', '')}”",
                            vocabularies) for index, entry in enumerate(entries))
    if code_row and not any(column.code for column in columns):
        raise ProfileError(f"{where}: có code_row mà không cột nào có “code”")
    return Layout(scheme, title, heading_row, data_row, columns, code_row,
                  _cells(table.get("cells", []), where, header_rows, data_row, len(columns)))


def _vocabularies(table: object, where: str) -> dict:
    if not isinstance(table, dict):
        raise ProfileError(f"{where}: [vocabularies] phải là các bảng mã")
    for name, entries in table.items():
        if not isinstance(entries, dict) or not all(
                isinstance(value, str | int | float) and not isinstance(value, bool)
                for value in entries.values()):
            raise ProfileError(f"{where}: bảng mã “{name}” phải ghi giá trị = chữ hoặc số")
    return table


def parse(text: str, name: str) -> Profile:
    """A profile from the text of ``<name>.toml``; ProfileError says what is wrong and where."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(f"{name}.toml: {error}") from None
    where = f"{name}.toml"
    if data.get("id") != name:
        raise ProfileError(f"{where}: “id” phải bằng tên tệp ({name})")
    if not isinstance(data.get("checked_on"), date):
        raise ProfileError(f"{where}: “checked_on” phải là ngày dạng 2026-11-28")
    vocabularies = _vocabularies(data.get("vocabularies", {}), where)
    sheets = data.get("sheets")
    if not isinstance(sheets, list) or not sheets:
        raise ProfileError(f"{where}: chưa có sheet nào ([[sheets]])")
    layouts = tuple(_layout(sheet, f"{where} sheets[{index}]", vocabularies)
                    for index, sheet in enumerate(sheets))
    if len({layout.scheme for layout in layouts}) != len(layouts):
        raise ProfileError(f"{where}: mỗi chế độ chỉ một sheet")
    lacks = data.get("lacks", [])
    if not isinstance(lacks, list) or not all(isinstance(item, str) for item in lacks):
        raise ProfileError(f"{where}: “lacks” phải là danh sách chuỗi chữ")
    return Profile(id=name, name=_text(data, "name", where),
                   description=_text(data, "description", where),
                   source=_text(data, "source", where), checked_on=data["checked_on"],
                   confirmed=data.get("confirmed") is True, lacks=tuple(lacks),
                   vocabularies=vocabularies, sheets=layouts)


@functools.cache
def profiles() -> dict[str, Profile]:
    """Every shipped profile by id, in file-name order (read once per process)."""
    folder = resources.files("agent_app.declarations") / "profiles"
    found = sorted(p for p in folder.iterdir() if p.name.endswith(".toml"))
    return {p.name[:-5]: parse(p.read_text("utf-8"), p.name[:-5]) for p in found}


def get(profile_id: str | None) -> Profile | None:
    return profiles().get(profile_id or "")


def choose(asked: str | None, remembered: str | None) -> Profile | None:
    """The profile asked for (None when there is no such profile); when none is asked for, the
    commune's remembered one, else the default."""
    if asked:
        return get(asked)
    return get(remembered) or get(DEFAULT_PROFILE)
