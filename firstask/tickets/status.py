"""The visitor's status page: the receipt's extraction code (提取码), the rate limit on
wrong codes, the look-up log and what the visitor is shown.

The code is random and only its hash is stored, so the receipt is the one place it
exists; printing a new receipt issues a new code (the old one stops working). A wrong
code costs the address and the number a try each: ``ADDRESS_LIMIT`` wrong codes from one
address, or ``NUMBER_LIMIT`` against one number, within ``WINDOW`` lock that address (or
number) out until the window has passed. Every look-up is a StatusLookup row, and that
log is the limiter's memory, so it holds across processes and restarts.

What the visitor sees is a fixed, short list (``PublicStatus``): the state in plain
words, the department handling it, the promised time, the last public step, and the
first responder's name and work phone. Nothing else of the inquiry leaves this module.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from firstask.org.models import display_name
from firstask.tickets import events
from firstask.tickets.choices import EventKind, State
from firstask.tickets.models import StatusCode, StatusLookup, Ticket, TicketEvent

# No 0/O, 1/I/L: read off paper and typed on a phone.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6
WINDOW = timedelta(hours=1)
ADDRESS_LIMIT = 20
NUMBER_LIMIT = 10

# Plain words for the visitor, by state (a merged inquiry shows its survivor's).
PLAIN_STATE = {
    State.RECEIVED: _("Registered; the first responder is dealing with it"),
    State.ANSWERED: _("Answered; we will check with you that it is settled"),
    State.REFERRED: _("Passed to the responsible department, which is handling it"),
    State.FOLLOWED_UP: _("Handled; we have checked the outcome with you"),
    State.CLOSED: _("Finished"),
    State.VOID: _("Cancelled (registered in error)"),
}

# Steps a visitor may be told of (kind only: notes and names stay inside).
PUBLIC_STEPS = {
    EventKind.REGISTERED: _("Your inquiry was registered"),
    EventKind.ANSWERED: _("You were given an answer"),
    EventKind.REFERRED: _("Passed to the responsible department"),
    EventKind.ASSIGNED: _("Passed to the responsible department"),
    EventKind.SIGNED_FOR: _("The department has taken it on"),
    EventKind.RESULT: _("The department has reached a result"),
    EventKind.EXTENSION_APPROVED: _("More time was approved; you will be kept informed"),
    EventKind.FOLLOWED_UP: _("We checked the outcome with you"),
    EventKind.REOPENED: _("It is being handled again"),
    EventKind.CLOSED: _("Finished"),
    EventKind.MERGED_IN: _("A duplicate registration was merged into it"),
}


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    return "".join(text.split()).upper()


def issue_code(*, ticket: Ticket, actor) -> str:
    """A new extraction code for ``ticket`` (replacing any earlier one); returns it in
    clear text once, for the receipt. The issue is an event."""
    code = new_code()
    now = timezone.now()
    with transaction.atomic():
        StatusCode.objects.update_or_create(
            ticket=ticket,
            defaults={"code_hash": make_password(code), "issued_at": now, "issued_by": actor},
        )
        events.note(ticket, actor, EventKind.STATUS_CODE, at=now)
    return code


@dataclass(frozen=True)
class PublicStatus:
    number: str
    state: str
    department: str
    promised_at: datetime | None
    last_step: str
    last_step_at: datetime | None
    responder_name: str
    responder_phone: str
    merged_into: str  # the survivor's number when this one was merged, else ""


class Locked(Exception):
    """Too many wrong codes: from this address or against this number."""


def is_locked(address: str, number: str, now: datetime) -> bool:
    since = now - WINDOW
    wrong = StatusLookup.objects.filter(at__gt=since, ok=False, refused=False)
    return (
        wrong.filter(address=address).count() >= ADDRESS_LIMIT
        or wrong.filter(number=number).count() >= NUMBER_LIMIT
    )


def look_up(*, number: str, code: str, address: str) -> PublicStatus | None:
    """The visitor's status, or None for a wrong number/code; Locked when too many wrong
    tries came from ``address`` or against ``number``. Every call is logged."""
    now = timezone.now()
    number = number.strip()[:40]
    address = (address or "unknown")[:45]
    if is_locked(address, number, now):
        StatusLookup.objects.create(at=now, address=address, number=number, ok=False, refused=True)
        raise Locked
    stored = (
        StatusCode.objects.filter(ticket__number=number).values_list("code_hash", flat=True).first()
    )
    # Check a hash even for an unknown number, so timing does not tell which exist.
    ok = check_password(normalise_code(code), stored or make_password(None))
    StatusLookup.objects.create(at=now, address=address, number=number, ok=ok and bool(stored))
    if not (ok and stored):
        return None
    return public_status(number)


def public_status(number: str) -> PublicStatus:
    """What the page shows, read in two queries (the ticket with its joins, the last
    public step). A merged duplicate shows its survivor, where the work goes on."""
    ticket = (
        Ticket.objects.select_related(
            "first_responder__profile",
            "first_responder_department",
            "referred_department",
            "merged_into__first_responder__profile",
            "merged_into__first_responder_department",
            "merged_into__referred_department",
        )
        .only(
            "number",
            "state",
            "promised_at",
            "due_at",
            "first_responder__first_name",
            "first_responder__last_name",
            "first_responder__username",
            "first_responder__profile__work_phone",
            "first_responder_department__name",
            "referred_department__name",
            "merged_into__number",
            "merged_into__state",
            "merged_into__promised_at",
            "merged_into__due_at",
            "merged_into__first_responder__first_name",
            "merged_into__first_responder__last_name",
            "merged_into__first_responder__username",
            "merged_into__first_responder__profile__work_phone",
            "merged_into__first_responder_department__name",
            "merged_into__referred_department__name",
        )
        .get(number=number)
    )
    shown = ticket.merged_into if ticket.state == State.MERGED and ticket.merged_into else ticket
    step = (
        TicketEvent.objects.filter(ticket=shown, kind__in=list(PUBLIC_STEPS))
        .order_by("-at", "-pk")
        .values_list("kind", "at")
        .first()
    )
    department = shown.referred_department or shown.first_responder_department
    profile = getattr(shown.first_responder, "profile", None)
    return PublicStatus(
        number=ticket.number,
        state=str(PLAIN_STATE.get(shown.state, "")),
        department=department.name if department else "",
        promised_at=shown.promised_at or (shown.due_at if shown.state != State.CLOSED else None),
        last_step=str(PUBLIC_STEPS[step[0]]) if step else "",
        last_step_at=step[1] if step else None,
        responder_name=display_name(shown.first_responder),
        responder_phone=profile.work_phone if profile else "",
        merged_into=shown.number if shown is not ticket else "",
    )
