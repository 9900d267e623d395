"""One handler per ticket action: the effects of a transition beyond the ticket's fields.

A handler runs inside ``services.ticket_transition``'s transaction with the ticket row
locked. It calls the model's transition (which only sets the ticket's fields), writes
the detail rows the action owns (an answer, a referral, a follow-up, an extension
request) and returns the ``Step``s the service records as events. It never saves the
ticket, never writes an event and never checks permissions: the service does those
once for every action. ``tickets.actions`` names each handler in the vocabulary.

An action that touches another inquiry (merge: the survivor) names it in the
vocabulary (``Action.others``); the service locks it with this one and hands it to the
handler in ``data["others"]``, and a ``Step(ticket=…)`` records the event on it.
A handler raises ``TicketConflict`` when what it relies on moved on after the user
looked (a lost race), ``ValidationError`` for input that the form could not check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from firstask.org.models import Department, display_name
from firstask.tickets.choices import EventKind, Satisfaction
from firstask.tickets.deadlines import paused_office_seconds, refresh_deadlines
from firstask.tickets.models import Answer, ExtensionRequest, FollowUp, Referral, Ticket
from firstask.workdays.maths import add_working_time
from firstask.workdays.selectors import work_calendar


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
    # The state this step left the ticket in, when a handler takes more than one step
    # (followed_up, then reopened); empty: the state the whole action ends in.
    to_state: str = ""
    # Another inquiry the action locked (``data["others"]``), when the event is about
    # it: recorded there as a note, from and to its own state. None: this inquiry.
    ticket: Ticket | None = None


Handler = Callable[[Ticket, Any, datetime, dict], list[Step]]


def _open_referral(ticket: Ticket) -> Referral | None:
    return ticket.referrals.filter(returned_at__isnull=True).order_by("-referred_at", "-pk").first()


def _general_office() -> Department:
    office = Department.objects.filter(is_general_office=True, is_active=True).first()
    if office is None:
        raise PermissionDenied(_("No general office is configured."))
    return office


def answer(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
    kind = data["kind"]
    ticket.answer(kind=kind, at=now)
    answer = Answer.objects.create(
        ticket=ticket,
        kind=kind,
        text=data.get("text", ""),
        agency_name=data.get("agency_name", ""),
        agency_address=data.get("agency_address", ""),
        agency_phone=data.get("agency_phone", ""),
        agency_contact=data.get("agency_contact", ""),
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


def refer(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
    department = data.get("department") or _general_office()
    handler = data.get("handler")
    ticket.refer(department=department, handler=handler, at=now)
    # The referrer's limit on the slip (within the policy; the form checks it).
    ticket.handle_days_limit = data.get("handle_days")
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
        handle_days=data.get("handle_days"),
    )
    return [_referral_step(EventKind.REFERRED, referral)]


def assign(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
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


def sign_for(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
    ticket.sign_for(by=actor, at=now)
    Referral.objects.filter(pk=getattr(_open_referral(ticket), "pk", None)).update(
        signed_at=now, signed_by=actor, handler=ticket.referred_handler
    )
    return [Step(EventKind.SIGNED_FOR, data={"department_id": ticket.referred_department_id})]


def return_referral(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
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


def post_progress(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
    ticket.post_progress(at=now)
    return [Step(EventKind.PROGRESS, note=data["note"])]


def record_result(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
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


# Optional 1–5 scores of the follow-up (docs/domain.md#measures); the measures read them.
SCORE_FIELDS = ("score_attitude", "score_speed", "score_resolution")


def follow_up(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
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
        **{name: data.get(name) for name in SCORE_FIELDS},
    )
    followed = {"method": data["method"], "satisfaction": satisfaction}
    followed.update({name: data[name] for name in SCORE_FIELDS if data.get(name) is not None})
    steps = [
        Step(
            EventKind.FOLLOWED_UP,
            note=data.get("remarks", ""),
            data=followed,
            to_state=ticket.state,
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


def pause(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
    ticket.pause(reason=data["reason"], at=now)
    return [Step(EventKind.PAUSED, note=data["reason"], data={"clock": ticket.clock})]


def resume(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
    """The office time spent paused is added to the running clock, the promise and any
    extension: the visitor's delay is not counted against the staff."""
    paused_at = ticket.paused_at
    seconds = paused_office_seconds(paused_at, now)
    ticket.resume(at=now, paused_for_seconds=seconds)
    if seconds:
        cal = work_calendar()
        shift = timedelta(seconds=seconds)
        if ticket.promised_at:
            ticket.promised_at = add_working_time(ticket.promised_at, shift, cal).at
        if ticket.extended_until:
            ticket.extended_until = add_working_time(ticket.extended_until, shift, cal).at
    return [
        Step(
            EventKind.RESUMED,
            data={"paused_at": paused_at.isoformat(), "paused_office_seconds": seconds},
        )
    ]


def contact_visitor(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
    ticket.contact_visitor(at=now)
    return [Step(EventKind.VISITOR_CONTACTED, note=data["note"], data={"method": data["method"]})]


def close(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
    ticket.close(at=now)
    return [Step(EventKind.CLOSED, note=data.get("note", ""))]


def void(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
    ticket.void(reason=data["reason"], at=now)
    return [Step(EventKind.VOIDED, note=data["reason"])]


def request_extension(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
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


def decide_extension(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
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
    if approved:
        # Telling the visitor of the new deadline is a contact: the 24-hour clock of an
        # extended item (002) starts from here. The open slip's deadline moves with it.
        ticket.last_visitor_contact_at = now
        Referral.objects.filter(pk=getattr(_open_referral(ticket), "pk", None)).update(
            deadline=ticket.extended_until
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
