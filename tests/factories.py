"""Factories for the organisation: departments, staff with profiles and roles."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from firstask.org.models import Department, StaffProfile

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
