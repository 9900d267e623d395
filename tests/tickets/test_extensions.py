"""延期: the handler asks, the head or supervising leader decides, the visitor is told."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from firstask.tickets import services
from firstask.tickets.choices import EventKind
from firstask.workdays.services import seed_calendar
from tests.tickets.conftest import act, extend, register

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
END_OF_DECEMBER = datetime(2026, 12, 30, 17, 30, tzinfo=SH)


def ask(ticket, handler, reason: str = "需调档", until: datetime = END_OF_DECEMBER):
    """The handler asks for more time."""
    return act(ticket, "request_extension", handler, reason=reason, until=until)


@pytest.fixture
def handling(receptionist, realestate, handler, department_head, leader):
    seed_calendar([2026])
    with time_machine.travel(datetime(2026, 11, 16, 9, 0, tzinfo=SH), tick=False):
        ticket = register(receptionist)
        act(ticket, "refer", receptionist, department=realestate, handler=None, summary="过户")
        return act(ticket, "sign_for", handler)


def test_approved_extension_moves_the_deadline_and_records_the_notice(
    handling, handler, department_head
):
    until = datetime(2026, 11, 27, 17, 30, tzinfo=SH)
    with time_machine.travel(datetime(2026, 11, 17, 9, 0, tzinfo=SH), tick=False):
        notice = "已电话告知来访人新的办结时间"
        ticket = extend(handling, handler, department_head, until, visitor_notice=notice)
    assert ticket.due_at == until and not ticket.extension_pending
    approved = ticket.events.get(kind=EventKind.EXTENSION_APPROVED)
    assert approved.data["visitor_notice"] == "已电话告知来访人新的办结时间"
    assert approved.data["until"].startswith("2026-11-27")


def test_refused_extension_keeps_the_deadline(handling, handler, leader):
    before = handling.due_at
    ask(handling, handler, reason="忙")
    ticket = act(handling, "decide_extension", leader, approved=False, note="不同意")
    assert ticket.due_at == before and ticket.extended_until is None
    assert ticket.extensions.get().approved is False


@pytest.mark.parametrize("who", ["handler", "receptionist", "outsider", "inspector"])
def test_only_the_head_or_leader_decides(request, handling, handler, who):
    ask(handling, handler, reason="需调档")
    decider = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        act(handling, "decide_extension", decider, approved=True, visitor_notice="x")


def test_one_request_at_a_time(handling, handler):
    ask(handling, handler, reason="一")
    with pytest.raises(services.TicketConflict):
        ask(handling, handler, reason="二", until=datetime(2026, 12, 31, 17, 30, tzinfo=SH))


def test_approval_needs_the_visitor_notice_on_the_page(client, handling, handler, department_head):
    ask(handling, handler, reason="需调档")
    handling.refresh_from_db()
    client.force_login(department_head)
    response = client.post(
        reverse("tickets:action", args=[handling.number, "decide_extension"]),
        {"decide_extension-version": handling.version, "decide_extension-approved": "yes"},
    )
    assert response.status_code == 400
    assert "visitor_notice" in response.context["forms"]["decide_extension"].errors
