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
from uuid import UUID

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed, has_transition_perm

from firstask.directory.services import create_answer_template
from firstask.org.categories import category_label
from firstask.org.models import display_name
from firstask.org.selectors import department_id_of
from firstask.tickets import events
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
from firstask.tickets.handlers import Step, TicketConflict
from firstask.tickets.models import DistilledTemplate, Ticket, TicketEvent
from firstask.tickets.numbering import next_ticket_number
from firstask.tickets.selectors import earlier_one_time_notice


class RegistrationFailed(Exception):
    """Registering and answering on the spot failed part way: nothing was saved."""

    message = _(
        "The inquiry could not be registered and closed on the spot, so nothing was saved. "
        "Check the form and submit it again."
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


def register_once(
    *,
    actor: AbstractBaseUser,
    data: dict[str, Any],
    answer_on_the_spot: str = "",
    token: UUID | None = None,
) -> tuple[Ticket, bool]:
    """``register_ticket`` for a rendered intake form: (ticket, registered just now).

    ``token`` identifies the form as it was rendered. A second post of the same form —
    a double click, two tabs, the browser's "resubmit" — returns the inquiry the first
    post registered (False) instead of a duplicate. Two posts at the same moment meet
    at the unique token: the loser's transaction is rolled back whole and it, too, gets
    the winner's inquiry.
    """
    if token is None:
        return register_ticket(actor=actor, data=data, answer_on_the_spot=answer_on_the_spot), True
    earlier = _registered_from(token, actor)
    if earlier is not None:
        return earlier, False
    try:
        ticket = register_ticket(
            actor=actor, data=data, answer_on_the_spot=answer_on_the_spot, token=token
        )
    except IntegrityError:
        earlier = _registered_from(token, actor)
        if earlier is None:
            raise
        return earlier, False
    return ticket, True


def _registered_from(token: UUID, actor: AbstractBaseUser) -> Ticket | None:
    ticket = Ticket.objects.filter(intake_token=token).first()
    if ticket is not None and ticket.first_responder_id != actor.pk:
        raise PermissionDenied  # somebody else's form: never show them that inquiry
    return ticket


def register_ticket(
    *,
    actor: AbstractBaseUser,
    data: dict[str, Any],
    answer_on_the_spot: str = "",
    token: UUID | None = None,
) -> Ticket:
    """Register an inquiry with ``actor`` as its first responder, fixed forever.

    With ``answer_on_the_spot`` (the answer text) the same action also records the
    answer, a satisfied follow-up at the counter and the closure: three more events,
    the same transaction ("当场答复，来访人满意"). If any of those steps fails, nothing
    is saved and RegistrationFailed says so.
    """
    if not perms.can_register(actor):
        raise PermissionDenied
    now = timezone.now()
    values = {name: data[name] for name in REGISTRATION_FIELDS if data.get(name) is not None}
    values.setdefault("received_at", now)
    # One transaction for the registration and, when answered on the spot, its answer,
    # follow-up and closure: if any step fails, no half-registered inquiry stays behind.
    with transaction.atomic():
        ticket = Ticket(
            **values,
            number=next_ticket_number(timezone.localdate(values["received_at"])),
            first_responder=actor,
            first_responder_department_id=department_id_of(actor),
            intake_token=token,
        )
        ticket.repeat_of = earlier_one_time_notice(ticket, days=settings.REPEAT_VISIT_DAYS)
        refresh_deadlines(ticket, now=now)
        ticket.save()
        # The category's name as it was at registration: categories are data a manager
        # may rename later, and the log keeps what the desk saw.
        registered = {"channel": ticket.channel, "category": category_label(ticket.category)}
        if ticket.repeat_of_id:
            registered["repeat_of"] = ticket.repeat_of.number
        _record(ticket, actor, Step(EventKind.REGISTERED, data=registered), from_state="", at=now)
        if answer_on_the_spot:
            # The ticket the last transition returns is a fresh read of the row. Never
            # refresh an FSM model from the database: django-fsm-2 implements that by flipping the
            # state field's ``protected`` flag on the shared field object, process-wide,
            # so another thread meanwhile gets "Direct state modification is not allowed".
            try:
                ticket = finish_on_the_spot(ticket=ticket, actor=actor, answer=answer_on_the_spot)
            except (TicketConflict, PermissionDenied, DatabaseError) as error:
                raise RegistrationFailed from error  # leaving the block rolls it all back
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
    # Other inquiries the action touches (merge: the survivor), found before any lock.
    others = entry.others(ticket_id, data) if entry.others else {}
    with transaction.atomic():
        locked = _lock(ticket_id, *others.values())
        ticket = locked[ticket_id]
        if expected_version is not None and ticket.version != expected_version:
            raise TicketConflict
        method = getattr(ticket, action)
        if _refused(ticket, method, actor):
            raise PermissionDenied
        if not can_proceed(method) or not has_transition_perm(method, actor):
            raise TicketConflict
        if others:
            data["others"] = {name: locked.get(pk) for name, pk in others.items()}
        from_state = ticket.state
        now = timezone.now()
        steps = entry.handler(ticket, actor, now, data)
        if on_behalf := perms.acting_for(ticket, actor):
            absent = display_name(ticket.first_responder)
            for step in steps:  # 代岗: the deputy acted; the first responder stays accountable
                step.data.update(on_behalf_of=on_behalf, on_behalf_of_name=absent)
        ticket.version += 1
        refresh_deadlines(ticket, now=now)
        ticket.save()
        # Each step is recorded from where the previous one left the ticket to where it
        # left it itself (followed_up, then reopened: two real steps, not referred twice).
        for step in steps:
            if step.ticket is not None and step.ticket.pk != ticket.pk:
                events.note(step.ticket, actor, step.kind, at=now, note=step.note, data=step.data)
                continue
            to_state = step.to_state or ticket.state
            _record(ticket, actor, step, from_state=from_state, to_state=to_state, at=now)
            from_state = to_state
    return ticket


def _lock(*ticket_ids: int | None) -> dict[int, Ticket]:
    """Lock the rows of an action in ascending id order, in one statement.

    Two actions that each touch the same two inquiries (two merges crossed: A into B
    while B into A) then queue for the lower id first instead of each holding one row
    and waiting for the other, which PostgreSQL would end as a deadlock. Raises
    Ticket.DoesNotExist when the action's own inquiry is not there.
    """
    ids = sorted({pk for pk in ticket_ids if pk is not None})
    rows = {
        ticket.pk: ticket
        for ticket in Ticket.objects.select_for_update(of=("self",))
        .select_related("referred_department", "first_responder")
        .filter(pk__in=ids)
        .order_by("pk")
    }
    if ticket_ids[0] not in rows:
        raise Ticket.DoesNotExist
    return rows


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


def _record(
    ticket: Ticket,
    actor,
    step: Step,
    *,
    from_state: str,
    at: datetime,
    to_state: str | None = None,
) -> TicketEvent:
    return events.record(
        ticket,
        actor,
        step.kind,
        at=at,
        from_state=from_state,
        to_state=to_state or ticket.state,
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


def distil_template(*, ticket: Ticket, actor: AbstractBaseUser, title: str, text: str):
    """案例归档: keep a closed case's answer as a directory answer template.

    The template and the record of where it came from are written together; the link is
    kept on the tickets side so the directory never points up at tickets.
    """
    if not perms.can_distil_template(ticket, actor):
        raise PermissionDenied
    with transaction.atomic():
        template = create_answer_template(
            title=title, text=text, actor=actor, matter=ticket.directory_matter
        )
        DistilledTemplate.objects.create(template=template, ticket=ticket)
    return template


def reveal_phone(*, ticket: Ticket, actor: AbstractBaseUser, via: str = "") -> str:
    """Show the full number to someone who normally sees it masked; the look is logged.

    ``via`` names where else it was seen ("admin", "admin search"): every view of a
    full number leaves an event, the operator console's too.
    """
    if not perms.can_reveal_phone(ticket, actor):
        raise PermissionDenied
    events.note(ticket, actor, EventKind.PHONE_REVEALED, data={"via": via} if via else {})
    return ticket.visitor_phone


def log_phone_search(*, tickets: list[Ticket], actor: AbstractBaseUser, via: str) -> None:
    """A search by a full number shows whose number it is: one logged look per match."""
    TicketEvent.objects.bulk_create(
        TicketEvent(
            ticket=ticket,
            kind=EventKind.PHONE_REVEALED,
            actor=actor,
            at=timezone.now(),
            from_state=ticket.state,
            to_state=ticket.state,
            data={"via": via},
        )
        for ticket in tickets
        if perms.can_reveal_phone(ticket, actor)
    )


__all__ = [
    "RegistrationFailed",
    "State",
    "Step",
    "TicketConflict",
    "available_actions",
    "distil_template",
    "register_once",
    "register_ticket",
    "reveal_phone",
    "ticket_transition",
]
