"""Decisions about one department at the same moment: each recounts the department's
year under a lock on its row, so none of them is lost from the kept sums (on
PostgreSQL a statement sees only what committed before it began: without the lock
the second recount would miss the first decision)."""

from __future__ import annotations

import threading
from functools import partial

import pytest
from django.db import connections
from django.utils import timezone

from firstask.accountability import tallies
from firstask.accountability.selectors import Period, overview
from tests.accountability.conftest import decide, open_case
from tests.threads import run_all_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_decisions_about_one_department_at_once_are_all_counted(
    seeded_catalogue, inspector, leader, receptionist, colleague
):
    cases = [open_case(inspector, person) for person in (receptionist, colleague) * 4]
    barrier = threading.Barrier(len(cases))
    failures: list[str] = []

    def decide_one(case) -> None:
        try:
            barrier.wait()
            decide(case, leader)  # an efficiency warning each: four for each of the two
        except Exception as exc:  # reported below, not lost in the thread
            failures.append(repr(exc))
        finally:
            connections.close_all()

    run_all_at_once([partial(decide_one, case) for case in cases])
    assert failures == []
    front = {r.department.code: r for r in overview(Period.year(timezone.localdate().year))}
    assert (front["front"].violations, front["front"].not_competent) == (8, 2)
    assert tallies.differences() == {}
