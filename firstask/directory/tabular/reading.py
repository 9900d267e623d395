"""Turn an uploaded CSV or .xlsx file into rows of strings, with the row numbers the
user sees in their spreadsheet (the header is row 1).

CSV from a Chinese Excel is usually GBK (GB18030 is its superset), from anything else
UTF-8 with or without a BOM: both are accepted. Excel cells come back as numbers or
dates; they are turned into the text the cell shows so all parsing is on strings.
"""

from __future__ import annotations

import csv
import io
import logging
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

SUPPORTED_SUFFIXES = (".csv", ".xlsx")
MAX_UPLOAD_BYTES = 5 * 2**20
MAX_ROWS = 20_000
# An .xlsx is a zip: what it inflates to is bounded too (a 5 MB "zip bomb" can hold GBs).
MAX_UNZIPPED_BYTES = 100 * 2**20

logger = logging.getLogger(__name__)
# A leading apostrophe marks a value that starts like a formula (see writing.py).
FORMULA_PREFIXES = ("=", "+", "-", "@")


class FileError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def read_table(name: str, data: bytes) -> Table:
    records = _xlsx_records(data) if name.lower().endswith(".xlsx") else _csv_records(data)
    table: Table | None = None
    for number, cells in records:
        if table is None:
            if not any(cells):
                continue  # leading blank lines before the header
            table = Table(headers=[cell.strip() for cell in cells])
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if len(table.rows) >= MAX_ROWS:
            raise FileError(_("The file has more than %(count)s rows.") % {"count": MAX_ROWS})
        table.rows.append((number, cells))
    if table is None:
        raise FileError(_("The file is empty."))
    return table


def _csv_records(data: bytes):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte sequence
        raise FileError(_("The file is not UTF-8 or GBK text."))
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        return [
            (number, [_uncsv(cell) for cell in row]) for number, row in enumerate(reader, start=1)
        ]
    except csv.Error as error:
        message = _("The CSV file could not be read: %(error)s") % {"error": error}
        raise FileError(message) from error


def _uncsv(cell: str) -> str:
    if cell.startswith("'") and cell[1:2] in FORMULA_PREFIXES:
        return cell[1:]
    return cell


def _xlsx_records(data: bytes):
    """Every row of the first sheet, or FileError with a message for the form.

    A workbook is untrusted input parsed by a third-party library that can fail in many
    ways (malformed sheet XML, a workbook listing no sheets, a DTD that expands entities
    a billion times — refused by the XML parser's amplification limit — or a zip that
    inflates far past the upload limit). Whatever the parser raises, the user is told
    the file could not be read; nothing is imported and the page is never a 500.
    """
    unreadable = _("The file could not be read as an Excel workbook.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise FileError(unreadable) from error
    if inflated > MAX_UNZIPPED_BYTES:
        raise FileError(
            _("The workbook unpacks to more than %(size)s MB; save a smaller file.")
            % {"size": MAX_UNZIPPED_BYTES // 2**20}
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise FileError(unreadable) from error
    except Exception as error:  # the parser's own zoo: ParseError, TypeError, ...
        logger.info("unreadable workbook: %r", error)
        raise FileError(unreadable) from error
    try:
        if not workbook.worksheets:
            raise FileError(_("The workbook has no sheet."))
        sheet = workbook.worksheets[0]
        return [
            (number, [_cell_text(value) for value in row])
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    except FileError:
        raise
    except Exception as error:  # rows are parsed lazily: malformed XML fails here
        logger.info("unreadable sheet: %r", error)
        raise FileError(
            _("The first sheet of the workbook is damaged and could not be read.")
        ) from error
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)
