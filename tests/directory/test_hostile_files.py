"""Hostile spreadsheets at the directory import are form errors, never a 500 (defect 11).

The files are built here byte by byte: a valid workbook whose sheet XML is cut short, a
workbook that lists no sheet at all, a sheet that expands an entity a billion times
("billion laughs"), and a zip that would inflate far past the upload limit.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from firstask.directory.models import Matter
from firstask.directory.tabular.columns import MATTER_COLUMNS
from firstask.directory.tabular.formats import MatterFormat
from firstask.directory.tabular.importing import import_file

pytestmark = pytest.mark.django_db

HEADERS = [column.header for column in MATTER_COLUMNS]
SHEET = "xl/worksheets/sheet1.xml"


def _good_workbook() -> dict[str, bytes]:
    workbook = Workbook()
    workbook.active.append(HEADERS)
    workbook.active.append(["二手房过户", "realestate"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def malformed_sheet() -> bytes:
    parts = _good_workbook()
    parts[SHEET] = parts[SHEET][: len(parts[SHEET]) // 2] + b"<row><c r='A9'"
    return _zip(parts)


def no_sheets() -> bytes:
    parts = _good_workbook()
    workbook_xml = parts["xl/workbook.xml"].decode()
    start, end = workbook_xml.index("<sheets>"), workbook_xml.index("</sheets>")
    parts["xl/workbook.xml"] = (
        workbook_xml[:start] + "<sheets/>" + workbook_xml[end + 9 :]
    ).encode()
    del parts[SHEET]
    return _zip(parts)


def entity_expansion() -> bytes:
    parts = _good_workbook()
    lol = ['<!ENTITY lol0 "lolololololololololol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    parts[SHEET] = (
        '<?xml version="1.0"?>\n<!DOCTYPE worksheet [' + "".join(lol) + "]>\n"
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    return _zip(parts)


def inflating_zip() -> bytes:
    parts = _good_workbook()
    parts["xl/media/padding.bin"] = b"\0" * (110 * 2**20)  # 110 MB of zeros, ~100 kB zipped
    return _zip(parts)


FILE_ERRORS = ["无法作为 Excel 工作簿读取该文件", "工作簿中没有工作表", "第一个工作表已损坏"]

HOSTILE = {
    "malformed sheet XML": malformed_sheet,
    "no sheets": no_sheets,
    "entity expansion": entity_expansion,
    "zip bomb": inflating_zip,
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_workbook_is_a_file_error_and_changes_nothing(kind, realestate):
    result = import_file(MatterFormat(), "matters.xlsx", HOSTILE[kind](), apply=True)
    assert not result.ok
    assert result.errors[0].row is None
    assert result.errors[0].message
    assert Matter.objects.count() == 0


@pytest.mark.parametrize("kind", ["malformed sheet XML", "no sheets", "entity expansion"])
def test_admin_import_of_a_hostile_workbook_shows_a_form_error(client, manager, realestate, kind):
    client.force_login(manager)
    upload = SimpleUploadedFile("matters.xlsx", HOSTILE[kind]())
    response = client.post(
        reverse("admin:directory_matter_import"), {"file": upload, "preview_only": ""}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert any(message in content for message in FILE_ERRORS), content
    assert Matter.objects.count() == 0
