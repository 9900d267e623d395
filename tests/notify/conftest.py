"""Helpers for warning tests: Shanghai instants, a 2026 calendar, sweeps at a time."""

from __future__ import annotations

import pytest
import time_machine

from firstask.notify.models import Notification
from firstask.notify.sweep import sweep_warnings
from tests.clock import at


def sweep_at(*args, **kwargs):
    """Run the sweep with the clock at the given Shanghai wall time."""
    with time_machine.travel(at(*args), tick=False):
        return sweep_warnings(**kwargs)


def inbox_of(user) -> list[tuple[str, int, bool]]:
    """(kind, level, cc) of a user's notifications, oldest first."""
    return list(
        Notification.objects.filter(recipient=user)
        .order_by("created_at", "pk")
        .values_list("kind", "level", "cc")
    )


@pytest.fixture
def staff(receptionist, handler, department_head, leader, desk_head):
    """Everyone a warning can reach, with a department head and leader configured."""
    return {
        "receptionist": receptionist,
        "handler": handler,
        "head": department_head,
        "leader": leader,
        "desk_head": desk_head,
    }


def bulk_tickets(responder, *, due: int, idle: int = 0, closed: int = 0, now=None):
    """Tickets made fast (bulk_create), as the bench does: ``due`` open answers overdue
    at ``now``, ``idle`` open ones not due for a week, ``closed`` ones with no clock."""
    from datetime import timedelta

    from django.utils import timezone

    from firstask.tickets.models import Ticket

    now = now or timezone.now()
    start = Ticket.objects.count()
    rows = []
    for i in range(due + idle + closed):
        overdue = i < due
        later = now + timedelta(days=7)
        rows.append(
            Ticket(
                number=f"T{start + i:08d}",
                channel="walk_in",
                category="business",
                matter="批量",
                received_at=now - timedelta(days=3),
                first_responder=responder,
                first_responder_department_id=responder.profile.department_id,
                due_at=now - timedelta(hours=1) if overdue else later,
                due_soon_at=now - timedelta(hours=5) if overdue else later,
                next_warning_at=now - timedelta(hours=1) if overdue else later,
            )
        )
    made = Ticket.objects.bulk_create(rows)
    if closed:
        Ticket.objects.filter(pk__in=[t.pk for t in made[due + idle :]]).update(
            state="closed", next_warning_at=None, due_at=None, due_soon_at=None
        )
    return made[:due]


def assert_each_warning_once(expected: int) -> None:
    """``expected`` warnings, each one claim and one event: no (ticket, kind, level) twice."""
    from django.db.models import Count

    from firstask.notify.models import WarningClaim
    from firstask.tickets.choices import EventKind
    from firstask.tickets.models import TicketEvent

    assert WarningClaim.objects.count() == expected
    assert TicketEvent.objects.filter(kind=EventKind.WARNING).count() == expected
    doubled = (
        TicketEvent.objects.filter(kind=EventKind.WARNING)
        .values("ticket", "data__kind", "data__level")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not doubled.exists(), list(doubled)
