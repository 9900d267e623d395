"""A believable city service centre (市民服务中心) for demos and browser tests.

Idempotent: running it again updates the same rows instead of adding new ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from firstask.org.models import Department, StaffProfile
from firstask.org.roles import Role

DEMO_PASSWORD = "firstask-demo"

DEPARTMENT_FIELDS = ("name", "location", "phone", "is_general_office")
DEPARTMENTS = [
    # code, then DEPARTMENT_FIELDS
    ("office", "办公室", "行政楼 3 楼 301", "0571-87001001", True),
    ("front", "综合受理窗口", "服务大厅 1 楼 A 区", "0571-87001100", False),
    ("hotline", "12345 热线受理台", "服务大厅 2 楼 热线室", "0571-12345", False),
    ("realestate", "不动产登记科", "服务大厅 1 楼 B 区 8-12 号窗口", "0571-87001200", False),
    ("social", "社会保障科", "服务大厅 1 楼 C 区 13-18 号窗口", "0571-87001300", False),
    ("market", "市场监管科", "服务大厅 2 楼 D 区 21-26 号窗口", "0571-87001400", False),
    ("fund", "住房公积金科", "服务大厅 2 楼 E 区 27-30 号窗口", "0571-87001500", False),
    ("quality", "质检科", "行政楼 3 楼 305", "0571-87001600", False),
]


@dataclass(frozen=True)
class DemoPerson:
    username: str
    family: str
    given: str
    department: str
    post: str
    phone: str
    roles: tuple[str, ...]


# The roles of the demo people.
RESPONDER = (Role.FIRST_RESPONDER,)
HANDLER = (*RESPONDER, Role.HANDLER)
HEAD = (*HANDLER, Role.DEPARTMENT_HEAD)
LEADER = (*RESPONDER, Role.SUPERVISING_LEADER)
INSPECTOR = (Role.QUALITY_INSPECTOR,)  # a manager may add 首问 (README)
MANAGER = (*RESPONDER, Role.MANAGER)

PEOPLE = [
    DemoPerson("reception", "王", "芳", "front", "综合窗口受理员", "0571-87001101", RESPONDER),
    DemoPerson("hotline", "李", "娜", "hotline", "热线话务员", "0571-87001102", RESPONDER),
    DemoPerson("handler", "张", "伟", "realestate", "登记经办人", "0571-87001201", HANDLER),
    DemoPerson("handler2", "吴", "磊", "social", "社保经办人", "0571-87001301", HANDLER),
    DemoPerson("head", "刘", "洋", "realestate", "不动产登记科科长", "0571-87001200", HEAD),
    DemoPerson("office", "周", "杰", "office", "办公室主任", "0571-87001001", HEAD),
    DemoPerson("leader", "陈", "静", "office", "分管副主任", "0571-87001002", LEADER),
    DemoPerson("inspector", "赵", "敏", "quality", "质检员", "0571-87001601", INSPECTOR),
    DemoPerson("manager", "孙", "强", "office", "系统管理员", "0571-87001003", MANAGER),
]

HEADS = {"realestate": "head", "office": "office"}


@transaction.atomic
def load_organisation() -> list[DemoPerson]:
    """Create or update the demo departments and staff; returns the people for printing."""
    User = get_user_model()
    departments = {}
    for code, *values in DEPARTMENTS:
        defaults = {**dict(zip(DEPARTMENT_FIELDS, values, strict=True)), "is_active": True}
        departments[code], _ = Department.objects.update_or_create(code=code, defaults=defaults)
    groups = {g.name: g for g in Group.objects.filter(name__in=[r.value for r in Role])}
    users = {}
    for person in PEOPLE:
        user, created = User.objects.get_or_create(username=person.username)
        user.last_name, user.first_name = person.family, person.given
        user.email = f"{person.username}@example.invalid"
        user.is_active = True
        user.is_staff = Role.MANAGER in person.roles
        if created or not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([groups[str(role)] for role in person.roles])
        StaffProfile.objects.update_or_create(
            user=user,
            defaults={
                "department": departments[person.department],
                "post": person.post,
                "work_phone": person.phone,
            },
        )
        users[person.username] = user
    leader = users["leader"]
    for code, department in departments.items():
        department.head = users.get(HEADS.get(code, ""))
        department.supervising_leader = leader
        department.save(update_fields=["head", "supervising_leader"])
    return PEOPLE
