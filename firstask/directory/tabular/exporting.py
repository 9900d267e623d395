"""Export matters or agencies in the import format (so an export can be edited and
imported back, and an unedited one imports as "unchanged")."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone

from firstask.directory.tabular.formats import Format
from firstask.directory.tabular.writing import write_csv, write_xlsx

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content_type: str
    data: bytes

    def response(self) -> HttpResponse:
        response = HttpResponse(self.data, content_type=self.content_type)
        response["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        return response


def export_table(fmt: Format, file_format: str, queryset: QuerySet | None = None) -> ExportFile:
    """Two queries for matters (rows with departments, materials), one for agencies."""
    if file_format not in CONTENT_TYPES:
        raise ValueError(f"unknown export format {file_format!r}")
    headers = [column.header for column in fmt.columns]
    rows = [fmt.row(obj) for obj in fmt.export_queryset(queryset)]
    if file_format == "csv":
        data = write_csv(headers, rows)
    else:
        data = write_xlsx(headers, rows, title=fmt.sheet_title)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return ExportFile(f"{fmt.filename}-{stamp}.{file_format}", CONTENT_TYPES[file_format], data)
