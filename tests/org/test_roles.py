"""Roles are Django groups with the permissions roles.py declares.

Every later permission check (views, admin, transitions) asks ``roles_of``; it must be
right, and cheap enough to call many times on one page.
"""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission

from firstask.org.roles import MANAGER_APPS, ROLE_PERMISSIONS, Role, has_role, is_manager, roles_of
from firstask.org.services import sync_role_permissions
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

role_groups_migration = importlib.import_module("firstask.org.migrations.0002_role_groups")


def _codenames(group: Group) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_migrated_database_has_the_six_role_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)
    assert len(Role.values) == 6


def test_migrate_alone_leaves_every_role_with_its_permissions():
    """No explicit sync here: what `manage.py migrate` produced must already be right.

    (The sync runs on the last post_migrate; an app without models once made it never
    run, and managers silently lost the admin.)
    """
    manager = Group.objects.get(name=Role.MANAGER.value)
    assert manager.permissions.filter(codename="change_department").exists()
    assert manager.permissions.filter(content_type__app_label="auth").exists()
    for role in Role:
        if role != Role.MANAGER:
            held = _codenames(Group.objects.get(name=role.value))
            assert held == set(ROLE_PERMISSIONS[role]), role


def test_the_data_migration_creates_exactly_the_roles_of_roles_py():
    """The migration keeps its own frozen list; it must not drift from the Role enum."""
    Group.objects.all().delete()
    role_groups_migration.create_groups(global_apps, None)
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(Role.values)
    # Running it again (e.g. squashed migrations replayed) adds nothing.
    role_groups_migration.create_groups(global_apps, None)
    assert Group.objects.count() == 6


def test_managers_hold_every_permission_of_the_project_apps():
    sync_role_permissions()
    manager = Group.objects.get(name=Role.MANAGER.value)
    expected = set(
        Permission.objects.filter(content_type__app_label__in=MANAGER_APPS).values_list(
            "pk", flat=True
        )
    )
    assert set(manager.permissions.values_list("pk", flat=True)) == expected
    held = _codenames(manager)
    for perm in (
        "org.add_department",
        "org.change_department",
        "org.view_staffprofile",
        "auth.change_user",
        "auth.add_user",
    ):
        assert perm in held
    # Nothing outside the product: no session or content-type fiddling from the console.
    assert not any(p.startswith(("sessions.", "contenttypes.", "axes.")) for p in held)


@pytest.mark.parametrize("role", [r for r in Role if r != Role.MANAGER])
def test_other_roles_only_view_the_organisation(role):
    sync_role_permissions()
    held = _codenames(Group.objects.get(name=role.value))
    assert held == set(ROLE_PERMISSIONS[role])
    assert all(".view_" in perm for perm in held)


def test_sync_repairs_hand_edited_groups():
    """A permission granted by hand in the admin is taken back on the next migrate."""
    sync_role_permissions()
    receptionists = Group.objects.get(name=Role.FIRST_RESPONDER.value)
    receptionists.permissions.add(Permission.objects.get(codename="delete_department"))
    sync_role_permissions()
    assert "org.delete_department" not in _codenames(receptionists)


def test_sync_recreates_a_deleted_group():
    Group.objects.filter(name=Role.HANDLER.value).delete()
    sync_role_permissions()
    assert Group.objects.filter(name=Role.HANDLER.value).exists()


def test_roles_of_a_persona(receptionist, handler, department_head, manager):
    assert roles_of(receptionist) == {Role.FIRST_RESPONDER.value}
    assert roles_of(handler) == {Role.FIRST_RESPONDER.value, Role.HANDLER.value}
    assert has_role(department_head, Role.DEPARTMENT_HEAD)
    assert not has_role(handler, Role.DEPARTMENT_HEAD, Role.MANAGER)
    assert is_manager(manager)
    assert not is_manager(receptionist)


def test_superuser_counts_as_manager():
    root = UserFactory(username="root", is_superuser=True)
    assert is_manager(root)


def test_anonymous_has_no_roles():
    from django.contrib.auth.models import AnonymousUser

    assert roles_of(AnonymousUser()) == frozenset()
    assert not is_manager(AnonymousUser())


def test_inactive_manager_is_not_a_manager(manager):
    manager.is_active = False
    assert not is_manager(manager)


def test_roles_are_read_once_per_user_object(django_assert_num_queries, handler):
    from django.contrib.auth import get_user_model

    with django_assert_num_queries(1):
        first = roles_of(handler)
        for _ in range(5):
            assert roles_of(handler) == first
            assert has_role(handler, Role.HANDLER)

    # The cache lives on the object (one request), not globally: a fresh load asks again.
    fresh = get_user_model().objects.get(pk=handler.pk)
    with django_assert_num_queries(1):
        roles_of(fresh)
        roles_of(fresh)
