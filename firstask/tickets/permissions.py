"""Who may see and do what with an inquiry: the one place that decides.

Each predicate takes (ticket, user) — the argument order django-fsm uses for a
transition's ``permission=`` — and is used by views, transitions, admin and the
service alike. Role membership comes from firstask.org.roles (cached per request).

Visibility (DOMAIN "People"): a receptionist sees what they registered; a handler what
was referred to their department; a department head their department (registered by
its staff or referred to it); inspectors, supervising leaders and managers everything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from firstask.org.roles import Role, has_role, roles_of

if TYPE_CHECKING:
    from firstask.tickets.models import Ticket

SEE_ALL = (Role.MANAGER, Role.QUALITY_INSPECTOR, Role.SUPERVISING_LEADER)


def department_id_of(user) -> int | None:
    """The user's department id, cached on the user object like the roles."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_firstask_department_id"):
        from firstask.org.models import StaffProfile

        user._firstask_department_id = (
            StaffProfile.objects.filter(user=user).values_list("department_id", flat=True).first()
        )
    return user._firstask_department_id


def sees_everything(user) -> bool:
    return has_role(user, *SEE_ALL)


def visible_filter(user) -> Q:
    """A Q over Ticket for what ``user`` may see (used by every list and search)."""
    if sees_everything(user):
        return Q()
    visible = Q(first_responder=user)
    dept = department_id_of(user)
    if dept is not None:
        user_roles = roles_of(user)
        if Role.HANDLER in user_roles or Role.DEPARTMENT_HEAD in user_roles:
            visible |= Q(referred_department_id=dept) | Q(referrals__department_id=dept)
        if Role.DEPARTMENT_HEAD in user_roles:
            visible |= Q(first_responder_department_id=dept)
    return visible


def can_view(ticket: Ticket, user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if sees_everything(user) or ticket.first_responder_id == user.pk:
        return True
    dept = department_id_of(user)
    if dept is None:
        return False
    user_roles = roles_of(user)
    if Role.DEPARTMENT_HEAD in user_roles and ticket.first_responder_department_id == dept:
        return True
    if Role.HANDLER in user_roles or Role.DEPARTMENT_HEAD in user_roles:
        if ticket.referred_department_id == dept:
            return True
        # The ticket page prefetched the referrals: read them rather than query again.
        return any(r.department_id == dept for r in ticket.referrals.all())
    return False


def can_act_as_first_responder(ticket: Ticket, user) -> bool:
    """Answer, refer, follow up, close: the first responder (or their deputy) only.

    Inspectors never change tickets, whatever else they are.
    """
    if not getattr(user, "is_active", False) or has_role(user, Role.QUALITY_INSPECTOR):
        return False
    if ticket.first_responder_id == user.pk:
        return True
    return _is_deputy_of(user, ticket.first_responder_id)


def _is_deputy_of(user, other_user_id: int) -> bool:
    """Whether ``user`` covers for ``other_user_id``; one query per user object, cached."""
    if not hasattr(user, "_firstask_deputy_for"):
        from firstask.org.models import StaffProfile

        user._firstask_deputy_for = frozenset(
            StaffProfile.objects.filter(deputy=user).values_list("user_id", flat=True)
        )
    return other_user_id in user._firstask_deputy_for


def can_handle(ticket: Ticket, user) -> bool:
    """Sign for, return, post progress, record the result: the receiving department.

    A named handler or any handler of the department, and its head.
    """
    if not getattr(user, "is_active", False) or has_role(user, Role.QUALITY_INSPECTOR):
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
    if not getattr(user, "is_active", False) or has_role(user, Role.QUALITY_INSPECTOR):
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
    if not getattr(user, "is_active", False) or has_role(user, Role.QUALITY_INSPECTOR):
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


def can_reveal_phone(ticket: Ticket, user) -> bool:
    return can_view(ticket, user)


def can_pause(ticket: Ticket, user) -> bool:
    """Waiting on the visitor: whoever's clock runs — the first responder before a
    referral, the receiving department (or the first responder) during one."""
    if ticket.state == "referred" and can_handle(ticket, user):
        return True
    return can_act_as_first_responder(ticket, user)


def can_contact_visitor(ticket: Ticket, user) -> bool:
    """Telling the visitor of an extended item about progress: first responder or handler."""
    return can_act_as_first_responder(ticket, user) or can_handle(ticket, user)
