"""Shared fixtures: the named personas every test talks about.

A receptionist at the front desk, a handler and the head of the real-estate
registration department, the general office, a supervising leader, a quality
inspector, a manager, and an outsider: a colleague of another department.
"""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD, DepartmentFactory, make_head, make_persona

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
    return make_persona("receptionist", front_desk)


@pytest.fixture
def handler(realestate):
    return make_persona("handler", realestate)


@pytest.fixture
def department_head(realestate):
    return make_head("department_head", realestate)


@pytest.fixture
def leader(general_office, realestate):
    user = make_persona("leader", general_office)
    for dept in (general_office, realestate):
        dept.supervising_leader = user
        dept.save(update_fields=["supervising_leader"])
    return user


@pytest.fixture
def office_head(general_office):
    return make_head("office_head", general_office)


@pytest.fixture
def inspector(db):
    return make_persona("inspector", DepartmentFactory(code="quality", name="质检科"))


@pytest.fixture
def manager(general_office):
    return make_persona("manager", general_office, is_staff=True)


@pytest.fixture
def outsider(social):
    return make_persona("outsider", social)
