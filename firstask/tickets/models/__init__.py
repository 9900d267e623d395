"""The inquiry and its records; see ticket.py (rules) and records.py (history)."""

from firstask.core.models import AppendOnlyError
from firstask.tickets.models.attachments import Attachment
from firstask.tickets.models.casework import (
    Chase,
    CoDepartment,
    StatusCode,
    StatusLookup,
    SupervisionOrder,
)
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
    "Attachment",
    "Chase",
    "CoDepartment",
    "DaySequence",
    "DistilledTemplate",
    "ExtensionRequest",
    "FollowUp",
    "Referral",
    "StatusCode",
    "StatusLookup",
    "SupervisionOrder",
    "Ticket",
    "TicketEvent",
]
