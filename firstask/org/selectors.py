"""Reads of the organisation."""

from __future__ import annotations

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
    """The ids of the people ``user`` is the named deputy of; one query per user object."""
    if not hasattr(user, "_firstask_deputy_for"):
        user._firstask_deputy_for = frozenset(
            StaffProfile.objects.filter(deputy=user).values_list("user_id", flat=True)
        )
    return user._firstask_deputy_for
