"""Reads of inquiries, written once with their joins so each page costs a fixed number
of queries whatever the number of tickets."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from firstask.org.selectors import department_id_of
from firstask.tickets import permissions as perms
from firstask.tickets import search
from firstask.tickets.choices import AnswerKind, Channel, State
from firstask.tickets.models import (
    OPEN_STATES,
    CoDepartment,
    ExtensionRequest,
    FollowUp,
    Referral,
    Ticket,
    TicketEvent,
)
from firstask.tickets.phones import normalise_phone

LIST_RELATED = (
    "first_responder",
    "first_responder_department",
    "referred_department",
    "referred_handler",
)

WORKLISTS = ("mine", "department", "follow_up", "search")


def visible_tickets(user: AbstractBaseUser) -> QuerySet[Ticket]:
    """Every ticket ``user`` may see (the rule is ``permissions.visibility``)."""
    return Ticket.objects.filter(perms.visible_filter(user))


def _awaiting_follow_up() -> Q:
    # The IN comes first so the (first_responder, state) index narrows the rows; the OR
    # alone makes SQLite scan all of the person's tickets.
    return Q(state__in=[State.ANSWERED, State.REFERRED]) & (
        Q(state=State.ANSWERED) | Q(result_at__isnull=False)
    )


def ticket_list_for(user: AbstractBaseUser, worklist: str, q: str = "") -> QuerySet[Ticket]:
    """The rows of one worklist, newest first, with what the list shows joined in."""
    if worklist == "mine":
        # A deputy's list carries the absent colleague's open cases while the absence runs.
        people = [user.pk, *perms.covered_ids(user)]
        qs = Ticket.objects.filter(first_responder_id__in=people, state__in=OPEN_STATES)
    elif worklist == "department":
        # Through the one visibility rule: a member of the department who is neither a
        # handler nor its head sees none of its referrals here, as on the ticket page.
        dept = department_id_of(user)
        qs = visible_tickets(user).filter(
            referred_department_id=dept, state=State.REFERRED, result_at__isnull=True
        )
    elif worklist == "follow_up":
        people = [user.pk, *perms.covered_ids(user)]
        qs = Ticket.objects.filter(_awaiting_follow_up(), first_responder_id__in=people)
    else:
        scope = perms.visibility(user)
        qs = Ticket.objects.filter(scope.as_q())
        if q:
            own_only = not scope.everything and scope.referred_to is scope.registered_in is None
            narrow = scope.responders if own_only else frozenset()
            found = search_tickets(
                Ticket.objects.all(),
                q,
                scope=scope.as_q(),
                registered_by=narrow,
                everything=scope.everything,
            )
            return found.select_related(*LIST_RELATED)
    return qs.select_related(*LIST_RELATED).order_by("-received_at", "-pk")


NUMBER_RE = re.compile(r"^\d{8}-\d{1,4}$")


def search_tickets(
    qs: QuerySet[Ticket],
    q: str,
    *,
    scope: Q | None = None,
    registered_by: frozenset[int] = frozenset(),
    everything: bool = False,
) -> QuerySet[Ticket]:
    """A number (``20261121-0007``, or a day ``20261121``), a full phone (normalised),
    or a fragment of a name, unit, phone or matter — two characters or more, anywhere in
    the text (firstask/tickets/search.py); one character is the start of a name or unit.
    Newest first. ``scope``: the caller's visibility, applied here (a fragment search
    takes it as ``search.scoped`` writes it); ``registered_by``: the scope is only what
    these people registered; ``everything``: there is no scope."""
    q = q.strip()
    fragments = search.scoped(qs, scope or Q(), registered_by)
    qs = qs.filter(scope or Q())
    newest = ("-received_at", "-pk")
    if NUMBER_RE.match(q):
        day, seq = q.split("-")
        return qs.filter(number=f"{day}-{int(seq):04d}").order_by(*newest)
    if re.fullmatch(r"(19|20)\d{6}", q) and _is_day(q):
        return qs.filter(number__startswith=f"{q}-").order_by(*newest)
    digits = re.sub(r"[\s\-]", "", q)
    if digits.isdigit() and len(digits) >= 4:
        try:
            return qs.filter(visitor_phone=normalise_phone(q)).order_by(*newest)
        except ValidationError:
            return search.matching(
                fragments, digits, registered_by=registered_by, everything=everything
            )
    if len(q) < search.MIN_LENGTH:
        return qs.filter(_prefix("visitor_name", q) | _prefix("visitor_unit", q)).order_by(*newest)
    return search.matching(fragments, q, registered_by=registered_by, everything=everything)


def _is_day(text: str) -> bool:
    try:
        date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return False
    return True


def _prefix(field: str, q: str) -> Q:
    """A prefix match that an ordinary index can serve.

    SQLite's LIKE is case-insensitive and never uses a plain index; a range over the
    binary collation does. PostgreSQL gets LIKE 'q%' served by a pattern-ops index.
    """
    if connection.vendor == "sqlite":
        return Q(**{f"{field}__gte": q, f"{field}__lt": q + "\U0010ffff"})
    return Q(**{f"{field}__startswith": q})


def ticket_for_page(number: str) -> Ticket | None:
    """One ticket with everything its page shows: one query per kind of history row,
    however long the history is."""
    extensions = ExtensionRequest.objects.select_related("requested_by")
    events = TicketEvent.objects.select_related("actor").order_by("at", "pk")
    referrals = Referral.objects.select_related(
        "department", "handler", "referred_by", "signed_by", "returned_by"
    )
    return (
        Ticket.objects.select_related(
            *LIST_RELATED,
            "first_responder__profile",
            "first_responder_department__head",
            "directory_matter",
            "repeat_of",
        )
        .prefetch_related(
            Prefetch("events", queryset=events),
            Prefetch("referrals", queryset=referrals),
            "answers",
            Prefetch("follow_ups", queryset=FollowUp.objects.select_related("recorded_by")),
            Prefetch("extensions", queryset=extensions),
            "directory_matter__materials",
            Prefetch("co_departments", queryset=CoDepartment.objects.select_related("department")),
        )
        .filter(number=number)
        .first()
    )


def pending_extensions(ticket: Ticket) -> list[ExtensionRequest]:
    """The extension requests still waiting for a decision (read from the prefetch)."""
    if not ticket.extension_pending:
        return []
    return [x for x in ticket.extensions.all() if x.decided_at is None]


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def day_register(day: date, channel: str, user: AbstractBaseUser) -> QuerySet[Ticket]:
    """The day's 来访/来电 register: one row per inquiry, oldest first, as on paper."""
    start, end = day_bounds(day)
    qs = visible_tickets(user).filter(received_at__gte=start, received_at__lt=end)
    if channel in Channel.values:
        qs = qs.filter(channel=channel)
    return qs.select_related(*LIST_RELATED).order_by("received_at", "pk")


