"""Departments and staff as tables: the same import/export engine as the directory
(validate every row first, then write all or nothing; row-and-column errors; the
export imports back as "unchanged").

Staff rows are keyed by login name. A row sets the person's name, department, post,
work phone, roles and standing deputy; a new login gets an unusable password (the
manager sets one, or LDAP signs them in). Departments are keyed by name; heads and
supervising leaders name existing logins, so import staff before naming heads (or
import the department file twice).
"""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from firstask.directory.tabular.columns import Column
from firstask.directory.tabular.formats import (
    CellError,
    clean_text,
    parse_yes_no,
    yes_no_cell,
)
from firstask.org.models import Department, StaffProfile
from firstask.org.roles import Role

User = get_user_model()

DEPARTMENT_COLUMNS: tuple[Column, ...] = (
    Column("name", "部门名称", required=True),
    Column("code", "部门编码", required=True),
    Column("parent", "上级部门"),
    Column("location", "办公地点"),
    Column("phone", "联系电话"),
    Column("head", "负责人（登录名）"),
    Column("supervising_leader", "分管领导（登录名）"),
    Column("is_general_office", "是否办公室"),
    Column("is_active", "是否启用"),
)

STAFF_COLUMNS: tuple[Column, ...] = (
    Column("name", "登录名", required=True),
    Column("full_name", "姓名", required=True),
    Column("department", "部门", required=True),
    Column("post", "岗位"),
    Column("work_phone", "工作电话"),
    Column("roles", "角色"),
    Column("deputy", "代岗人（登录名）"),
    Column("email", "邮箱"),
    Column("is_active", "是否启用"),
)

_ROLE_SPLIT = re.compile(r"[、,，;；/\s]+")
FILE_LANGUAGE = "zh-hans"


class _Lookups:
    """Departments and logins, loaded once per file (no query per row)."""

    def __init__(self) -> None:
        self._departments: dict[str, Department] | None = None
        self._users: dict[str, object] | None = None

    def department(self, text: str, *, required: bool) -> Department | None:
        text = text.strip()
        if not text:
            if required:
                raise CellError(_("This cell is required."))
            return None
        if self._departments is None:
            self._departments = {}
            for department in Department.objects.all():
                self._departments.setdefault(department.name, department)
                self._departments[department.code.lower()] = department
        department = self._departments.get(text) or self._departments.get(text.lower())
        if department is None:
            raise CellError(_("No department “%(value)s”.") % {"value": text})
        return department

    def user(self, text: str):
        text = text.strip()
        if not text:
            return None
        if self._users is None:
            self._users = {u.get_username(): u for u in User.objects.all()}
        user = self._users.get(text)
        if user is None:
            raise CellError(_("No staff member with the login “%(value)s”.") % {"value": text})
        return user


# --- departments ------------------------------------------------------------------------------


class DepartmentFormat:
    model = Department
    columns = DEPARTMENT_COLUMNS
    sheet_title = "部门"
    filename = "departments"

    def __init__(self) -> None:
        self._lookups = _Lookups()

    @staticmethod
    def export_queryset(queryset: QuerySet | None = None) -> QuerySet:
        queryset = Department.objects.all() if queryset is None else queryset
        return queryset.select_related("parent", "head", "supervising_leader").order_by("code")

    def row(self, department: Department) -> list:
        return [
            department.name,
            department.code,
            department.parent.name if department.parent else "",
            department.location,
            department.phone,
            department.head.get_username() if department.head else "",
            department.supervising_leader.get_username() if department.supervising_leader else "",
            yes_no_cell(department.is_general_office) if department.is_general_office else "否",
            yes_no_cell(department.is_active),
        ]

    def existing(self, names: list[str]) -> dict[str, Department]:
        return {d.name: d for d in Department.objects.filter(name__in=names)}

    def parse(self, key: str, text: str):
        if key == "parent":
            return self._lookups.department(text, required=False)
        if key in ("head", "supervising_leader"):
            return self._lookups.user(text)
        if key == "is_general_office":
            return parse_yes_no(text) if text.strip() else False
        if key == "is_active":
            return parse_yes_no(text)
        return clean_text(text)


# --- staff --------------------------------------------------------------------------------


def role_labels() -> dict[str, str]:
    """Role code and its label in every language → code ("首问责任人" → first_responder)."""
    from django.conf import settings

    lookup = {role.value: role.value for role in Role}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            lookup.update({str(role.label).lower(): role.value for role in Role})
    return lookup


def roles_cell(codes) -> str:
    with translation.override(FILE_LANGUAGE):
        return "、".join(
            str(Role(code).label) for code in sorted(codes) if code != Role.FIRST_RESPONDER
        )


