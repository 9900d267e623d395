"""Stored deadlines follow the ticket through its life, in Chinese working days."""

from __future__ import annotations

import pytest
import time_machine

from firstask.tickets.choices import State
from tests.clock import at
from tests.tickets.conftest import act, register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("calendar_2026")]


def test_consultation_is_due_the_same_working_day(receptionist):
    with time_machine.travel(at(2026, 11, 20, 10, 0), tick=False):  # a Friday
        ticket = register(receptionist, category="consultation")
    assert ticket.state == State.RECEIVED
    assert ticket.answer_due_at == ticket.due_at == at(2026, 11, 20, 17, 30)
    assert not ticket.deadline_provisional


def test_referral_clocks_skip_national_day_and_count_the_make_up_saturday(
    receptionist, realestate, handler
):
    with time_machine.travel(at(2026, 9, 30, 16, 0), tick=False):
        ticket = register(receptionist, category="business")
        ticket = act(
            ticket, "refer", receptionist, department=realestate, handler=None, summary="过户"
        )
    # one working day to sign for: Oct 1–7 are off, Thursday Oct 8 is the next workday
    assert ticket.sign_for_due_at == at(2026, 10, 8, 17, 30)
    with time_machine.travel(at(2026, 10, 8, 9, 0), tick=False):
        ticket = act(ticket, "sign_for", handler)
    # three working days from Thursday Oct 8: Fri 9, Sat 10 (make-up workday), Mon 12
    assert ticket.handle_due_at == ticket.due_at == at(2026, 10, 12, 17, 30)
    # Internal progress notes are off by default: no 24-hour clock on a plain referral.
    assert ticket.progress_due_at is None


def test_progress_notes_run_every_24_hours_only_where_the_policy_asks(
    receptionist, realestate, handler
):
    from firstask.workdays.models import DeadlinePolicy

    DeadlinePolicy.objects.filter(category="business").update(progress_notes_required=True)
    with time_machine.travel(at(2026, 10, 8, 9, 0), tick=False):
        ticket = register(receptionist, category="business")
        ticket = act(
            ticket, "refer", receptionist, department=realestate, handler=None, summary="过户"
        )
        ticket = act(ticket, "sign_for", handler)
    assert ticket.progress_due_at == at(2026, 10, 9, 9, 0)


def test_an_earlier_promise_wins(receptionist):
    with time_machine.travel(at(2026, 11, 16, 9, 0), tick=False):  # Monday
        ticket = register(receptionist, category="complaint", promised_at=at(2026, 11, 16, 15, 0))
    assert ticket.due_at == at(2026, 11, 16, 15, 0)


def test_traffic_light_turns_yellow_then_red(receptionist):
    with time_machine.travel(at(2026, 11, 20, 9, 0), tick=False):
        ticket = register(receptionist, category="consultation")
        assert ticket.light == "green"
    with time_machine.travel(at(2026, 11, 20, 16, 0), tick=False):
        assert ticket.light == "yellow"
    with time_machine.travel(at(2026, 11, 20, 17, 31), tick=False):
        assert ticket.light == "red"


def test_a_deadline_in_an_unconfigured_year_is_provisional_and_grey(
    receptionist, realestate, handler
):
    with time_machine.travel(at(2026, 12, 31, 9, 0), tick=False):
        ticket = register(receptionist, category="report")
        # Answer or refer the same day for every category (当即办理): not provisional.
        assert ticket.answer_due_at == at(2026, 12, 31, 17, 30)
        assert not ticket.deadline_provisional
        ticket = act(
            ticket, "refer", receptionist, department=realestate, handler=None, summary="举报"
        )
        ticket = act(ticket, "sign_for", handler)  # 15 working days → 2027
        assert ticket.deadline_provisional and ticket.light == "grey"


def test_closing_stops_the_clock(receptionist):
    with time_machine.travel(at(2026, 11, 20, 9, 0), tick=False):
        from firstask.tickets import services

        ticket = services.register_ticket(
            actor=receptionist,
            data={"channel": "walk_in", "category": "consultation", "matter": "问路"},
            answer_on_the_spot="在二楼",
        )
    assert ticket.state == State.CLOSED and ticket.due_at is None and ticket.light == ""
