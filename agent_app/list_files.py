"""Reading the list files people send (XLSX or CSV).

Rows come out as ``(row_number, cells)`` where the number is the one a person sees in Excel, so a
message can point at the very row to fix.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator

from openpyxl import load_workbook

Rows = Iterator[tuple[int, tuple]]

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"            # Excel 97–2003 .xls


class NotATable(ValueError):
    """The file cannot be read as a table at all."""


def sheets(data: bytes) -> list[Rows]:
    """The rows of every sheet of the file; a CSV is one sheet."""
    if not data.strip():
        raise NotATable("Tệp rỗng.")
    if data.startswith(_OLE):
        raise NotATable("Tệp .xls (Excel 97–2003) chưa được hỗ trợ: hãy lưu lại thành .xlsx"
                        " hoặc CSV rồi tải lên lại.")
    if data.startswith(_ZIP):
        if b"opendocument.spreadsheet" in data[:200]:
            raise NotATable("Tệp .ods chưa được hỗ trợ: hãy lưu lại thành .xlsx hoặc CSV rồi tải"
                            " lên lại.")
        return _xlsx_sheets(data)
    return [_csv_rows(_decode(data))]


def _xlsx_sheets(data: bytes) -> list[Rows]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise NotATable("Không đọc được tệp Excel (.xlsx): tệp hỏng hoặc không phải bảng tính."
                        ) from error
    found = []
    for sheet in book.worksheets:
        if not hasattr(sheet, "reset_dimensions"):
            continue                   # a chart sheet
        sheet.reset_dimensions()       # some programs write a wrong size; read what is there
        found.append(_xlsx_rows(sheet))
    return found


def _xlsx_rows(sheet) -> Rows:
    try:
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, tuple(cells)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise NotATable("Tệp Excel bị hỏng giữa chừng; không nhập gì.") from error


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) as Excel and Google Sheets write it; else Windows-1258."""
    if b"\x00" in data[:4096]:
        raise NotATable("Tệp không phải bảng tính CSV hay Excel (.xlsx).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


def _csv_rows(text: str) -> Rows:
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, tuple(cells)
    except csv.Error as error:
        raise NotATable(f"Tệp CSV lỗi ở dòng {reader.line_num}: {error}.") from error
