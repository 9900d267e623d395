"""Writes for the organisation: keep the role groups' permissions as roles.py declares."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from firstask.org.roles import MANAGER_APPS, ROLE_PERMISSIONS, Role


def _permissions_for(role: str) -> list[Permission]:
    if role == Role.MANAGER:
        return list(Permission.objects.filter(content_type__app_label__in=MANAGER_APPS))
    wanted = ROLE_PERMISSIONS.get(role, [])
    perms = []
    for dotted in wanted:
        app_label, codename = dotted.split(".", 1)
        perms.extend(
            Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )
    return perms


@transaction.atomic
def sync_role_permissions() -> None:
    """Make each role group hold exactly the permissions roles.py gives it."""
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        group.permissions.set(_permissions_for(role.value))


def sync_role_permissions_after_migrate(*, sender, **_kwargs) -> None:
    from django.apps import apps

    # Django sends post_migrate only for apps with a models module, so "the last app"
    # is the last such one: an app without models (a stub) would otherwise mean the
    # sync never runs and managers lose the admin.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if with_models and sender.label == with_models[-1].label:
        sync_role_permissions()
