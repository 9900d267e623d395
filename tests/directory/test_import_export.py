"""CSV / Excel import and export of the directory.

The column headers are the file format's Chinese literals (tabular/columns.py).
"""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from firstask.directory.models import Agency, Matter
from firstask.directory.tabular.columns import AGENCY_COLUMNS, MATTER_COLUMNS
from firstask.directory.tabular.exporting import export_table
from firstask.directory.tabular.formats import AgencyFormat, MatterFormat
from firstask.directory.tabular.importing import import_file
from firstask.directory.tabular.reading import read_table
from tests.directory.factories import MatterFactory

pytestmark = pytest.mark.django_db

HEADERS = [column.header for column in MATTER_COLUMNS]


def xlsx(headers, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(headers, rows, encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def matter_row(name, department="realestate", materials="", **values):
    row = dict.fromkeys(HEADERS, "")
    row.update({"事项名称": name, "责任科室": department, "所需材料": materials})
    row.update(values)
    return [row[header] for header in HEADERS]


def snapshot() -> list[tuple]:
    """Everything import may change, to prove a failed file changed nothing."""
    return [
        (
            m.name,
            m.department_id,
            m.location,
            m.time_limit_days,
            m.is_active,
            m.search_text,
            tuple((x.position, x.name, x.notes) for x in m.materials.all()),
        )
        for m in Matter.objects.prefetch_related("materials").order_by("name")
    ]


def test_good_file_creates_matters_with_ordered_materials(realestate, social):
    data = xlsx(
        HEADERS,
        [
            matter_row(
                "二手房转移登记",
                "不动产登记科",
                "不动产登记申请书；买卖双方身份证【原件及复印件】;不动产权证书【原件】",
                关键词="过户 二手房过户",
                **{"法定时限（工作日）": 30},
            ),
            matter_row(
                "社保卡申领",
                "SOCIAL",
                "身份证【原件】",
                事项类别="consultation",
                是否启用="否",
                咨询电话="087001300",
            ),
        ],
    )
    result = import_file(MatterFormat(), "matters.xlsx", data, apply=True)
    assert result.ok, [str(e) for e in result.errors]
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    transfer = Matter.objects.get(name="二手房转移登记")
    assert transfer.department == realestate
    assert transfer.time_limit_days == 30
    assert transfer.category == "business"
    assert [(m.position, m.name, m.notes) for m in transfer.materials.all()] == [
        (1, "不动产登记申请书", ""),
        (2, "买卖双方身份证", "原件及复印件"),
        (3, "不动产权证书", "原件"),
    ]
    assert "|guohu|" in transfer.search_text
    card = Matter.objects.get(name="社保卡申领")
    assert (card.department, card.category, card.is_active, card.phone) == (
        social,
        "consultation",
        False,
        "087001300",
    )


def test_good_file_updates_rows_keyed_by_name(realestate, transfer):
    data = csv_bytes(
        HEADERS,
        [
            matter_row("二手房转移登记", "realestate", "申请书；身份证", 办理地点="B 区 9 号窗口"),
            matter_row("抵押登记", "realestate", "抵押合同"),
        ],
    )
    result = import_file(MatterFormat(), "matters.csv", data, apply=True)
    assert result.ok, [str(e) for e in result.errors]
    assert (result.created, result.updated) == (1, 1)
    plan = next(p for p in result.plans if p.name == "二手房转移登记")
    assert "办理地点" in plan.changed_columns and "所需材料" in plan.changed_columns
    transfer.refresh_from_db()
    assert transfer.location == "B 区 9 号窗口"
    assert [m.name for m in transfer.materials.all()] == ["申请书", "身份证"]
    assert Matter.objects.count() == 2


def test_preview_changes_nothing(realestate):
    data = csv_bytes(HEADERS, [matter_row("抵押登记", "realestate", "抵押合同")])
    result = import_file(MatterFormat(), "matters.csv", data, apply=False)
    assert result.ok and result.created == 1 and not result.applied
    assert not Matter.objects.exists()


def test_bad_row_reports_row_and_column_and_changes_nothing(realestate, transfer):
    before = snapshot()
    data = xlsx(
        HEADERS,
        [
            matter_row("抵押登记", "realestate", "抵押合同"),  # row 2: fine
            matter_row(
                "二手房转移登记", "XX科", "申请书", 办理地点="改了"
            ),  # row 3: bad department
        ],
    )
    with translation.override("zh-hans"):
        result = import_file(MatterFormat(), "matters.xlsx", data, apply=True)
        messages = [str(error) for error in result.errors]
    assert not result.ok and not result.applied
    assert [(e.row, e.column) for e in result.errors] == [(3, "责任科室")]
    assert "3" in messages[0] and "责任科室" in messages[0] and "XX科" in messages[0]
    assert snapshot() == before


def test_every_bad_cell_is_reported(realestate):
    data = csv_bytes(
        HEADERS,
        [
            matter_row("抵押登记", "realestate", "", **{"法定时限（工作日）": "二十天"}),
            matter_row("抵押登记", "realestate"),  # duplicate of row 2
            matter_row("", "realestate"),
            matter_row("查封登记查询", "", "身份证【原件】【复印件】", 是否启用="也许"),
            matter_row("更" * 200, "realestate", "；【原件】", 事项类别="买房"),
            matter_row("工伤认定", "realestate", **{"法定时限（工作日）": "60个工作日"}),  # fine
        ],
    )
    result = import_file(MatterFormat(), "matters.csv", data, apply=True)
    found = {(e.row, e.column) for e in result.errors}
    assert found == {
        (2, "法定时限（工作日）"),
        (3, "事项名称"),
        (4, "事项名称"),
        (5, "是否启用"),
        (5, "责任科室"),
        (5, "所需材料"),
        (6, "事项名称"),
        (6, "事项类别"),
        (6, "所需材料"),
    }, [str(e) for e in result.errors]
    assert not Matter.objects.exists()


def test_too_long_values_are_reported_by_the_model(realestate):
    data = csv_bytes(HEADERS, [matter_row("更" * 200, "realestate")])
    result = import_file(MatterFormat(), "matters.csv", data, apply=True)
    assert [(e.row, e.column) for e in result.errors] == [(2, "事项名称")]


def test_missing_required_column_is_a_file_error(realestate):
    data = csv_bytes(["事项名称", "关键词"], [["抵押登记", "抵押"]])
    result = import_file(MatterFormat(), "matters.csv", data, apply=True)
    assert [(e.row, e.column) for e in result.errors] == [(None, "责任科室")]


def test_unreadable_files_are_reported(db):
    result = import_file(MatterFormat(), "matters.xlsx", b"not a workbook", apply=True)
    assert not result.ok and result.errors[0].row is None
    result = import_file(MatterFormat(), "matters.csv", b"", apply=True)
    assert not result.ok


def test_gbk_csv_from_a_chinese_excel_is_read(realestate):
    data = csv_bytes(HEADERS, [matter_row("抵押登记", "不动产登记科", "抵押合同")], encoding="gbk")
    result = import_file(MatterFormat(), "matters.csv", data, apply=True)
    assert result.ok, [str(e) for e in result.errors]
    assert Matter.objects.get().department == realestate


def test_headers_may_be_field_keys_and_extra_columns_are_ignored(realestate):
    data = csv_bytes(["name", "department", "序号"], [["抵押登记", "realestate", "1"]])
    result = import_file(MatterFormat(), "matters.csv", data, apply=True)
    assert result.ok and result.ignored_headers == ["序号"]


def _roundtrip_directory(realestate, social):
    MatterFactory(
        name="二手房转移登记",
        keywords="过户，二手房",
        department=realestate,
        location="",
        phone="",
        time_limit_days=None,
        category="consultation",
        materials=["申请书", "身份证【原件及复印件】"],
    )
    matter = MatterFactory(name='=HYPERLINK("x")', department=social, is_active=False, materials=[])
    matter.legal_basis = "第一条\r\n第二条"
    matter.notes = "+86 电话"
    matter.save()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_then_import_round_trips(file_format, realestate, social):
    _roundtrip_directory(realestate, social)
    before = snapshot()
    exported = export_table(MatterFormat(), file_format)
    result = import_file(MatterFormat(), exported.filename, exported.data, apply=True)
    assert result.ok, [str(e) for e in result.errors]
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert snapshot() == before
    again = export_table(MatterFormat(), file_format)
    assert read_table(again.filename, again.data) == read_table(exported.filename, exported.data)

    # Restores a changed directory to what was exported.
    changed = Matter.objects.get(name="二手房转移登记")
    changed.location = "别处"
    changed.save()
    changed.materials.all().delete()
    result = import_file(MatterFormat(), exported.filename, exported.data, apply=True)
    assert result.updated == 1
    assert snapshot() == before


def test_exports_are_safe_from_formula_injection(realestate, social):
    _roundtrip_directory(realestate, social)
    text = export_table(MatterFormat(), "csv").data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+86" in text
    sheet = load_workbook(io.BytesIO(export_table(MatterFormat(), "xlsx").data)).active
    cell = next(c for c in sheet["A"] if c.value and str(c.value).startswith("="))
    assert cell.data_type == "s"


def test_agencies_import_and_round_trip(db):
    headers = [column.header for column in AGENCY_COLUMNS]
    data = xlsx(
        headers,
        [["公证处", "继承公证", "解放路 88 号", "0571-87060000", "工作日", "公证", "", "是"]],
    )
    result = import_file(AgencyFormat(), "agencies.xlsx", data, apply=True)
    assert result.ok and result.created == 1
    agency = Agency.objects.get()
    assert (agency.handles, agency.phone) == ("继承公证", "0571-87060000")
    assert "|^gzc|" in agency.search_text
    exported = export_table(AgencyFormat(), "xlsx")
    again = import_file(AgencyFormat(), exported.filename, exported.data, apply=True)
    assert again.ok and again.unchanged == 1
