"""Whose numbers a user may see (issue 12): staff their own, department heads their
department's, supervising leaders, managers and quality inspectors everyone's.

Built on the tickets' role vocabulary (``tickets.permissions.SEE_ALL``) so the reports
never show a number behind which there is an inquiry the user could not open — except
that a head sees the numbers of the inquiries their department's staff registered,
which the tickets' own rule lets a head see too.
"""

from __future__ import annotations

from dataclasses import dataclass

from firstask.org.roles import Role, has_role
from firstask.tickets.permissions import SEE_ALL, department_id_of


@dataclass(frozen=True)
class Scope:
    department_id: int | None = None  # None with staff_id None: everyone
    staff_id: int | None = None

    @property
    def everyone(self) -> bool:
        return self.department_id is None and self.staff_id is None

    def filter(self, prefix: str = "") -> dict:
        if self.staff_id is not None:
            return {f"{prefix}staff_id": self.staff_id}
        if self.department_id is not None:
            return {f"{prefix}department_id": self.department_id}
        return {}


def report_scope(user) -> Scope | None:
    """The rows ``user`` may see, or None (inactive, anonymous)."""
    if not getattr(user, "is_active", False) or not getattr(user, "is_authenticated", False):
        return None
    if has_role(user, *SEE_ALL):
        return Scope()
    if has_role(user, Role.DEPARTMENT_HEAD):
        department_id = department_id_of(user)
        if department_id is not None:
            return Scope(department_id=department_id)
    return Scope(staff_id=user.pk)


def can_generate_reports(user) -> bool:
    """Managers and inspectors (re)generate the monthly report; leaders read it."""
    return bool(getattr(user, "is_active", False)) and has_role(
        user, Role.MANAGER, Role.QUALITY_INSPECTOR
    )


def can_read_reports(user) -> bool:
    scope = report_scope(user)
    return scope is not None and scope.everyone