HISTORY_DAYS = 365
HISTORY_LIMIT = 10


def caller_history(*, phone: str = "", name: str = "", unit: str = "") -> list[Ticket]:
    """A caller's inquiries of the last twelve months, newest first (one query).

    Shown to whoever is registering, across the whole organisation: a repeat caller is
    the classic sign of an incomplete answer, and the first responder must see it
    whoever answered before. Only what the desk needs is shown (see the template).
    """
    since = timezone.now() - timedelta(days=HISTORY_DAYS)
    if phone:
        match = Q(visitor_phone=phone)
    elif name and unit:
        match = Q(visitor_name=name, visitor_unit=unit)
    else:
        return []
    return list(
        Ticket.objects.filter(match, received_at__gte=since)
        .exclude(state=State.VOID)
        .select_related("first_responder", "directory_matter")
        .order_by("-received_at")[:HISTORY_LIMIT]
    )


def earlier_one_time_notice(ticket: Ticket, *, days: int) -> Ticket | None:
    """The visitor's inquiry about the same directory matter answered with a one-time
    notice (一次性告知) within ``days``: coming back means the notice was not complete."""
    if not ticket.directory_matter_id or not (ticket.visitor_phone or ticket.visitor_name):
        return None
    same_visitor = (
        Q(visitor_phone=ticket.visitor_phone)
        if ticket.visitor_phone
        else Q(visitor_name=ticket.visitor_name, visitor_unit=ticket.visitor_unit)
    )
    return (
        Ticket.objects.filter(
            same_visitor,
            directory_matter_id=ticket.directory_matter_id,
            received_at__gte=ticket.received_at - timedelta(days=days),
            received_at__lt=ticket.received_at,
            answers__kind=AnswerKind.MATERIALS_MISSING,
        )
        .order_by("-received_at")
        .first()
    )


def usual_channel(user: AbstractBaseUser) -> str:
    """The channel of the person's latest registration (one query): a hotline operator's
    register opens on 来电, a receptionist's on 来访. Walk-in for someone new."""
    latest = (
        Ticket.objects.filter(first_responder=user)
        .order_by("-received_at", "-pk")
        .values_list("channel", flat=True)
        .first()
    )
    return latest or Channel.WALK_IN
