"""Factories for the organisation: departments, staff with profiles and roles."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from firstask.org.models import Department, StaffProfile
from firstask.org.roles import Role

PASSWORD = "pw-for-tests-1"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"dept{n}")
    name = factory.Sequence(lambda n: f"测试科室{n}")
    location = "服务大厅 1 楼"
    phone = "0571-87000000"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "王"
    first_name = factory.Sequence(lambda n: f"员工{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.invalid")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create:
            return
        roles = [str(r) for r in (extracted or [])]
        # Everyone on staff is a first responder, except inspectors: a manager grants it
        # to an inspector who should register what they are first asked about.
        names = roles if "quality_inspector" in roles else ["first_responder", *roles]
        self.groups.set(Group.objects.filter(name__in=names))
        self.save()


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffProfile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    department = factory.SubFactory(DepartmentFactory)
    post = "窗口受理员"
    work_phone = "0571-87001234"


def make_staff(
    username: str, *, department: Department, roles=(), post: str = "工作人员", **user_fields
):
    """A staff member with a profile in `department` and the given roles (besides 首问)."""
    user = UserFactory(username=username, roles=list(roles), **user_fields)
    StaffProfileFactory(user=user, department=department, post=post)
    return user


# The named people of the tests (tests/conftest.py and the apps' conftests): login, post,
# name (family name first), roles besides 首问. The fixture names them by the key.
HEAD = (Role.HANDLER, Role.DEPARTMENT_HEAD)
PERSONAS: dict[str, tuple[str, str, str, tuple[Role, ...]]] = {
    "receptionist": ("reception", "综合窗口受理员", "王芳", ()),
    "handler": ("handler", "登记经办人", "张伟", (Role.HANDLER,)),
    "department_head": ("head", "科长", "刘洋", HEAD),
    "leader": ("leader", "分管副主任", "陈静", (Role.SUPERVISING_LEADER,)),
    "office_head": ("office", "办公室主任", "周杰", HEAD),
    "inspector": ("inspector", "质检员", "赵敏", (Role.QUALITY_INSPECTOR,)),
    "manager": ("manager", "系统管理员", "孙强", (Role.MANAGER,)),
    "outsider": ("outsider", "社保经办人", "吴磊", (Role.HANDLER,)),
    "desk_head": ("deskhead", "窗口主任", "黄磊", (Role.DEPARTMENT_HEAD,)),
    "other_leader": ("leader2", "副主任", "黄磊", (Role.SUPERVISING_LEADER,)),
    "colleague": ("colleague", "工作人员", "李娜", ()),
}


def make_persona(key: str, department: Department, **user_fields):
    """The persona `key` of PERSONAS, on staff in `department`."""
    username, post, name, roles = PERSONAS[key]
    family, given = name[0], name[1:]
    return make_staff(
        username,
        department=department,
        roles=roles,
        post=post,
        last_name=family,
        first_name=given,
        **user_fields,
    )


def make_head(key: str, department: Department):
    """The persona `key`, made head of `department`."""
    head = make_persona(key, department)
    department.head = head
    department.save(update_fields=["head"])
    return head
