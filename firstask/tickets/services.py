"""The one way a ticket changes: registration and the transition service.

``ticket_transition`` locks the row, refuses stale or forbidden actions, runs the
model's transition (which only sets fields), writes the detail rows and the event, and
recomputes deadlines — all in one transaction, so a ticket and its history never
disagree. Views, admin actions and tasks all come through here. What each action does
beyond that is its handler (``tickets.handlers``), found in ``tickets.actions.ACTIONS``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed, has_transition_perm

from firstask.org.selectors import department_id_of
from firstask.tickets import permissions as perms
from firstask.tickets.actions import ACTIONS
from firstask.tickets.choices import (
    CHANNEL_FOLLOW_UP,
    AnswerKind,
    EventKind,
    FollowUpMethod,
    Satisfaction,
    State,
)
from firstask.tickets.deadlines import refresh_deadlines
from firstask.tickets.handlers import Step
from firstask.tickets.models import Ticket, TicketEvent
from firstask.tickets.numbering import next_ticket_number
from firstask.tickets.selectors import earlier_one_time_notice


class TicketConflict(Exception):
    """Someone else acted first: the page the user saw is out of date."""

    message = _(
        "This inquiry has already been handled by someone else. The page has been "
        "reloaded with its current state."
    )


# --- registration ----------------------------------------------------------------------

REGISTRATION_FIELDS = (
    "channel",
    "category",
    "urgency",
    "received_at",
    "visitor_name",
    "visitor_unit",
    "visitor_phone",
    "visitor_address",
    "matter",
    "materials_received",
    "call_time",
    "letter_date",
    "letter_reference",
    "online_source",
    "promised_at",
    "directory_matter",
)


def register_ticket(
    *, actor: AbstractBaseUser, data: dict[str, Any], answer_on_the_spot: str = ""
) -> Ticket:
    """Register an inquiry with ``actor`` as its first responder, fixed forever.

    With ``answer_on_the_spot`` (the answer text) the same action also records the
    answer, a satisfied follow-up at the counter and the closure: three more events,
    the same transaction ("当场答复，来访人满意").
    """
    if not perms.can_register(actor):
        raise PermissionDenied
    now = timezone.now()
    values = {name: data[name] for name in REGISTRATION_FIELDS if data.get(name) is not None}
    values.setdefault("received_at", now)
    with transaction.atomic():
        ticket = Ticket(
            **values,
            number=next_ticket_number(timezone.localdate(values["received_at"])),
            first_responder=actor,
            first_responder_department_id=department_id_of(actor),
        )
        ticket.repeat_of = earlier_one_time_notice(ticket, days=settings.REPEAT_VISIT_DAYS)
        refresh_deadlines(ticket, now=now)
        ticket.save()
        registered = {"channel": ticket.channel}
        if ticket.repeat_of_id:
            registered["repeat_of"] = ticket.repeat_of.number
        _record(ticket, actor, Step(EventKind.REGISTERED, data=registered), from_state="", at=now)
    if answer_on_the_spot:
        finish_on_the_spot(ticket=ticket, actor=actor, answer=answer_on_the_spot)
        ticket.refresh_from_db()
    return ticket


def finish_on_the_spot(*, ticket: Ticket, actor: AbstractBaseUser, answer: str) -> Ticket:
    """answered → followed_up → closed in one action, each step its own event."""
    with transaction.atomic():
        ticket_transition(
            ticket_id=ticket.pk,
            action="answer",
            actor=actor,
            kind=AnswerKind.ON_THE_SPOT,
            text=answer,
        )
        ticket_transition(
            ticket_id=ticket.pk,
            action="follow_up",
            actor=actor,
            # The channel's own way: a call is confirmed on the phone, a visit at the desk.
            method=CHANNEL_FOLLOW_UP.get(ticket.channel, FollowUpMethod.COUNTER),
            satisfaction=Satisfaction.SATISFIED,
            remarks="",
        )
        return ticket_transition(ticket_id=ticket.pk, action="close", actor=actor)


# --- the transition service ----------------------------------------------------------------


def ticket_transition(
    *,
    ticket_id: int,
    action: str,
    actor: AbstractBaseUser,
    expected_version: int | None = None,
    **data: Any,
) -> Ticket:
    """Run ``action`` on the ticket for ``actor``.

    Raises TicketConflict when the ticket moved on since the user loaded it (or the
    action is no longer possible), PermissionDenied when the actor may not do it.
    """
    entry = ACTIONS.get(action)
    if entry is None:
        raise PermissionDenied
    with transaction.atomic():
        ticket = (
            Ticket.objects.select_for_update(of=("self",))
            .select_related("referred_department", "first_responder")
            .get(pk=ticket_id)
        )
        if expected_version is not None and ticket.version != expected_version:
            raise TicketConflict
        method = getattr(ticket, action)
        if _refused(ticket, method, actor):
            raise PermissionDenied
        if not can_proceed(method) or not has_transition_perm(method, actor):
            raise TicketConflict
        from_state = ticket.state
        now = timezone.now()
        steps = entry.handler(ticket, actor, now, data)
        ticket.version += 1
        refresh_deadlines(ticket, now=now)
        ticket.save()
        for step in steps:
            _record(ticket, actor, step, from_state=from_state, at=now)
    return ticket


def _refused(ticket: Ticket, method, actor) -> bool:
    """The actor may not take this transition from the ticket's current state at all.

    Checked before the transition's conditions, so someone who could never do it gets a
    403 rather than a hint about the ticket's state; a person who may act but whose
    ticket has moved on gets the friendly conflict instead.
    """
    meta = method._django_fsm
    return meta.has_transition(ticket.state) and not meta.has_transition_perm(
        ticket, ticket.state, actor
    )


def _record(ticket: Ticket, actor, step: Step, *, from_state: str, at: datetime) -> TicketEvent:
    return TicketEvent.objects.create(
        ticket=ticket,
        kind=step.kind,
        actor=actor,
        at=at,
        from_state=from_state,
        to_state=ticket.state,
        note=step.note,
        data=step.data,
    )


def available_actions(ticket: Ticket, user) -> list[str]:
    """The actions ``user`` could take on ``ticket`` now, for the page's buttons."""
    return [
        action.name
        for action in ACTIONS
        if can_proceed(getattr(ticket, action.name))
        and has_transition_perm(getattr(ticket, action.name), user)
    ]


def reveal_phone(*, ticket: Ticket, actor: AbstractBaseUser) -> str:
    """Show the full number to someone who normally sees it masked; the look is logged."""
    if not perms.can_reveal_phone(ticket, actor):
        raise PermissionDenied
    TicketEvent.objects.create(
        ticket=ticket,
        kind=EventKind.PHONE_REVEALED,
        actor=actor,
        from_state=ticket.state,
        to_state=ticket.state,
    )
    return ticket.visitor_phone


__all__ = [
    "State",
    "Step",
    "TicketConflict",
    "available_actions",
    "register_ticket",
    "reveal_phone",
    "ticket_transition",
]
