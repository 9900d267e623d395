"""Excel (openpyxl) and CSV of the measures tables: the page's values, not its text.

Cells hold numbers with a number format (percent, hours, score), the header row is
frozen and in the user's language (Chinese by default), so a manager can go on
calculating with the file and still see what the page showed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from firstask.reports.tables import Cell, Table

FORMATS = {
    "count": "0",
    "rate": "0.0%",
    "minutes": "0.0",
    "hours": "0.00",
    "score": "0.00",
    "per_mille": "0.00",
    "points": "0.0",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _value(cell: Cell):
    if isinstance(cell.value, (int, float)) or cell.value is None:
        return cell.value
    return str(cell.value)


def _sheet_name(title: object, taken: set[str]) -> str:
    name = "".join(c for c in str(title) if c not in "[]:*?/\\")[:28] or "Sheet"
    base, n = name, 2
    while name in taken:
        name, n = f"{base}{n}", n + 1
    taken.add(name)
    return name


def workbook(tables: Iterable[Table], heading: str = "") -> bytes:
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(_sheet_name(table.title, taken))
        sheet.append([str(label) for label, _kind in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for row in table.rows:
            sheet.append([_value(c) for c in row])
            for target, cell in zip(sheet[sheet.max_row], row, strict=False):
                if cell.kind in FORMATS and isinstance(target.value, (int, float)):
                    target.number_format = FORMATS[cell.kind]
        for i, (label, _kind) in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = max(12, len(str(label)) * 2)
        if heading:
            sheet.oddHeader.center.text = heading
    if not book.sheetnames:  # a workbook needs one sheet, even with nothing in it
        book.create_sheet(_sheet_name(heading, set()))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text(table: Table) -> str:
    """CSV with a BOM so Excel opens the Chinese headers as UTF-8; values unformatted."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([str(label) for label, _kind in table.columns])
    for row in table.rows:
        writer.writerow(["" if c.value is None else _csv(c) for c in row])
    return out.getvalue()


def _csv(cell: Cell) -> str:
    value = _value(cell)
    text = f"{value:.6g}" if isinstance(value, float) else str(value)
    # A leading =, +, - or @ would be a formula in a spreadsheet: defuse names.
    if cell.kind == "text" and text[:1] in ("=", "+", "-", "@"):
        text = "'" + text
    return text
