"""The roles of 首问责任制 as Django groups, and what each may do.

Groups carry stable code names (the admin shows them); people see the translated label.
Anyone on staff is a first responder: the inquiry decides who is first, not the job
title, so every staff member is put in that group.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FIRST_RESPONDER = "first_responder", _("First responder")
    HANDLER = "handler", _("Handler")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    SUPERVISING_LEADER = "supervising_leader", _("Supervising leader")
    QUALITY_INSPECTOR = "quality_inspector", _("Quality inspector")
    MANAGER = "manager", _("Manager")


# Model permissions ("app_label.codename") granted to each role. Managers get every
# permission of the project's own apps, computed at sync time (see sync_role_permissions).
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.FIRST_RESPONDER: ["org.view_department", "org.view_staffprofile"],
    Role.HANDLER: ["org.view_department", "org.view_staffprofile"],
    Role.DEPARTMENT_HEAD: ["org.view_department", "org.view_staffprofile"],
    Role.SUPERVISING_LEADER: ["org.view_department", "org.view_staffprofile"],
    Role.QUALITY_INSPECTOR: ["org.view_department", "org.view_staffprofile"],
    Role.MANAGER: [],
}

# Apps whose every model permission a manager holds (plus user and group management).
MANAGER_APPS = (
    "org",
    "tickets",
    "workdays",
    "notify",
    "inspection",
    "directory",
    "accountability",
    "reports",
    "auth",
)


def roles_of(user: AbstractBaseUser | AnonymousUser) -> frozenset[str]:
    """The role codes of a user, read once per request object and cached on it."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_firstask_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached = cached | {Role.MANAGER.value}
        user._firstask_roles = cached
    return cached


def has_role(user: AbstractBaseUser | AnonymousUser, *roles: str) -> bool:
    return bool(roles_of(user) & {str(r) for r in roles})


def is_manager(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(getattr(user, "is_active", False)) and has_role(user, Role.MANAGER)
