"""Reads of the organisation."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser

from firstask.org.models import StaffProfile


def profile_of(user: AbstractBaseUser) -> StaffProfile | None:
    """The user's staff profile with its department, or None for accounts without one."""
    return StaffProfile.objects.select_related("department").filter(user=user).first()


def department_id_of(user) -> int | None:
    """The user's department id, read once per user object and cached on it (like roles).

    Permission checks ask this several times per request; one query answers them all.
    """
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_firstask_department_id"):
        user._firstask_department_id = (
            StaffProfile.objects.filter(user=user).values_list("department_id", flat=True).first()
        )
    return user._firstask_department_id


def deputy_for(user) -> frozenset[int]:
    """The ids of the people ``user`` covers for right now: a running absence (代岗)
    names them as deputy. Only during the absence; one query per user object."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if not hasattr(user, "_firstask_deputy_for"):
        from django.utils import timezone

        user._firstask_deputy_for = covered_user_ids(user, timezone.now())
    return user._firstask_deputy_for


def covered_user_ids(deputy: AbstractBaseUser, at: datetime) -> frozenset[int]:
    """Whom ``deputy`` covers at ``at``: the people whose running absence names them."""
    from firstask.org.models import Absence

    return frozenset(
        Absence.objects.filter(
            deputy=deputy, starts_at__lte=at, ends_at__gt=at, cancelled_at__isnull=True
        ).values_list("person_id", flat=True)
    )


def deputies_of(user_ids: list[int] | set[int], at: datetime) -> dict[int, list[int]]:
    """Absent person id → their deputies' ids, for those of ``user_ids`` away at ``at``
    (one query, for the warning sweep)."""
    from firstask.org.models import Absence

    found: dict[int, list[int]] = {}
    rows = Absence.objects.filter(
        person_id__in=list(user_ids), starts_at__lte=at, ends_at__gt=at, cancelled_at__isnull=True
    ).values_list("person_id", "deputy_id")
    for person_id, deputy_id in rows:
        found.setdefault(person_id, []).append(deputy_id)
    return found


def absences_now(at: datetime, *, department_id: int | None = None):
    """Absences running at ``at`` (of one department, or all), for heads' 'who is away'."""
    from firstask.org.models import Absence

    qs = Absence.objects.filter(starts_at__lte=at, ends_at__gt=at, cancelled_at__isnull=True)
    if department_id is not None:
        qs = qs.filter(person__profile__department_id=department_id)
    return qs.select_related("person", "deputy", "person__profile__department").order_by(
        "ends_at", "pk"
    )
