"""Only a superuser grants superuser; managers cannot change their own groups (defect 9).

A manager could tick "superuser" on their own account in admin, which opened the
login-lockout tables and everything else.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from firstask.org.roles import Role

pytestmark = pytest.mark.django_db

User = get_user_model()


def _change_data(client, user) -> dict:
    """The user's change form as the admin renders it, ready to post back."""
    response = client.get(reverse("admin:auth_user_change", args=[user.pk]))
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, (list, tuple)) or hasattr(value, "all"):
            data[name] = [
                getattr(v, "pk", v) for v in (value.all() if hasattr(value, "all") else value)
            ]
        elif isinstance(value, datetime):  # a split date/time widget in admin
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = f"{local:%Y-%m-%d}", f"{local:%H:%M:%S}"
        elif hasattr(value, "pk"):
            data[name] = value.pk
        elif value is True:
            data[name] = "on"
        elif value is False:
            continue
        else:
            data[name] = value
    for admin_formset in response.context["inline_admin_formsets"]:
        formset = admin_formset.formset
        prefix = formset.prefix
        management = formset.management_form
        for key in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{prefix}-{key}"] = management[key].value()
        for i, inline in enumerate(formset.forms):
            data[f"{prefix}-{i}-id"] = inline.instance.pk
            for name in inline.fields:
                value = inline.initial.get(name)
                if value is not None:
                    data[f"{prefix}-{i}-{name}"] = getattr(value, "pk", value)
    return data


def test_a_manager_cannot_make_themself_superuser(client, manager):
    client.force_login(manager)
    data = _change_data(client, manager)
    data["is_superuser"] = "on"
    data["groups"] = [g.pk for g in Group.objects.all()]
    axes = Permission.objects.filter(content_type__app_label="axes")
    data["user_permissions"] = [p.pk for p in axes]
    client.post(reverse("admin:auth_user_change", args=[manager.pk]), data)
    manager = User.objects.get(pk=manager.pk)
    assert not manager.is_superuser
    assert set(manager.groups.values_list("name", flat=True)) == {
        Role.FIRST_RESPONDER.value,
        Role.MANAGER.value,
    }
    assert not manager.user_permissions.exists()


def test_a_manager_cannot_make_a_colleague_superuser(client, manager, receptionist):
    client.force_login(manager)
    data = _change_data(client, receptionist)
    data["is_superuser"] = "on"
    response = client.post(reverse("admin:auth_user_change", args=[receptionist.pk]), data)
    assert response.status_code == 302
    assert not User.objects.get(pk=receptionist.pk).is_superuser


def test_a_manager_still_manages_colleagues_roles(client, manager, receptionist):
    client.force_login(manager)
    data = _change_data(client, receptionist)
    handler_group = Group.objects.get(name=Role.HANDLER)
    data["groups"] = [*data.get("groups", []), handler_group.pk]
    response = client.post(reverse("admin:auth_user_change", args=[receptionist.pk]), data)
    assert response.status_code == 302
    assert receptionist.groups.filter(name=Role.HANDLER).exists()


def test_a_manager_cannot_touch_a_superusers_account(client, manager):
    root = User.objects.create_superuser("root", "root@example.com", "x" * 20)
    client.force_login(manager)
    assert client.get(reverse("admin:auth_user_change", args=[root.pk])).status_code in (200, 403)
    password = reverse("admin:auth_user_password_change", args=[root.pk])
    response = client.post(password, {"password1": "Hijack-2026-x", "password2": "Hijack-2026-x"})
    assert response.status_code == 403
    assert User.objects.get(pk=root.pk).check_password("x" * 20)


def test_a_manager_cannot_widen_a_roles_permissions(client, manager):
    client.force_login(manager)
    group = Group.objects.get(name=Role.MANAGER)
    before = set(group.permissions.values_list("pk", flat=True))
    axes = list(
        Permission.objects.filter(content_type__app_label="axes").values_list("pk", flat=True)
    )
    client.post(
        reverse("admin:auth_group_change", args=[group.pk]),
        {"name": group.name, "permissions": [*before, *axes]},
    )
    assert set(group.permissions.values_list("pk", flat=True)) == before


def test_a_superuser_may_grant_superuser(client, manager):
    root = User.objects.create_superuser("root", "root@example.com", "x" * 20)
    client.force_login(root)
    data = _change_data(client, manager)
    data["is_superuser"] = "on"
    response = client.post(reverse("admin:auth_user_change", args=[manager.pk]), data)
    assert response.status_code == 302
    assert User.objects.get(pk=manager.pk).is_superuser