class StaffRow:
    """One staff member as the import engine sees it: a login, their profile and their
    roles behind one ``save()`` (inside the engine's transaction)."""

    def __init__(self, user=None) -> None:
        self.user = user
        profile = getattr(user, "profile", None) if user is not None else None
        self.name = user.get_username() if user else ""
        self.full_name = f"{user.last_name}{user.first_name}" if user else ""
        self.department = profile.department if profile else None
        self.post = profile.post if profile else ""
        self.work_phone = profile.work_phone if profile else ""
        self.deputy = profile.deputy if profile else None
        self.email = user.email if user else ""
        self.is_active = user.is_active if user else True
        self.roles = (
            tuple(sorted(g.name for g in user.groups.all() if g.name != Role.FIRST_RESPONDER))
            if user
            else ()
        )

    @property
    def pk(self):
        return self.user.pk if self.user is not None else None

    @property
    def department_id(self):
        return self.department.pk if self.department else None

    def __str__(self) -> str:
        return self.name

    def full_clean(self, exclude=(), **_kwargs) -> None:
        errors: dict[str, list] = {}
        checks = [
            ("name", User._meta.get_field("username"), self.name),
            ("email", User._meta.get_field("email"), self.email),
            ("post", StaffProfile._meta.get_field("post"), self.post),
            ("work_phone", StaffProfile._meta.get_field("work_phone"), self.work_phone),
        ]
        for key, model_field, value in checks:
            if key in exclude:
                continue
            try:
                model_field.clean(value, None)
            except ValidationError as error:
                errors.setdefault(key, []).extend(error.messages)
        if "full_name" not in exclude and len(self.full_name) > 150:
            errors.setdefault("full_name", []).append(_("The name is too long."))
        if self.deputy is not None and self.user is not None and self.deputy.pk == self.user.pk:
            errors.setdefault("deputy", []).append(_("Nobody can be their own deputy."))
        if self.deputy is not None and self.deputy.get_username() == self.name:
            errors.setdefault("deputy", []).append(_("Nobody can be their own deputy."))
        if errors:
            raise ValidationError(errors)

    def save(self) -> None:
        user = self.user or User(username=self.name)
        family, given = (self.full_name[:1], self.full_name[1:]) if self.full_name else ("", "")
        user.last_name, user.first_name = family, given
        user.email = self.email
        user.is_active = self.is_active
        if user.pk is None:
            user.set_unusable_password()
        user.save()
        StaffProfile.objects.update_or_create(
            user=user,
            defaults={
                "department": self.department,
                "post": self.post,
                "work_phone": self.work_phone,
                "deputy": self.deputy,
            },
        )
        names = {Role.FIRST_RESPONDER.value, *self.roles}
        user.groups.set(Group.objects.filter(name__in=names))
        self.user = user


class StaffFormat:
    model = StaffRow
    columns = STAFF_COLUMNS
    sheet_title = "人员"
    filename = "staff"

    def __init__(self) -> None:
        self._lookups = _Lookups()
        self._roles: dict[str, str] | None = None

    @staticmethod
    def export_queryset(queryset: QuerySet | None = None) -> QuerySet:
        queryset = User.objects.all() if queryset is None else queryset
        return (
            queryset.select_related("profile__department", "profile__deputy")
            .prefetch_related(Prefetch("groups", queryset=Group.objects.only("name")))
            .order_by("username")
        )

    def row(self, user) -> list:
        staff = StaffRow(user)
        return [
            staff.name,
            staff.full_name,
            staff.department.name if staff.department else "",
            staff.post,
            staff.work_phone,
            roles_cell(staff.roles),
            staff.deputy.get_username() if staff.deputy else "",
            staff.email,
            yes_no_cell(staff.is_active),
        ]

    def existing(self, names: list[str]) -> dict[str, StaffRow]:
        users = self.export_queryset(User.objects.filter(username__in=names))
        return {u.get_username(): StaffRow(u) for u in users}

    def parse(self, key: str, text: str):
        if key == "department":
            return self._lookups.department(text, required=True)
        if key == "deputy":
            return self._lookups.user(text)
        if key == "roles":
            return self._parse_roles(text)
        if key == "is_active":
            return parse_yes_no(text)
        return clean_text(text)

    def _parse_roles(self, text: str) -> tuple[str, ...]:
        if self._roles is None:
            self._roles = role_labels()
        codes = set()
        for part in _ROLE_SPLIT.split(text.strip()):
            if not part:
                continue
            code = self._roles.get(part.lower())
            if code is None:
                raise CellError(_("Unknown role “%(value)s”.") % {"value": part})
            if code != Role.FIRST_RESPONDER:
                codes.add(code)
        return tuple(sorted(codes))
