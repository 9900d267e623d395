"""Managers import and export departments and staff (roles, post, work phone, deputy)
with the directory's engine: every row validated first, all or nothing."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from firstask.directory.tabular.exporting import export_table
from firstask.directory.tabular.importing import import_file
from firstask.directory.tabular.staff import STAFF_COLUMNS, DepartmentFormat, StaffFormat
from firstask.org.models import Department, StaffProfile
from firstask.org.roles import Role, roles_of

pytestmark = pytest.mark.django_db
User = get_user_model()
HEADERS = [c.header for c in STAFF_COLUMNS]


def csv_bytes(headers, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def staff_row(login, name, department, **values):
    row = dict.fromkeys(HEADERS, "")
    row.update({"登录名": login, "姓名": name, "部门": department})
    row.update(values)
    return [row[h] for h in HEADERS]


def test_staff_are_created_with_roles_post_phone_and_deputy(realestate, front_desk):
    rows = [
        staff_row(
            "zhao", "赵敏", "不动产登记科", 岗位="登记员", 工作电话="0571-87000001", 角色="承办人"
        ),
        staff_row(
            "qian",
            "钱多",
            "realestate",
            岗位="科长",
            角色="承办人、科室负责人",
            **{"代岗人（登录名）": "reception"},
        ),
    ]
    from tests.factories import make_staff

    make_staff("reception", department=front_desk)
    result = import_file(StaffFormat(), "staff.csv", csv_bytes(HEADERS, rows), apply=True)
    assert result.ok, [str(e) for e in result.errors]
    assert result.created == 2
    zhao = User.objects.get(username="zhao")
    assert (zhao.last_name, zhao.first_name) == ("赵", "敏")
    assert zhao.profile.department == realestate and zhao.profile.work_phone == "0571-87000001"
    assert roles_of(zhao) == {Role.FIRST_RESPONDER, Role.HANDLER}
    assert not zhao.has_usable_password()
    qian = User.objects.get(username="qian")
    assert qian.profile.deputy.username == "reception"
    assert roles_of(qian) >= {Role.DEPARTMENT_HEAD, Role.HANDLER}


def test_one_bad_row_changes_nothing_and_every_error_is_listed(realestate):
    rows = [
        staff_row("ok1", "甲乙", "不动产登记科"),
        staff_row("bad", "丙丁", "不存在的科室", 角色="魔法师"),
        staff_row("ok1", "重复", "不动产登记科"),
    ]
    result = import_file(StaffFormat(), "staff.csv", csv_bytes(HEADERS, rows), apply=True)
    assert not result.ok and not result.applied
    messages = [str(e) for e in result.errors]
    assert any("第 3 行" in m or "Row 3" in m for m in messages), messages
    assert any("不存在的科室" in m for m in messages)
    assert any("魔法师" in m for m in messages)
    assert any("ok1" in m for m in messages)  # the duplicate login on row 4
    assert not User.objects.filter(username__in=["ok1", "bad"]).exists()


def test_an_export_imports_back_unchanged(handler, department_head, receptionist):
    for file_format in ("csv", "xlsx"):
        exported = export_table(StaffFormat(), file_format)
        result = import_file(StaffFormat(), exported.filename, exported.data, apply=False)
        assert result.ok, [str(e) for e in result.errors]
        assert result.created == 0 and result.updated == 0
        assert result.unchanged == User.objects.count()


def test_an_update_changes_the_profile_and_roles(handler, realestate):
    rows = [staff_row("handler", "张伟", "不动产登记科", 岗位="副科长", 角色="承办人、科室负责人")]
    result = import_file(StaffFormat(), "s.csv", csv_bytes(HEADERS, rows), apply=True)
    assert result.ok and result.updated == 1
    assert StaffProfile.objects.get(user=handler).post == "副科长"
    fresh = User.objects.get(pk=handler.pk)
    assert Role.DEPARTMENT_HEAD in roles_of(fresh)


def test_departments_import_and_export(realestate, handler):
    exported = export_table(DepartmentFormat(), "xlsx")
    sheet = load_workbook(io.BytesIO(exported.data)).active
    headers = [c.value for c in sheet[1]]
    workbook = Workbook()
    new = workbook.active
    new.append(headers)
    new.append(
        ["档案科", "archive", "不动产登记科", "2 楼", "0571-87000009", "handler", "", "否", "是"]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_file(DepartmentFormat(), "d.xlsx", buffer.getvalue(), apply=True)
    assert result.ok, [str(e) for e in result.errors]
    archive = Department.objects.get(code="archive")
    assert archive.parent == realestate and archive.head == handler
    again = export_table(DepartmentFormat(), "csv")
    back = import_file(DepartmentFormat(), again.filename, again.data, apply=False)
    assert back.ok and back.created == back.updated == 0


def test_a_bad_department_code_is_refused_with_its_column(realestate):
    headers = ["部门名称", "部门编码"]
    result = import_file(
        DepartmentFormat(), "d.csv", csv_bytes(headers, [["新科室", "not a slug!"]]), apply=True
    )
    assert not result.ok
    assert "部门编码" in str(result.errors[0])
    assert not Department.objects.filter(name="新科室").exists()


def test_managers_import_in_the_admin(client, manager, realestate):
    client.force_login(manager)
    changelist = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert 'data-testid="admin-import"' in changelist
    url = reverse("admin:auth_user_import")
    upload = io.BytesIO(csv_bytes(HEADERS, [staff_row("li", "李四", "realestate")]))
    upload.name = "staff.csv"
    response = client.post(url, {"file": upload})
    assert response.status_code == 200
    assert User.objects.filter(username="li").exists()
    export = client.get(reverse("admin:auth_user_export", args=["csv"]))
    assert export.status_code == 200 and "li" in export.content.decode("utf-8-sig")
    assert client.get(reverse("admin:org_department_export", args=["xlsx"])).status_code == 200


@pytest.mark.parametrize("who", ["receptionist", "department_head", "inspector"])
def test_others_may_not_import_or_export(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("admin:auth_user_import")).status_code in (302, 403)
    assert client.get(reverse("admin:auth_user_export", args=["csv"])).status_code in (302, 403)
