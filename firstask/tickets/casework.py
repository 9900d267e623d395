"""Casework beside the handling: 督办 supervision orders, 催办 chases, 协办
co-departments, 合并 merge and its undo.

The steps on the inquiry itself are actions of the one vocabulary (``tickets.actions``:
``supervise``, ``chase``, ``add_co_department``, ``merge_into``, ``unmerge``); their
handlers are here and only ``services.ticket_transition`` runs them — it locks the rows
(both inquiries of a merge, in ascending id order), checks permission, bumps the
version and writes the events. The thin wrappers of the same names (``chase``,
``merge``, …) call that service for code and tests.

The steps on one casework *record* — a reply to an order, a co-department's sign-for
and part — change no inquiry: ``reply_supervision`` and ``part_step`` lock the record
and the ticket row, check the one permission module, and write the record and a note
event in one transaction. Notices go out through ``signals.notice``.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from firstask.org.models import Department, display_name
from firstask.tickets import events
from firstask.tickets import permissions as perms
from firstask.tickets.choices import EventKind
from firstask.tickets.handlers import Step, TicketConflict
from firstask.tickets.models import Chase, CoDepartment, SupervisionOrder, Ticket
from firstask.tickets.signals import notice

# notify's codes (tickets cannot import notify; notify's choices carry the labels)
NOTICE_SUPERVISION = "supervision"
NOTICE_CHASE = "chase"
NOTICE_CO = "co_handling"
LEVEL_NOTICE = 1


class AlreadyDone(Exception):
    """Someone else got there first (a lost race): the friendly 'already handled'."""

    message = _("This has already been handled by someone else; the page shows it now.")


def _locked(ticket_id: int) -> Ticket:
    return (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("referred_department", "first_responder_department", "first_responder")
        .get(pk=ticket_id)
    )


def _event(ticket: Ticket, actor, kind: str, at: datetime, note: str = "", **data) -> None:
    on_behalf = perms.acting_for(ticket, actor) if actor is not None else None
    if on_behalf:
        data.update(on_behalf_of=on_behalf, on_behalf_of_name=display_name(ticket.first_responder))
    events.note(ticket, actor, kind, at=at, note=note, data=data)


def _tell(ticket, kind, to, *, cc=(), deadline=None, at=None) -> None:
    to = [u for u in dict.fromkeys(to) if u]
    if to:
        notice.send(
            sender=Ticket,
            ticket=ticket,
            kind=kind,
            level=LEVEL_NOTICE,
            to=to,
            cc=[u for u in dict.fromkeys(cc) if u and u not in to],
            deadline=deadline,
            at=at or timezone.now(),
        )


def department_contact(department: Department | None, handler_id: int | None) -> int | None:
    """Who answers for a department's part: the named handler, else its head."""
    if handler_id:
        return handler_id
    return department.head_id if department else None


# --- 督办 -----------------------------------------------------------------------------------


def supervision_addressees(ticket: Ticket) -> list[tuple[int, str]]:
    """Whom a 督办 order can be addressed to: the handler, the handling department's
    head, the first responder (id, label) — people who answer for the inquiry."""
    people = []
    if ticket.referred_handler_id:
        people.append(ticket.referred_handler)
    if ticket.referred_department_id and ticket.referred_department.head_id:
        people.append(ticket.referred_department.head)
    people.append(ticket.first_responder)
    seen, choices = set(), []
    for person in people:
        if person.pk not in seen:
            seen.add(person.pk)
            choices.append((person.pk, display_name(person)))
    return choices


