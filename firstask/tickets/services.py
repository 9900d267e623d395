"""The one way a ticket changes: registration and the transition service.

``ticket_transition`` locks the row, refuses stale or forbidden actions, runs the
model's transition (which only sets fields), writes the detail rows and the event, and
recomputes deadlines — all in one transaction, so a ticket and its history never
disagree. Views, admin actions and tasks all come through here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed, has_transition_perm

from firstask.org.models import Department, display_name
from firstask.org.roles import Role, has_role
from firstask.tickets import permissions as perms
from firstask.tickets.choices import (
    AnswerKind,
    EventKind,
    FollowUpMethod,
    Satisfaction,
    State,
)
from firstask.tickets.deadlines import refresh_deadlines
from firstask.tickets.models import (
    Answer,
    ExtensionRequest,
    FollowUp,
    Referral,
    Ticket,
    TicketEvent,
)
from firstask.tickets.numbering import next_ticket_number
from firstask.tickets.selectors import earlier_one_time_notice


class TicketConflict(Exception):
    """Someone else acted first: the page the user saw is out of date."""

    message = _(
        "This inquiry has already been handled by someone else. The page has been "
        "reloaded with its current state."
    )


@dataclass
class Step:
    """What a transition handler reports for the event row."""

    kind: str
    note: str = ""
    data: dict[str, Any] = field(default_factory=dict)


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
    if not getattr(actor, "is_active", False) or has_role(actor, Role.QUALITY_INSPECTOR):
        raise PermissionDenied
    now = timezone.now()
    values = {name: data[name] for name in REGISTRATION_FIELDS if data.get(name) is not None}
    values.setdefault("received_at", now)
    with transaction.atomic():
        ticket = Ticket(
            **values,
            number=next_ticket_number(timezone.localdate(values["received_at"])),
            first_responder=actor,
            first_responder_department_id=perms.department_id_of(actor),
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
            method=FollowUpMethod.COUNTER,
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
    handler = HANDLERS.get(action)
    if handler is None:
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
        steps = handler(ticket, actor, now, data)
        if on_behalf := perms.acting_for(ticket, actor):
            absent = display_name(ticket.first_responder)
            for step in steps:  # 代岗: the deputy acted; the first responder stays accountable
                step.data.update(on_behalf_of=on_behalf, on_behalf_of_name=absent)
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


def _open_referral(ticket: Ticket) -> Referral | None:
    return ticket.referrals.filter(returned_at__isnull=True).order_by("-referred_at", "-pk").first()


def _general_office() -> Department:
    office = Department.objects.filter(is_general_office=True, is_active=True).first()
    if office is None:
        raise PermissionDenied(_("No general office is configured."))
    return office


# --- one handler per action: set fields via the model's transition, write detail rows -----


def _answer(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
    kind = data["kind"]
    ticket.answer(kind=kind, at=now)
    answer = Answer.objects.create(
        ticket=ticket,
        kind=kind,
        text=data.get("text", ""),
        agency_name=data.get("agency_name", ""),
        agency_address=data.get("agency_address", ""),
        agency_phone=data.get("agency_phone", ""),
        missing_items=list(data.get("missing_items") or []),
        answered_by=actor,
        answered_at=now,
    )
    return [
        Step(
            EventKind.ANSWERED,
            note=answer.text,
            data={
                "kind": kind,
                "answer_id": answer.pk,
                "agency_name": answer.agency_name,
                "missing_items": answer.missing_items,
            },
        )
    ]


def _referral_step(kind: str, referral: Referral) -> Step:
    handler = referral.handler
    return Step(
        kind,
        note=referral.summary,
        data={
            "referral_id": referral.pk,
            "department_id": referral.department_id,
            "department": referral.department.name,
            "handler_id": handler.pk if handler else None,
            "handler": display_name(handler) if handler else "",
            "suggestion": referral.suggestion,
        },
    )


def _refer(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
    department = data.get("department") or _general_office()
    handler = data.get("handler")
    ticket.refer(department=department, handler=handler, at=now)
    refresh_deadlines(ticket, now=now)
    referral = Referral.objects.create(
        ticket=ticket,
        department=department,
        handler=handler,
        referred_by=actor,
        referred_at=now,
        summary=data.get("summary") or ticket.matter[:500],
        suggestion=data.get("suggestion", ""),
        deadline=ticket.handle_due_at,
    )
    return [_referral_step(EventKind.REFERRED, referral)]


def _assign(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
    previous = _open_referral(ticket)
    ticket.assign(department=data["department"], handler=data.get("handler"), at=now)
    refresh_deadlines(ticket, now=now)
    referral = Referral.objects.create(
        ticket=ticket,
        department=data["department"],
        handler=data.get("handler"),
        referred_by=actor,
        referred_at=now,
        via_general_office=True,
        summary=previous.summary if previous else ticket.matter[:500],
        suggestion=data.get("suggestion") or (previous.suggestion if previous else ""),
        deadline=ticket.handle_due_at,
    )
    if previous:
        previous.returned_at, previous.returned_by = now, actor
        previous.return_note = str(_("Assigned onward by the general office"))
        previous.save(update_fields=["returned_at", "returned_by", "return_note"])
    return [_referral_step(EventKind.ASSIGNED, referral)]


def _sign_for(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
    ticket.sign_for(by=actor, at=now)
    Referral.objects.filter(pk=getattr(_open_referral(ticket), "pk", None)).update(
        signed_at=now, signed_by=actor, handler=ticket.referred_handler
    )
    return [Step(EventKind.SIGNED_FOR, data={"department_id": ticket.referred_department_id})]


def _return_referral(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
    department_id = ticket.referred_department_id
    referral = _open_referral(ticket)
    ticket.return_referral(at=now)
    if referral:
        referral.returned_at, referral.returned_by = now, actor
        referral.return_reason, referral.return_note = data["reason"], data.get("note", "")
        referral.save(update_fields=["returned_at", "returned_by", "return_reason", "return_note"])
    return [
        Step(
            EventKind.RETURNED,
            note=data.get("note", ""),
            data={"reason": data["reason"], "department_id": department_id},
        )
    ]


def _post_progress(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
    ticket.post_progress(at=now)
    return [Step(EventKind.PROGRESS, note=data["note"])]


def _record_result(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
    ticket.record_result(at=now)
    Referral.objects.filter(pk=getattr(_open_referral(ticket), "pk", None)).update(
        result=data["result"], result_at=now
    )
    # 协办: a result before every co-department reported says which parts are missing.
    missing = list(
        ticket.co_departments.filter(reported_at__isnull=True).values_list(
            "department__name", flat=True
        )
    )
    return [Step(EventKind.RESULT, note=data["result"], data={"parts_missing": missing})]


def _follow_up(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
    satisfaction = data["satisfaction"]
    contacted_at = data.get("contacted_at") or now
    ticket.follow_up(satisfaction=satisfaction, at=contacted_at)
    FollowUp.objects.create(
        ticket=ticket,
        method=data["method"],
        contacted_at=contacted_at,
        satisfaction=satisfaction,
        remarks=data.get("remarks", ""),
        recorded_by=actor,
    )
    steps = [
        Step(
            EventKind.FOLLOWED_UP,
            note=data.get("remarks", ""),
            data={"method": data["method"], "satisfaction": satisfaction},
        )
    ]
    if satisfaction == Satisfaction.DISSATISFIED:
        # Never silently closed: 不满意 sends it straight back to be redone.
        ticket.reopen(at=now)
        steps.append(
            Step(
                EventKind.REOPENED, data={"redo_count": ticket.redo_count, "back_to": ticket.state}
            )
        )
    return steps


def _close(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
    ticket.close(at=now)
    return [Step(EventKind.CLOSED, note=data.get("note", ""))]


def _void(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
    ticket.void(reason=data["reason"], at=now)
    return [Step(EventKind.VOIDED, note=data["reason"])]


def _request_extension(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
    ticket.request_extension()
    request = ExtensionRequest.objects.create(
        ticket=ticket,
        requested_by=actor,
        requested_at=now,
        reason=data["reason"],
        requested_until=data["until"],
    )
    return [
        Step(
            EventKind.EXTENSION_REQUESTED,
            note=request.reason,
            data={"extension_id": request.pk, "until": request.requested_until.isoformat()},
        )
    ]


def _decide_extension(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
    request = ticket.extensions.filter(decided_at__isnull=True).order_by("-pk").first()
    approved = bool(data["approved"])
    ticket.decide_extension(approved=approved, until=request.requested_until if request else None)
    if request:
        request.decided_by, request.decided_at, request.approved = actor, now, approved
        request.decision_note = data.get("note", "")
        request.visitor_notice = data.get("visitor_notice", "")
        request.save(
            update_fields=[
                "decided_by",
                "decided_at",
                "approved",
                "decision_note",
                "visitor_notice",
            ]
        )
    kind = EventKind.EXTENSION_APPROVED if approved else EventKind.EXTENSION_REFUSED
    return [
        Step(
            kind,
            note=data.get("note", ""),
            data={
                "extension_id": request.pk if request else None,
                "until": request.requested_until.isoformat() if request and approved else "",
                "visitor_notice": data.get("visitor_notice", ""),
            },
        )
    ]


HANDLERS: dict[str, Callable[[Ticket, Any, datetime, dict], list[Step]]] = {
    "answer": _answer,
    "refer": _refer,
    "assign": _assign,
    "sign_for": _sign_for,
    "return_referral": _return_referral,
    "post_progress": _post_progress,
    "record_result": _record_result,
    "follow_up": _follow_up,
    "close": _close,
    "void": _void,
    "request_extension": _request_extension,
    "decide_extension": _decide_extension,
}


def available_actions(ticket: Ticket, user) -> list[str]:
    """The actions ``user`` could take on ``ticket`` now, for the page's buttons."""
    return [
        name
        for name in HANDLERS
        if can_proceed(getattr(ticket, name)) and has_transition_perm(getattr(ticket, name), user)
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
    "TicketConflict",
    "available_actions",
    "register_ticket",
    "reveal_phone",
    "ticket_transition",
]
