"""Write rows as CSV (UTF-8 with BOM, so Excel shows the Chinese) or .xlsx.

Cells that start like a formula (`=`, `+`, `-`, `@`) would be evaluated by Excel when a
CSV is opened (formula injection); in CSV they get a leading apostrophe, which the
reader strips again, and in .xlsx every text cell is stored as a string, never a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font

from firstask.directory.tabular.reading import FORMULA_PREFIXES

Cell = str | int | None


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def write_xlsx(headers: Sequence[str], rows: Iterable[Sequence[Cell]], *, title: str) -> bytes:
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([None if value == "" else value for value in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING  # never a formula
    for column, header in zip(sheet.columns, headers, strict=False):
        width = max(len(str(header)) * 2, *(min(len(str(c.value or "")), 40) for c in column))
        sheet.column_dimensions[column[0].column_letter].width = max(8, width + 2)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
