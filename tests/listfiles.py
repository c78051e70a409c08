"""Small list files for import tests: XLSX and CSV built from rows of cells."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    for cells in rows:
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], delimiter: str = ",", encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)
