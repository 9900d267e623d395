"""Reads of the casework records: the 督办 worklist, who is away, and the counts the
measures and the audit use (orders issued/answered/overdue, chases per department).
Each is one query (or two) whatever the number of rows."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from firstask.org.models import Absence
from firstask.org.roles import Role, has_role
from firstask.tickets import permissions as perms
from firstask.tickets.models import Chase, SupervisionOrder


def supervision_orders_for(user: AbstractBaseUser, *, open_only: bool = True) -> QuerySet:
    """The 督办 worklist: orders addressed to ``user`` (or to whom they cover), orders
    they issued, and — for a head — orders on their department's inquiries. Leaders,
    inspectors and managers see every order."""
    qs = SupervisionOrder.objects.all()
    if not has_role(user, Role.SUPERVISING_LEADER, Role.QUALITY_INSPECTOR, Role.MANAGER):
        mine = Q(addressee=user) | Q(issued_by=user)
        if covered := perms.covered_ids(user):
            mine |= Q(addressee_id__in=covered)
        dept = perms.department_id_of(user)
        if dept is not None and has_role(user, Role.DEPARTMENT_HEAD):
            mine |= Q(ticket__referred_department_id=dept) | Q(
                ticket__first_responder_department_id=dept
            )
        qs = qs.filter(mine)
    if open_only:
        qs = qs.filter(replied_at__isnull=True)
    return qs.select_related("ticket", "issued_by", "addressee", "replied_by").order_by(
        "reply_due_at", "pk"
    )


def absences_visible(
    now: datetime, *, department_id: int | None, user: AbstractBaseUser | None
) -> QuerySet:
    """Absences running now or later: a department's (for its head), everyone's (user
    None), or those naming ``user`` as absent or deputy."""
    qs = Absence.objects.filter(ends_at__gt=now, cancelled_at__isnull=True)
    if department_id is not None:
        qs = qs.filter(
            Q(person__profile__department_id=department_id) | Q(person=user) | Q(deputy=user)
        )
    elif user is not None:
        qs = qs.filter(Q(person=user) | Q(deputy=user))
    return qs.select_related("person", "deputy", "person__profile__department").order_by(
        "starts_at", "pk"
    )


def supervision_totals(start: datetime, end: datetime) -> dict[str, int]:
    """For measures: orders issued in [start, end), answered on time, answered late,
    still open past their deadline (as of ``end``, or now if that is earlier)."""
    as_of = min(end, timezone.now())
    row = SupervisionOrder.objects.filter(issued_at__gte=start, issued_at__lt=end).aggregate(
        issued=Count("pk"),
        answered_on_time=Count(
            "pk", filter=Q(replied_at__isnull=False, replied_at__lte=F("reply_due_at"))
        ),
        answered_late=Count(
            "pk", filter=Q(replied_at__isnull=False, replied_at__gt=F("reply_due_at"))
        ),
        overdue_open=Count("pk", filter=Q(replied_at__isnull=True, reply_due_at__lt=as_of)),
    )
    return {key: value or 0 for key, value in row.items()}


def chases_per_department(start: datetime, end: datetime) -> list[dict]:
    """For measures: how often each department was chased (催办) in [start, end)."""
    return list(
        Chase.objects.filter(at__gte=start, at__lt=end)
        .values("department_id", "department__name")
        .annotate(chases=Count("pk"))
        .order_by("-chases", "department__name")
    )


def supervision_for_day(start: datetime, end: datetime) -> QuerySet:
    """For the audit: orders issued, answered or falling due in [start, end)."""
    return (
        SupervisionOrder.objects.filter(
            Q(issued_at__gte=start, issued_at__lt=end)
            | Q(replied_at__gte=start, replied_at__lt=end)
            | Q(reply_due_at__gte=start, reply_due_at__lt=end)
        )
        .select_related("ticket", "issued_by", "addressee")
        .order_by("reply_due_at", "pk")
    )
