"""Deadline rules read the events, so a later move cannot hide (or fake) a missed deadline."""

from __future__ import annotations

import pytest

from firstask.inspection.selectors import audit_day
from tests.inspection.conftest import DAY, at, clear_deadlines, on, set_deadline
from tests.tickets.conftest import act, register

pytestmark = pytest.mark.django_db


def flagged(rule: str) -> set[int]:
    return {f.ticket_id for f in audit_day(DAY).flags if f.rule == rule}


def refer(ticket, receptionist, department):
    act(ticket, "refer", receptionist, department=department, handler=None, summary="过户材料")


def two_referred(receptionist, department):
    """Two inquiries registered and referred the day before DAY."""
    with on(-1, "09:00"):
        pair = register(receptionist), register(receptionist)
        for ticket in pair:
            refer(ticket, receptionist, department)
    return pair


def test_a_return_restarts_the_first_responders_clock(receptionist, handler, realestate):
    idle, rereferred = two_referred(receptionist, realestate)
    with on(0, "09:00"):
        act(idle, "return_referral", handler, reason="not_ours", note="非本科室")
        act(rereferred, "return_referral", handler, reason="not_ours", note="非本科室")
    with on(0, "11:00"):
        refer(rereferred, receptionist, realestate)
    clear_deadlines()
    for t in (idle, rereferred):
        set_deadline(t, answer_due_at=at(0, "12:00"))
    assert flagged("answer_overdue") == {idle.pk}


def test_signing_late_stays_late_and_a_return_in_time_is_not_late(
    receptionist, handler, realestate
):
    late, returned = two_referred(receptionist, realestate)
    with on(0, "09:00"):
        act(returned, "return_referral", handler, reason="unclear", note="归属不清")
    with on(0, "16:00"):
        act(late, "sign_for", handler)  # after the deadline: still a breach that day
    clear_deadlines()
    for t in (late, returned):
        set_deadline(t, sign_for_due_at=at(0, "10:00"))
    assert flagged("sign_for_late") == {late.pk}


def test_deadlines_of_other_days_and_unset_deadlines_do_not_count(receptionist):
    with on(0, "09:00"):
        tomorrow, _unset = register(receptionist), register(receptionist)
    clear_deadlines()
    set_deadline(tomorrow, answer_due_at=at(1, "09:00"))
    assert flagged("answer_overdue") == set()
    assert {f.rule for f in audit_day(DAY.replace(day=DAY.day + 1)).flags} == {"answer_overdue"}


def test_a_stored_progress_deadline_is_used_when_set(receptionist, handler, realestate):
    with on(-1, "09:00"):
        ticket = register(receptionist)
        refer(ticket, receptionist, realestate)
        act(ticket, "sign_for", handler)
    clear_deadlines()
    set_deadline(ticket, progress_due_at=at(1, "08:30"))  # the office opens after a holiday
    assert flagged("no_progress") == set()  # not 24 h after signing
    later = {f.rule for f in audit_day(DAY.replace(day=DAY.day + 1)).flags}
    assert later == {"no_progress"}
