"""Who may see and do what with an inquiry: the one place that decides.

Each predicate takes (ticket, user) — the argument order django-fsm uses for a
transition's ``permission=`` — and is used by views, transitions, admin and the
service alike. Role membership comes from firstask.org.roles and the department from
firstask.org.selectors (both cached on the user object, so a page asks once).

Visibility (docs/domain.md "People"): a receptionist sees what they registered; a
handler what was referred to their department (now or before); a department head their
department (registered by its staff or referred to it); inspectors, supervising leaders
and managers everything. ``visibility`` is that rule, written once; lists read it as a
queryset filter (``visible_filter``), one ticket's page reads it as ``can_view``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q

from firstask.org.roles import Role, has_role, roles_of
from firstask.org.selectors import department_id_of, deputy_for

if TYPE_CHECKING:
    from firstask.tickets.models import Ticket

SEE_ALL = (Role.MANAGER, Role.QUALITY_INSPECTOR, Role.SUPERVISING_LEADER)


# --- seeing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Visibility:
    """Which tickets one user may see, as data: ``visibility(user)`` is the rule."""

    everything: bool = False
    responders: frozenset[int] = frozenset()  # tickets these people registered
    referred_to: int | None = None  # a department: tickets referred there, now or before,
    # or joined to as a co-department (协办)
    registered_in: int | None = None  # a department: tickets its staff registered

    def as_q(self) -> Q:
        """The rule over Ticket rows. Referral history is an EXISTS, not a join, so no
        DISTINCT is needed and row counts stay honest."""
        if self.everything:
            return Q()
        from firstask.tickets.models import CoDepartment, Referral

        condition = Q(first_responder_id__in=self.responders)
        if self.referred_to is not None:
            earlier = Referral.objects.filter(ticket=OuterRef("pk"), department_id=self.referred_to)
            joined = CoDepartment.objects.filter(
                ticket=OuterRef("pk"), department_id=self.referred_to
            )
            condition |= (
                Q(referred_department_id=self.referred_to) | Q(Exists(earlier)) | Q(Exists(joined))
            )
        if self.registered_in is not None:
            condition |= Q(first_responder_department_id=self.registered_in)
        return condition

    def allows(self, ticket: Ticket) -> bool:
        """The same rule for one loaded ticket (its page prefetched the referrals)."""
        if self.everything or ticket.first_responder_id in self.responders:
            return True
        if self.registered_in is not None and (
            ticket.first_responder_department_id == self.registered_in
        ):
            return True
        if self.referred_to is None:
            return False
        return (
            ticket.referred_department_id == self.referred_to
            or any(r.department_id == self.referred_to for r in ticket.referrals.all())
            or is_co_department(ticket, self.referred_to)
        )


def visibility(user) -> Visibility:
    """The one visibility rule (see the module docstring)."""
    if not getattr(user, "is_authenticated", False):
        return Visibility()
    if sees_everything(user):
        return Visibility(everything=True)
    department = department_id_of(user)
    user_roles = roles_of(user) if department is not None else frozenset()
    return Visibility(
        # 代岗: while an absence runs, the deputy sees the absent person's inquiries.
        responders=frozenset({user.pk}) | deputy_for(user),
        referred_to=department if {Role.HANDLER, Role.DEPARTMENT_HEAD} & user_roles else None,
        registered_in=department if Role.DEPARTMENT_HEAD in user_roles else None,
    )


def sees_everything(user) -> bool:
    return has_role(user, *SEE_ALL)


def visible_filter(user) -> Q:
    """A Q over Ticket for what ``user`` may see: every list and search filters by it."""
    return visibility(user).as_q()


def can_view(ticket: Ticket, user) -> bool:
    return visibility(user).allows(ticket)


def can_reveal_phone(ticket: Ticket, user) -> bool:
    return can_view(ticket, user)


# --- doing -------------------------------------------------------------------------------


def may_change_tickets(user) -> bool:
    """Anyone active on staff, except inspectors: they change nothing they audit.

    Every predicate that changes someone else's work starts from this one.
    """
    return bool(getattr(user, "is_active", False)) and not has_role(user, Role.QUALITY_INSPECTOR)


def can_register(user) -> bool:
    """Anyone active on staff registers inquiries (004 篇四(一): the rule binds all staff).

    An inspector registers, and answers for, an inquiry they were first asked about only
    when a manager also gave them the first-responder role; otherwise they change nothing.
    """
    if may_change_tickets(user):
        return True
    return bool(getattr(user, "is_active", False)) and has_role(user, Role.FIRST_RESPONDER)


def is_co_department(ticket: Ticket, department_id: int | None) -> bool:
    """协办: the department was joined to the referral (prefetched on the ticket page)."""
    if department_id is None:
        return False
    return any(c.department_id == department_id for c in ticket.co_departments.all())


def can_act_as_first_responder(ticket: Ticket, user) -> bool:
    """Answer, refer, follow up, close: the first responder (or their deputy) only."""
    if not can_register(user):
        return False
    return ticket.first_responder_id == user.pk or ticket.first_responder_id in deputy_for(user)


def covered_ids(user) -> frozenset[int]:
    """Whom ``user`` covers right now (代岗: a running absence names them as deputy)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    return deputy_for(user)


def _is_deputy_of(user, other_user_id: int) -> bool:
    """Whether ``user`` covers for ``other_user_id`` now (only during the absence)."""
    return other_user_id in covered_ids(user)


