"""Every spreadsheet the app writes (XLSX and CSV), and the response that sends one.

``Column`` is the one column type: the commune lists, the renewal list, the declarations and the
supervisor's day (page and files) are lists of it, and one column list serves both formats. In
XLSX, money is an integer cell formatted ``#,##0`` and a date a real date cell formatted
dd/mm/yyyy, so sums and filters work in Excel; CSV carries the same values as text (dates
dd/mm/yyyy) in UTF-8 with a BOM, which Excel opens without mangling Vietnamese. XLSX is written
in openpyxl's write-only mode: memory stays flat at 30,000 rows.

Text never runs as a formula, in every file and without a caller asking: names, addresses,
receipt numbers and app versions come from people and phones, so any text starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe in both formats (OWASP,
"CSV Injection"), and control characters (which XLSX cannot hold) are dropped. Numbers are never
touched: a negative amount stays a number.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from flask import Response
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .domain.formatting import vn_time
from .domain.text import search_key

DATE_FORMAT = "dd/mm/yyyy"
MONEY_FORMAT = "#,##0"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """A heading, how an item gives its cell, and how the cell is written."""

    heading: str
    value: Callable[[object], object]           # an item (a row dict, an alert) -> the cell
    kind: str = "text"                          # text, int, money, percent, date, or time: a
    width: int = 14                             # UTC stamp written as HH:MM, Vietnam time
    key: str | None = None                      # the item's field, for a column of row dicts

    @classmethod
    def of(cls, key: str, heading: str, kind: str = "text", width: int = 14) -> Column:
        """A column read straight from a row dict's ``key`` (absent reads as empty, as in a
        totals row)."""
        return cls(heading, lambda item: item.get(key), kind, width, key)

    @property
    def numeric(self) -> bool:
        return self.kind in ("int", "money")

    def cell(self, item: object) -> object:
        """The item's value as written: a time as the page shows it, anything else as read."""
        value = self.value(item)
        return vn_time(value) if self.kind == "time" and value else value


@dataclass
class Sheet:
    """One table: a heading row, one row per item, and optionally a bold totals row."""

    title: str
    columns: list[Column]
    items: Iterable[dict]
    numbered: bool = True                       # an STT column first, as declarations have
    totals: dict | None = None                  # read by the same columns as an item
    freeze: str = "A2"
    # Rows written instead of the one heading row, one value per column: a vendor's title block,
    # headings and field codes (declarations/workbook.py). Text in them is guarded like any cell.
    header: list[list] | None = None


def safe_text(value: object) -> str:
    """Text a spreadsheet can hold (no control characters: XLSX refuses them) and will not run
    as a formula."""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return "'" + text if text.startswith(_FORMULA_START) else text


def _cell_value(value: object) -> object:
    """What goes in a cell: text guarded, empty text as no value, numbers and dates as they are."""
    if isinstance(value, str):
        return safe_text(value) if value else None
    return value


def _lines(sheet: Sheet) -> Iterable[tuple[list, bool]]:
    """(values, bold) per row, the heading row (or the header rows) first."""
    columns = sheet.columns
    if sheet.header is None:
        yield (["STT"] if sheet.numbered else []) + [c.heading for c in columns], True
    for values in sheet.header or ():
        yield values, True
    for number, item in enumerate(sheet.items, start=1):
        yield ([number] if sheet.numbered else []) + [c.cell(item) for c in columns], False
    if sheet.totals is not None:
        yield ([None] if sheet.numbered else []) + [c.cell(sheet.totals) for c in columns], True


def _kinds(sheet: Sheet) -> list[str]:
    return (["int"] if sheet.numbered else []) + [c.kind for c in sheet.columns]


_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _xlsx_cell(sheet, kind: str, value: object, bold: bool, heading: bool) -> object:
    """A plain value, or a styled cell where a format or bold is needed (few: they are slow)."""
    if kind == "money" and isinstance(value, int | float):
        number_format = MONEY_FORMAT
    else:
        number_format = DATE_FORMAT if isinstance(value, date) else None
    if not (bold or number_format):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if number_format:
        cell.number_format = number_format
    if bold:
        cell.font = _BOLD
    if heading:
        cell.alignment = _WRAP
    return cell


def _xlsx_sheet(book: Workbook, sheet: Sheet) -> None:
    out = book.create_sheet(title=sheet.title[:31])
    widths = ([5] if sheet.numbered else []) + [c.width for c in sheet.columns]
    for index, width in enumerate(widths, start=1):
        out.column_dimensions[get_column_letter(index)].width = width
    out.freeze_panes = sheet.freeze
    kinds = _kinds(sheet)
    header_rows = len(sheet.header) if sheet.header is not None else 1
    for number, (values, bold) in enumerate(_lines(sheet)):
        out.append([_xlsx_cell(out, kind, _cell_value(raw), bold, number < header_rows)
                    for kind, raw in zip(kinds, values, strict=True)])


def xlsx(sheets: list[Sheet]) -> bytes:
    """A workbook with one worksheet per sheet."""
    book = Workbook(write_only=True)
    for sheet in sheets:
        _xlsx_sheet(book, sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv_text(value: object) -> str:
    value = _cell_value(value)
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def csv_bytes(sheet: Sheet) -> bytes:
    """The sheet as CSV, UTF-8 with a byte-order mark."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for values, _bold in _lines(sheet):
        writer.writerow([_csv_text(v) for v in values])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template(headings: list[str], text_columns: set[str], notes: list[tuple[str, str]]) -> bytes:
    """The blank list to fill in: the headings in bold, identifier columns formatted as text (so
    Excel keeps the leading zero of a CCCD), and a second sheet explaining each column."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet.append([safe_text(heading) for heading in headings])
    for index, heading in enumerate(headings, start=1):
        letter = get_column_letter(index)
        sheet[f"{letter}1"].font = Font(bold=True)
        sheet.column_dimensions[letter].width = max(14, len(heading) + 4)
        if heading in text_columns:
            for row in range(2, 1002):
                sheet[f"{letter}{row}"].number_format = "@"
    sheet.freeze_panes = "A2"
    guide = book.create_sheet("Hướng dẫn")
    guide.append(["Cột", "Cách ghi"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for heading, note in notes:
        guide.append([safe_text(heading), safe_text(note)])
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def attachment(body: bytes, name: str) -> Response:
    """A download named ``name`` (Vietnamese allowed): RFC 6266 with an ASCII ``filename``
    (accents dropped, anything else a dash) and the full name as RFC 5987 ``filename*``."""
    fallback = re.sub(r"[^a-z0-9._]+", "-", search_key(name)).strip("-") or "tai-ve"
    disposition = f'attachment; filename="{fallback}"'
    if name != fallback:
        encoded = quote(name.encode("utf-8", "replace"), safe="")
        disposition += f"; filename*=UTF-8''{encoded}"
    mimetype = CSV if fallback.endswith(".csv") else XLSX
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": disposition})
