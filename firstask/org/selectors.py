"""Reads of the organisation."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from firstask.org.models import StaffProfile


def profile_of(user: AbstractBaseUser) -> StaffProfile | None:
    """The user's staff profile with its department, or None for accounts without one."""
    return StaffProfile.objects.select_related("department").filter(user=user).first()