def acting_for(ticket: Ticket, user) -> int | None:
    """The absent first responder ``user`` acts for on ``ticket``, if that is the case:
    the event then records "on behalf of"; accountability stays with them."""
    if ticket.first_responder_id == user.pk:
        return None
    return ticket.first_responder_id if _is_deputy_of(user, ticket.first_responder_id) else None


def can_handle(ticket: Ticket, user) -> bool:
    """Sign for, return, post progress, record the result: the receiving department.

    A named handler or any handler of the department, and its head.
    """
    if not may_change_tickets(user):
        return False
    dept = department_id_of(user)
    if dept is None or ticket.referred_department_id != dept:
        return False
    user_roles = roles_of(user)
    if Role.DEPARTMENT_HEAD in user_roles:
        return True
    if Role.HANDLER not in user_roles:
        return False
    return ticket.referred_handler_id in (None, user.pk)


def can_assign(ticket: Ticket, user) -> bool:
    """The general office decides where an unclear matter goes: its head or handlers."""
    return can_handle(ticket, user)


def can_decide_extension(ticket: Ticket, user) -> bool:
    """延期 is approved by the head of the handling department or its supervising leader."""
    if not may_change_tickets(user):
        return False
    department = ticket.referred_department
    if department is None:
        return False
    if department.supervising_leader_id == user.pk and has_role(user, Role.SUPERVISING_LEADER):
        return True
    return department.head_id == user.pk or (
        has_role(user, Role.DEPARTMENT_HEAD) and department_id_of(user) == department.pk
    )


def can_void(ticket: Ticket, user) -> bool:
    """A registration error is voided by whoever registered it, or by a manager."""
    if not may_change_tickets(user):
        return False
    return ticket.first_responder_id == user.pk or has_role(user, Role.MANAGER)


def can_distil_template(ticket: Ticket, user) -> bool:
    """案例归档: the first responder or a manager turns a closed case into a template."""
    if ticket.state != "closed" or not getattr(user, "is_active", False):
        return False
    return ticket.first_responder_id == user.pk or has_role(user, Role.MANAGER)


def sees_full_phone(ticket: Ticket, user) -> bool:
    """People who must call the visitor see the number; others reveal it (logged)."""
    if ticket.first_responder_id == user.pk:
        return True
    return can_handle(ticket, user)


def can_pause(ticket: Ticket, user) -> bool:
    """Waiting on the visitor: whoever's clock runs — the first responder before a
    referral, the receiving department (or the first responder) during one."""
    if ticket.state == "referred" and can_handle(ticket, user):
        return True
    return can_act_as_first_responder(ticket, user)


def can_contact_visitor(ticket: Ticket, user) -> bool:
    """Telling the visitor of an extended item about progress: first responder or handler."""
    return can_act_as_first_responder(ticket, user) or can_handle(ticket, user)


def _heads_ticket_department(ticket: Ticket, user) -> bool:
    dept = department_id_of(user)
    return (
        dept is not None
        and has_role(user, Role.DEPARTMENT_HEAD)
        and dept in (ticket.first_responder_department_id, ticket.referred_department_id)
    )


def _in_general_office(user) -> bool:
    from firstask.org.models import Department

    dept = department_id_of(user)
    if dept is None or not has_role(user, Role.HANDLER, Role.DEPARTMENT_HEAD):
        return False
    return Department.objects.filter(pk=dept, is_general_office=True).exists()


def can_merge(ticket: Ticket, user) -> bool:
    """合并: a head (for an inquiry of their department) or the general office."""
    if not can_register(user):
        return False
    return _heads_ticket_department(ticket, user) or _in_general_office(user)


def can_unmerge(ticket: Ticket, user) -> bool:
    """Undoing a merge is a manager's correction."""
    return can_register(user) and has_role(user, Role.MANAGER)


def can_supervise(ticket: Ticket, user) -> bool:
    """督办: a supervising leader, or a head for an inquiry of their department."""
    if not can_register(user) or ticket.state not in (
        "received",
        "answered",
        "referred",
        "followed_up",
    ):
        return False
    return has_role(user, Role.SUPERVISING_LEADER) or _heads_ticket_department(ticket, user)


def can_reply_supervision(order, user) -> bool:
    """The addressee of a 督办 order replies (or their deputy while they are away)."""
    if not can_register(user) or order.replied_at is not None:
        return False
    return order.addressee_id == user.pk or _is_deputy_of(user, order.addressee_id)


def can_chase(ticket: Ticket, user) -> bool:
    """催办: the first responder (or their deputy) or the general office chases the
    department that holds a referral without a result."""
    if (
        not can_register(user)
        or ticket.state != "referred"
        or ticket.referred_department_id is None
    ):
        return False
    if ticket.result_at is not None:
        return False
    if ticket.first_responder_id == user.pk or _is_deputy_of(user, ticket.first_responder_id):
        return True
    return _in_general_office(user)


def can_add_co_department(ticket: Ticket, user) -> bool:
    """协办 is asked for on an open referral by the first responder (or deputy) or by
    the lead department."""
    if ticket.state != "referred" or ticket.result_at is not None:
        return False
    return can_act_as_first_responder(ticket, user) or can_handle(ticket, user)


def can_report_part(ticket: Ticket, user, co) -> bool:
    """A co-department's handlers and head sign for and report its part."""
    if not can_register(user) or ticket.state != "referred" or co.reported_at is not None:
        return False
    return department_id_of(user) == co.department_id and has_role(
        user, Role.HANDLER, Role.DEPARTMENT_HEAD
    )


def can_attach(ticket: Ticket, user) -> bool:
    """Anyone who can see the inquiry and works on it may add a scanned letter or photo;
    inspectors look, they do not add."""
    return can_register(user) and can_view(ticket, user)
