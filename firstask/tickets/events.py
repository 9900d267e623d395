"""Writing the append-only log: every ``TicketEvent`` row is made here.

The transition service records each step of an action (``record``); casework records
(a reply to a 督办 order, a co-department's part), the receipt's extraction code and a
look at a full phone number record a *note* — an event that takes no step, from and to
the state the ticket is in (``note``). Events are never changed or deleted.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from firstask.tickets.models import Ticket, TicketEvent


def record(
    ticket: Ticket,
    actor,
    kind: str,
    *,
    at: datetime,
    from_state: str,
    to_state: str,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> TicketEvent:
    return TicketEvent.objects.create(
        ticket=ticket,
        kind=kind,
        actor=actor,
        at=at,
        from_state=from_state,
        to_state=to_state,
        note=note,
        data=data or {},
    )


def note(
    ticket: Ticket,
    actor,
    kind: str,
    *,
    at: datetime | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> TicketEvent:
    """An event that changes nothing: from and to the ticket's state now."""
    state = ticket.state
    return record(
        ticket,
        actor,
        kind,
        at=at or timezone.now(),
        from_state=state,
        to_state=state,
        note=note,
        data=data,
    )
