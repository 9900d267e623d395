"""Shared fixtures: the named personas every test talks about.

A receptionist at the front desk, a handler and the head of the real-estate
registration department, the general office, a supervising leader, a quality
inspector, a manager, and an outsider: a colleague of another department. Fewer tests
need the head of the front desk, a second leader and a colleague at the desk. Who they
are (login, post, name, roles) is the PERSONAS table of tests/factories.py.
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
def calendar_2026(db):
    """The 2026 working-day calendar (holidays and 调休 make-up days) from the seed."""
    from firstask.workdays.services import seed_calendar

    seed_calendar([2026])


@pytest.fixture
def password() -> str:
    return PASSWORD


def _department(fixture: str, code: str, name: str, **fields):
    """A fixture named `fixture`: the department `code`."""

    @pytest.fixture(name=fixture)
    def department(db):
        return DepartmentFactory(code=code, name=name, **fields)

    return department


def _persona(key: str, department: str, *, head: bool = False):
    """A fixture named `key`: the persona `key` of PERSONAS on staff in the department
    fixture `department` (its head when `head`)."""

    @pytest.fixture(name=key)
    def persona(request):
        made = make_head if head else make_persona
        return made(key, request.getfixturevalue(department))

    return persona


front_desk = _department("front_desk", "front", "综合受理窗口")
realestate = _department("realestate", "realestate", "不动产登记科")
social = _department("social", "social", "社会保障科")
general_office = _department("general_office", "office", "办公室", is_general_office=True)

receptionist = _persona("receptionist", "front_desk")
handler = _persona("handler", "realestate")
department_head = _persona("department_head", "realestate", head=True)
office_head = _persona("office_head", "general_office", head=True)
outsider = _persona("outsider", "social")
# Fewer tests need these: the head of the front desk, a second supervising leader (hears
# appeals against the first one's decisions), a colleague at the desk.
desk_head = _persona("desk_head", "front_desk", head=True)
other_leader = _persona("other_leader", "general_office")
colleague = _persona("colleague", "front_desk")


@pytest.fixture
def leader(general_office, realestate):
    user = make_persona("leader", general_office)
    for dept in (general_office, realestate):
        dept.supervising_leader = user
        dept.save(update_fields=["supervising_leader"])
    return user


@pytest.fixture
def inspector(db):
    return make_persona("inspector", DepartmentFactory(code="quality", name="质检科"))


@pytest.fixture
def manager(general_office):
    return make_persona("manager", general_office, is_staff=True)
