"""Who may see the audit and who may record in it.

Inspectors, managers and supervising leaders see every day in full; a department head
sees the part of it that concerns their department; nobody else sees it. Only
inspectors draw samples, record findings, sign off and record mystery-shopper visits —
and nothing in this app changes a ticket. The printed report goes to the general
office, so its head may read it too.
"""

from __future__ import annotations

from dataclasses import dataclass

from firstask.org.roles import Role, has_role
from firstask.org.selectors import department_id_of

FULL_VIEW = (Role.QUALITY_INSPECTOR, Role.MANAGER, Role.SUPERVISING_LEADER)
NAV_ROLES = frozenset(r.value for r in (*FULL_VIEW, Role.DEPARTMENT_HEAD))


@dataclass(frozen=True)
class Scope:
    department_id: int | None  # None: the whole organisation


def audit_scope(user) -> Scope | None:
    """What part of the audit ``user`` may see, or None for nothing."""
    if not getattr(user, "is_active", False):
        return None
    if has_role(user, *FULL_VIEW):
        return Scope(None)
    if has_role(user, Role.DEPARTMENT_HEAD):
        department_id = department_id_of(user)
        if department_id is not None:
            return Scope(department_id)
    return None


def can_record(user) -> bool:
    return bool(getattr(user, "is_active", False)) and has_role(user, Role.QUALITY_INSPECTOR)


def can_read_report(user) -> bool:
    scope = audit_scope(user)
    if scope is None:
        return False
    if scope.department_id is None:
        return True
    from firstask.org.models import Department

    return Department.objects.filter(pk=scope.department_id, is_general_office=True).exists()