def supervise(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
    """Handler of the ``supervise`` action (督办): the order row, a notice to the addressee."""
    addressee_id = int(data["addressee"])
    reply_due_at = data["reply_due_at"]
    if addressee_id not in {pk for pk, _label in supervision_addressees(ticket)}:
        raise ValidationError({"addressee": _("Choose someone who answers for this inquiry.")})
    if reply_due_at <= now:
        raise ValidationError({"reply_due_at": _("The reply deadline must be in the future.")})
    ticket.supervise()
    order = SupervisionOrder.objects.create(
        ticket=ticket,
        issued_by=actor,
        issued_at=now,
        addressee_id=addressee_id,
        instruction=data["instruction"],
        reply_due_at=reply_due_at,
        next_warning_at=reply_due_at,
    )
    _tell(ticket, NOTICE_SUPERVISION, [addressee_id], deadline=reply_due_at, at=now)
    return [
        Step(
            EventKind.SUPERVISION_ISSUED,
            note=order.instruction,
            data={
                "order_id": order.pk,
                "addressee_id": addressee_id,
                "reply_due_at": reply_due_at.isoformat(),
            },
        )
    ]


def issue_supervision(
    *,
    ticket_id: int,
    actor: AbstractBaseUser,
    addressee_id: int,
    instruction: str,
    reply_due_at: datetime,
) -> SupervisionOrder:
    """督办 through the transition service (as the ticket page does)."""
    from firstask.tickets.services import ticket_transition

    ticket_transition(
        ticket_id=ticket_id,
        action="supervise",
        actor=actor,
        addressee=addressee_id,
        instruction=instruction,
        reply_due_at=reply_due_at,
    )
    return SupervisionOrder.objects.filter(ticket_id=ticket_id).order_by("-pk").first()


def reply_supervision(*, order_id: int, actor: AbstractBaseUser, reply: str) -> SupervisionOrder:
    now = timezone.now()
    with transaction.atomic():
        order = SupervisionOrder.objects.select_for_update().get(pk=order_id)
        ticket = _locked(order.ticket_id)
        if order.replied_at is not None:
            raise AlreadyDone
        if not perms.can_reply_supervision(order, actor):
            raise PermissionDenied
        order.reply, order.replied_at, order.replied_by = reply, now, actor
        order.next_warning_at = None
        order.save(update_fields=["reply", "replied_at", "replied_by", "next_warning_at"])
        data = {"order_id": order.pk}
        if order.addressee_id != actor.pk:
            data.update(
                on_behalf_of=order.addressee_id, on_behalf_of_name=display_name(order.addressee)
            )
        events.note(ticket, actor, EventKind.SUPERVISION_REPLIED, at=now, note=reply, data=data)
        _tell(ticket, NOTICE_SUPERVISION, [order.issued_by_id], deadline=None, at=now)
    return order


# --- 催办 -----------------------------------------------------------------------------------


def chase_handler(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
    """Handler of the ``chase`` action (催办): the Chase row, a notice to the handler."""
    ticket.chase()
    note = data.get("note", "")
    department = ticket.referred_department
    record = Chase.objects.create(
        ticket=ticket, department=department, chased_by=actor, at=now, note=note
    )
    contact = department_contact(department, ticket.referred_handler_id)
    _tell(ticket, NOTICE_CHASE, [contact], cc=[department.head_id], deadline=ticket.due_at, at=now)
    return [
        Step(
            EventKind.CHASED,
            note=note,
            data={"department_id": department.pk, "chase_id": record.pk},
        )
    ]


def chase(*, ticket_id: int, actor: AbstractBaseUser, note: str = "") -> Chase:
    from firstask.tickets.services import ticket_transition

    ticket_transition(ticket_id=ticket_id, action="chase", actor=actor, note=note)
    return Chase.objects.filter(ticket_id=ticket_id).order_by("-pk").first()


# --- 协办 -----------------------------------------------------------------------------------


def co_department_handler(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
    """Handler of the ``add_co_department`` action (协办)."""
    department = data["department"]
    request = data.get("request", "")
    if department.pk == ticket.referred_department_id:
        raise ValidationError({"department": _("This is already the lead department.")})
    if ticket.co_departments.filter(department=department).exists():
        raise ValidationError({"department": _("This department is already joined.")})
    ticket.add_co_department()
    CoDepartment.objects.create(
        ticket=ticket, department=department, request=request, added_by=actor, added_at=now
    )
    _tell(ticket, NOTICE_CO, [department.head_id], at=now)
    return [
        Step(
            EventKind.CO_ADDED,
            note=request,
            data={"department_id": department.pk, "department": department.name},
        )
    ]


def add_co_department(
    *, ticket_id: int, actor: AbstractBaseUser, department: Department, request: str = ""
) -> CoDepartment:
    from firstask.tickets.services import ticket_transition

    ticket_transition(
        ticket_id=ticket_id,
        action="add_co_department",
        actor=actor,
        department=department,
        request=request,
    )
    return CoDepartment.objects.get(ticket_id=ticket_id, department=department)


def sign_part(*, co_id: int, actor: AbstractBaseUser) -> CoDepartment:
    """A co-department takes its part on (签收)."""
    return part_step(co_id=co_id, actor=actor, part=None)


def report_part(*, co_id: int, actor: AbstractBaseUser, part: str) -> CoDepartment:
    """A co-department reports its part to the lead department (signing for it too)."""
    return part_step(co_id=co_id, actor=actor, part=part)


def part_step(*, co_id: int, actor: AbstractBaseUser, part: str | None) -> CoDepartment:
    """Sign for the part (``part`` None) or report it; AlreadyDone when someone of the
    department got there first."""
    now = timezone.now()
    with transaction.atomic():
        co = CoDepartment.objects.select_for_update().select_related("department").get(pk=co_id)
        ticket = _locked(co.ticket_id)
        if (co.signed_at if part is None else co.reported_at) is not None:
            raise AlreadyDone
        if not perms.can_report_part(ticket, actor, co):
            raise PermissionDenied
        if co.signed_at is None:
            co.signed_at, co.signed_by = now, actor
        if part is None:
            _event(ticket, actor, EventKind.CO_SIGNED, now, department_id=co.department_id)
        else:
            co.part, co.reported_at, co.reported_by = part, now, actor
            _event(
                ticket, actor, EventKind.CO_REPORTED, now, note=part, department_id=co.department_id
            )
            lead = department_contact(ticket.referred_department, ticket.referred_handler_id)
            _tell(ticket, NOTICE_CO, [lead], at=now)
        co.save(update_fields=["signed_at", "signed_by", "part", "reported_at", "reported_by"])
    return co


def missing_parts(ticket: Ticket) -> list[str]:
    """Co-departments that have not reported: written on the lead's result."""
    return list(
        ticket.co_departments.filter(reported_at__isnull=True)
        .order_by("added_at", "pk")
        .values_list("department__name", flat=True)
    )


# --- 合并 -----------------------------------------------------------------------------------


def survivor_of(ticket_id: int, data: dict) -> dict[str, int | None]:
    """``merge_into``'s other inquiry: the survivor the user named (a ticket the form
    read, or a number), found before the service locks both rows."""
    named = data["survivor"]
    if isinstance(named, Ticket):
        return {"survivor": named.pk}
    pk = Ticket.objects.filter(number=str(named).strip()).values_list("pk", flat=True).first()
    return {"survivor": pk}


def survivor_of_merged(ticket_id: int, data: dict) -> dict[str, int | None]:
    """``unmerge``'s other inquiry: the survivor the duplicate points at now."""
    pk = Ticket.objects.filter(pk=ticket_id).values_list("merged_into_id", flat=True).first()
    return {"survivor": pk}


def merge_handler(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
    """Handler of ``merge_into``: the duplicate (this ticket) points at the survivor,
    both locked by the service; each gets its event. Nothing is deleted."""
    survivor = data["others"]["survivor"]
    if survivor is None or survivor.pk == ticket.pk or not perms.can_view(survivor, actor):
        raise ValidationError({"survivor": _("Give the number of another inquiry.")})
    if not survivor.is_open:
        if isinstance(data["survivor"], Ticket) and data["survivor"].is_open:
            raise TicketConflict  # open when the form was checked: someone closed it since
        raise ValidationError(
            {"survivor": _("Only an open inquiry can be merged into an open one.")}
        )
    reason = data.get("reason", "")
    ticket.merge_into(survivor=survivor, at=now)
    return [
        Step(
            EventKind.MERGED_IN,
            note=reason,
            data={"duplicate": ticket.number, "duplicate_id": ticket.pk},
            ticket=survivor,
        ),
        Step(
            EventKind.MERGED,
            note=reason,
            data={"survivor": survivor.number, "survivor_id": survivor.pk},
        ),
    ]


def unmerge_handler(ticket: Ticket, actor, now: datetime, data: dict) -> list[Step]:
    """Handler of ``unmerge``: a manager puts the duplicate back in the state it had."""
    survivor = data["others"]["survivor"]
    if ticket.merged_into_id != (survivor.pk if survivor else None):
        raise TicketConflict  # merged elsewhere between the read and the lock
    reason = data.get("reason", "")
    ticket.unmerge(at=now)
    back = Step(
        EventKind.UNMERGED, note=reason, data={"survivor": survivor.number if survivor else ""}
    )
    if survivor is None:
        return [back]
    told = Step(EventKind.UNMERGED, note=reason, data={"duplicate": ticket.number}, ticket=survivor)
    return [told, back]


def merge(
    *, duplicate_id: int, survivor_number: str, actor: AbstractBaseUser, reason: str = ""
) -> Ticket:
    from firstask.tickets.services import ticket_transition

    return ticket_transition(
        ticket_id=duplicate_id,
        action="merge_into",
        actor=actor,
        survivor=survivor_number,
        reason=reason,
    )


def unmerge(*, ticket_id: int, actor: AbstractBaseUser, reason: str = "") -> Ticket:
    from firstask.tickets.services import ticket_transition

    return ticket_transition(ticket_id=ticket_id, action="unmerge", actor=actor, reason=reason)


# --- what the timeline says about casework events ---------------------------------------------


def _timeline_lines() -> None:
    from django.utils.translation import gettext

    from firstask.tickets.timeline import Line, local_time, register

    register(
        EventKind.SUPERVISION_ISSUED,
        lambda d: [Line(f"{gettext('Reply by')}: {local_time(d.get('reply_due_at', ''))}")],
    )
    register(
        EventKind.MERGED,
        lambda d: [Line(f"{gettext('Merged into')}: {d.get('survivor', '')}")],
    )
    register(
        EventKind.MERGED_IN,
        lambda d: [Line(f"{gettext('Duplicate merged in')}: {d.get('duplicate', '')}")],
    )
    register(
        EventKind.RESULT,
        lambda d: (
            [
                Line(
                    gettext("Parts not yet reported: %(names)s")
                    % {"names": "、".join(d["parts_missing"])},
                    css="text-warning-emphasis",
                    testid="parts-missing",
                )
            ]
            if d.get("parts_missing")
            else []
        ),
    )


_timeline_lines()
