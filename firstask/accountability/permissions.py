"""Who may see and do what in accountability: the one place that decides.

Built on ``firstask.tickets.permissions`` (department of a user, cached) and the six
roles of ``firstask.org.roles``. Predicates take (record, user) — django-fsm's order for
a transition's ``permission=`` — and read the case's parties from the prefetch cache,
so a page that checks them for many rows adds no query.

- Opening a case: inspectors (from their evidence), department heads, supervising
  leaders and managers.
- Deciding a case, an appeal or a commendation: supervising leaders and managers —
  never the person who opened or proposed it, never someone it concerns, and an
  appeal never by the one whose decision is appealed.
- Seeing: inspectors, supervising leaders and managers everything (inspectors
  read-only); a department head the cases and complaints of their department; a staff
  member their own. Who complained is hidden from the staff member complained about.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from firstask.org.roles import Role, has_role, is_manager
from firstask.tickets.permissions import department_id_of

if TYPE_CHECKING:
    from firstask.accountability.models import Case, Commendation, Complaint

SEE_ALL = (Role.QUALITY_INSPECTOR, Role.SUPERVISING_LEADER, Role.MANAGER)
DECIDERS = (Role.SUPERVISING_LEADER, Role.MANAGER)
OPENERS = (Role.QUALITY_INSPECTOR, Role.DEPARTMENT_HEAD, Role.SUPERVISING_LEADER, Role.MANAGER)
PROPOSERS = OPENERS


def _active(user) -> bool:
    return bool(getattr(user, "is_active", False)) and getattr(user, "is_authenticated", False)


def sees_everything(user) -> bool:
    return _active(user) and has_role(user, *SEE_ALL)


def is_head(user) -> bool:
    return _active(user) and has_role(user, Role.DEPARTMENT_HEAD)


def _decider(user) -> bool:
    return _active(user) and has_role(user, *DECIDERS)


def _party_ids(case: Case) -> set[int]:
    return {p.person_id for p in case.parties.all()}


def _party_departments(case: Case) -> set[int]:
    return {p.department_id for p in case.parties.all() if p.department_id}


def direct_party_id(case: Case) -> int | None:
    return next((p.person_id for p in case.parties.all() if p.responsibility == "direct"), None)


# --- cases --------------------------------------------------------------------------------


def can_open_case(user) -> bool:
    return _active(user) and has_role(user, *OPENERS)


def case_filter(user) -> Q:
    """A Q over Case for what ``user`` may see (a subquery: no duplicate rows)."""
    if sees_everything(user):
        return Q()
    from firstask.accountability.models import CaseParty

    return Q(pk__in=CaseParty.objects.filter(_own_or_department(user)).values("case_id"))


def can_view_case(case: Case, user) -> bool:
    if not _active(user):
        return False
    if sees_everything(user) or user.pk in _party_ids(case):
        return True
    return is_head(user) and department_id_of(user) in _party_departments(case)


def can_decide(case: Case, user) -> bool:
    """Decide or dismiss: a leader or manager who neither opened the case nor is in it."""
    if not _decider(user) or has_role(user, Role.QUALITY_INSPECTOR):
        return False
    return case.opened_by_id != user.pk and user.pk not in _party_ids(case)


def can_add_note(case: Case, user) -> bool:
    """Investigation notes while the case is open: its opener, inspectors, deciders."""
    if not _active(user) or case.state != "open":
        return False
    return case.opened_by_id == user.pk or has_role(user, Role.QUALITY_INSPECTOR, *DECIDERS)


def appeal_window_open(case: Case) -> bool:
    return case.appeal_due_on is not None and timezone.localdate() <= case.appeal_due_on


def can_appeal(case: Case, user) -> bool:
    """Only the person directly responsible appeals (申诉)."""
    return _active(user) and direct_party_id(case) == user.pk


def can_decide_appeal(case: Case, user) -> bool:
    """A different leader or manager: not in the case, not the one who decided it."""
    if not _decider(user) or has_role(user, Role.QUALITY_INSPECTOR):
        return False
    if user.pk in _party_ids(case):
        return False
    decided_by = case.decision.decided_by_id if case.decision_id else None
    return decided_by != user.pk


# --- complaints register ---------------------------------------------------------------


def can_record_complaint(user) -> bool:
    """Anyone on staff may receive a complaint (whoever is asked first records it)."""
    return _active(user)


def complaint_filter(user) -> Q:
    if sees_everything(user):
        return Q()
    visible = Q(recorded_by=user) | Q(concerned_staff=user)
    if is_head(user) and department_id_of(user) is not None:
        dept = department_id_of(user)
        visible |= Q(concerned_department_id=dept) | Q(concerned_staff__profile__department_id=dept)
    return visible


def can_view_complaint(complaint: Complaint, user, staff_department_id: int | None = None) -> bool:
    if not _active(user):
        return False
    if sees_everything(user) or user.pk in (complaint.recorded_by_id, complaint.concerned_staff_id):
        return True
    if not is_head(user):
        return False
    dept = department_id_of(user)
    return dept is not None and dept in (complaint.concerned_department_id, staff_department_id)


def sees_complainant(complaint: Complaint, user) -> bool:
    """The staff member complained about never sees who complained, unless their role
    sees everything (an inspector, leader or manager)."""
    if sees_everything(user):
        return True
    return complaint.concerned_staff_id != user.pk


def can_answer_complaint(complaint: Complaint, user, staff_department_id=None) -> bool:
    """What was done and the reply: the recorder, the head concerned, a leader or manager
    — never the person complained about, never an inspector."""
    if not _active(user) or complaint.state != "open":
        return False
    if complaint.concerned_staff_id == user.pk or has_role(user, Role.QUALITY_INSPECTOR):
        return False
    if _decider(user) or complaint.recorded_by_id == user.pk:
        return True
    return is_head(user) and can_view_complaint(complaint, user, staff_department_id)


# --- commendations ----------------------------------------------------------------------


def can_propose_commendation(user) -> bool:
    return _active(user) and has_role(user, *PROPOSERS)


def commendation_filter(user) -> Q:
    if sees_everything(user):
        return Q()
    return _own_or_department(user)


def _own_or_department(user) -> Q:
    """Rows about the user (``person``), and for a department head the rows of their
    department (``department``): a case party or a commendation."""
    own = Q(person=user)
    if is_head(user) and (department_id := department_id_of(user)) is not None:
        own |= Q(department_id=department_id)
    return own


def can_view_commendation(commendation: Commendation, user) -> bool:
    if not _active(user):
        return False
    if sees_everything(user) or commendation.person_id == user.pk:
        return True
    return is_head(user) and department_id_of(user) == commendation.department_id


def can_decide_commendation(commendation: Commendation, user) -> bool:
    if not _decider(user) or has_role(user, Role.QUALITY_INSPECTOR):
        return False
    return user.pk not in (commendation.proposed_by_id, commendation.person_id)


# --- scorecards ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Whose scorecards a user may read: everyone, one department, or only their own."""

    everyone: bool = False
    department_id: int | None = None
    user_id: int | None = None


def scorecard_scope(user) -> Scope | None:
    if not _active(user):
        return None
    if sees_everything(user):
        return Scope(everyone=True)
    if is_head(user) and department_id_of(user) is not None:
        return Scope(department_id=department_id_of(user), user_id=user.pk)
    return Scope(user_id=user.pk)


def can_view_person(user, person_id: int, person_department_id: int | None) -> bool:
    scope = scorecard_scope(user)
    if scope is None:
        return False
    if scope.everyone or scope.user_id == person_id:
        return True
    return scope.department_id is not None and scope.department_id == person_department_id


def can_view_department(user, department_id: int) -> bool:
    scope = scorecard_scope(user)
    if scope is None:
        return False
    return scope.everyone or scope.department_id == department_id


def can_manage_catalogue(user) -> bool:
    return is_manager(user)
