"""The inquiry and its records; see ticket.py (rules) and records.py (history)."""

from firstask.core.models import AppendOnlyError
from firstask.tickets.models.records import (
    Answer,
    DistilledTemplate,
    ExtensionRequest,
    FollowUp,
    Referral,
    TicketEvent,
)
from firstask.tickets.models.ticket import (
    MATTER_MAX,
    NOTE_MAX,
    OPEN_STATES,
    DaySequence,
    Ticket,
)

__all__ = [
    "MATTER_MAX",
    "NOTE_MAX",
    "OPEN_STATES",
    "Answer",
    "AppendOnlyError",
    "DaySequence",
    "DistilledTemplate",
    "ExtensionRequest",
    "FollowUp",
    "Referral",
    "Ticket",
    "TicketEvent",
]
