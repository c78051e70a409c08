"""Reading the list files people send (XLSX or CSV).

Rows come out as ``(row_number, cells)`` where the number is the one a person sees in Excel, so a
message can point at the very row to fix.

Reading is bounded, because a small file can unpack into a huge table (a 338 KB XLSX of a million
rows took a minute and 590 MB): at most ``MAX_ROWS`` rows and ``MAX_COLUMNS`` columns per sheet,
``MAX_UNPACKED_MB`` unpacked for an XLSX, ``MAX_LINE_CHARS`` per CSV line. XLSX is read in
openpyxl's read-only (streaming) mode and reading stops at the first row past a bound, with a
message that says the bound. openpyxl parses a whole sheet when opening it if the sheet does not
state its size (a ``<dimension>`` element: Excel writes one, a hostile file need not), so the
rows of each sheet are first counted in the raw XML, which costs a fraction of a second.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator

from openpyxl import load_workbook

from ..domain.formatting import number as number_text

Rows = Iterator[tuple[int, tuple]]

MAX_ROWS = 20_000                     # a commune's list; a bigger one is split by village
MAX_COLUMNS = 100
MAX_UNPACKED_MB = 40                  # a 20,000-row list of 30 columns unpacks to about 20 MB
_ROW_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
MAX_LINE_CHARS = 100_000

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
        return [_bounded(rows) for rows in _xlsx_sheets(data)]
    return [_bounded(_csv_rows(_decode(data)))]


def _too_many_rows() -> NotATable:
    return NotATable(f"Tệp có hơn {number_text(MAX_ROWS)} dòng (kể cả dòng trống đã định dạng);"
                     f" tối đa {number_text(MAX_ROWS)} dòng mỗi tệp: hãy xoá các dòng trống ở"
                     " cuối, hoặc chia danh sách theo thôn, ấp rồi nhập từng tệp.")


def _bounded(rows: Rows) -> Rows:
    """The rows up to the bounds; empty cells past the last column allowed are dropped."""
    for number, cells in rows:
        if number > MAX_ROWS:
            raise _too_many_rows()
        extra = next((index for index, cell in enumerate(cells[MAX_COLUMNS:], MAX_COLUMNS + 1)
                      if cell not in (None, "")), None)
        if extra is not None:
            raise NotATable(f"Dòng {number} có dữ liệu ở cột thứ {extra}; tối đa {MAX_COLUMNS}"
                            " cột.")
        yield number, cells[:MAX_COLUMNS]


def _xlsx_sheets(data: bytes) -> list[Rows]:
    broken = NotATable("Không đọc được tệp Excel (.xlsx): tệp hỏng hoặc không phải bảng tính.")
    limit = MAX_UNPACKED_MB * 1024 * 1024
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            unpacked = sum(member.file_size for member in members)
            too_long = unpacked <= limit and any(
                _more_rows_than(archive, member, MAX_ROWS) for member in members
                if "worksheets/" in member.filename and member.filename.endswith(".xml"))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise broken from error
    if unpacked > limit:
        raise NotATable(f"Tệp Excel giải nén ra hơn {MAX_UNPACKED_MB} MB; tối đa"
                        f" {number_text(MAX_ROWS)} dòng, {MAX_COLUMNS} cột: hãy chỉ giữ bảng"
                        " danh sách, hoặc chia theo thôn, ấp.")
    if too_long:
        raise _too_many_rows()
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise broken from error
    found = []
    for sheet in book.worksheets:
        if not hasattr(sheet, "reset_dimensions"):
            continue                   # a chart sheet
        sheet.reset_dimensions()       # some programs write a wrong size; read what is there
        found.append(_xlsx_rows(sheet))
    return found


def _more_rows_than(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int) -> bool:
    """Whether a sheet's XML holds more than ``limit`` rows: a byte scan of the unpacked stream,
    stopped as soon as the count passes the limit."""
    count, tail = 0, b""
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            data = tail + chunk
            # A match ending inside the carried tail was counted with the previous chunk.
            count += sum(1 for found in _ROW_START.finditer(data) if found.end() > len(tail))
            if count > limit:
                return True
            tail = data[-32:]
    return False


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
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise NotATable(f"Dòng {number} của tệp CSV dài hơn {number_text(MAX_LINE_CHARS)}"
                            f" ký tự; tối đa {MAX_COLUMNS} cột.")
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
