"""Shared fixtures: the named personas every test talks about.

A receptionist at the front desk, a handler and the head of the real-estate
registration department, the general office, a supervising leader, a quality
inspector, a manager, and an outsider: a colleague of another department.
"""

from __future__ import annotations

import pytest

from firstask.org.roles import Role
from tests.factories import PASSWORD, DepartmentFactory, make_staff

pytest_plugins = ["tests.fixtures.infra"]


@pytest.fixture(autouse=True)
def _fresh_workdays_caches():
    """Calendar and policy caches are per process; a rolled-back test sends no signal."""
    from firstask.org.categories import clear_cache as clear_categories
    from firstask.workdays.selectors import clear_caches

    clear_caches()
    clear_categories()
    yield
    clear_caches()
    clear_categories()


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def front_desk(db):
    return DepartmentFactory(code="front", name="综合受理窗口")


@pytest.fixture
def realestate(db):
    return DepartmentFactory(code="realestate", name="不动产登记科")


@pytest.fixture
def social(db):
    return DepartmentFactory(code="social", name="社会保障科")


@pytest.fixture
def general_office(db):
    return DepartmentFactory(code="office", name="办公室", is_general_office=True)


@pytest.fixture
def receptionist(front_desk):
    return make_staff(
        "reception", department=front_desk, post="综合窗口受理员", last_name="王", first_name="芳"
    )


@pytest.fixture
def handler(realestate):
    return make_staff(
        "handler",
        department=realestate,
        roles=[Role.HANDLER],
        post="登记经办人",
        last_name="张",
        first_name="伟",
    )


@pytest.fixture
def department_head(realestate):
    head = make_staff(
        "head",
        department=realestate,
        roles=[Role.HANDLER, Role.DEPARTMENT_HEAD],
        post="科长",
        last_name="刘",
        first_name="洋",
    )
    realestate.head = head
    realestate.save(update_fields=["head"])
    return head


@pytest.fixture
def leader(general_office, realestate):
    user = make_staff(
        "leader",
        department=general_office,
        roles=[Role.SUPERVISING_LEADER],
        post="分管副主任",
        last_name="陈",
        first_name="静",
    )
    for dept in (general_office, realestate):
        dept.supervising_leader = user
        dept.save(update_fields=["supervising_leader"])
    return user


@pytest.fixture
def office_head(general_office):
    head = make_staff(
        "office",
        department=general_office,
        roles=[Role.HANDLER, Role.DEPARTMENT_HEAD],
        post="办公室主任",
        last_name="周",
        first_name="杰",
    )
    general_office.head = head
    general_office.save(update_fields=["head"])
    return head


@pytest.fixture
def inspector(db):
    quality = DepartmentFactory(code="quality", name="质检科")
    return make_staff(
        "inspector",
        department=quality,
        roles=[Role.QUALITY_INSPECTOR],
        post="质检员",
        last_name="赵",
        first_name="敏",
    )


@pytest.fixture
def manager(general_office):
    user = make_staff(
        "manager",
        department=general_office,
        roles=[Role.MANAGER],
        post="系统管理员",
        last_name="孙",
        first_name="强",
        is_staff=True,
    )
    return user


@pytest.fixture
def outsider(social):
    return make_staff(
        "outsider",
        department=social,
        roles=[Role.HANDLER],
        post="社保经办人",
        last_name="吴",
        first_name="磊",
    )
