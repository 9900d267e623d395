"""The admin is the managers' console and nobody else's.

Django's stock admin shows a logged-in non-staff colleague its own login form (200):
confusing, and it hides that the answer is "no". Here any signed-in colleague without
the manager role gets a plain 403 on every admin URL, anonymous visitors go to the
product's one login page (where axes and the CSP live), and the console never offers
to hard-delete departments or staff, because old inquiries point at them.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from firstask.org.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _admin_urls(department) -> list[str]:
    return [
        reverse("admin:index"),
        reverse("admin:org_department_changelist"),
        reverse("admin:org_department_change", args=[department.pk]),
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_add"),
        reverse("admin:app_list", args=["org"]),
    ]


@pytest.mark.parametrize("persona", ["receptionist", "inspector", "department_head", "leader"])
def test_non_managers_get_403_everywhere_in_admin(client, request, realestate, persona):
    client.force_login(request.getfixturevalue(persona))
    for url in _admin_urls(realestate):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "errors/403.html" in [t.name for t in response.templates], url


def test_is_staff_alone_does_not_open_the_admin(client, realestate):
    """The role decides, not Django's is_staff flag (set by habit on some accounts)."""
    user = UserFactory(username="staffonly", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == 403


def test_a_deactivated_manager_is_refused(client, manager):
    manager.is_active = False
    manager.save(update_fields=["is_active"])
    client.force_login(manager)
    response = client.get(reverse("admin:index"))
    # The auth backend drops an inactive account from its session: back to the login.
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_anonymous_is_sent_to_the_product_login(client, realestate):
    changelist = reverse("admin:org_department_changelist")
    for url in (reverse("admin:index"), changelist):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), response.url
        assert "next=" in response.url
    # The admin's own login form is not a second way in.
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_manager_opens_the_console_and_searches_departments(client, manager, realestate, social):
    client.force_login(manager)
    assert client.get(reverse("admin:index")).status_code == 200

    response = client.get(reverse("admin:org_department_changelist"), {"q": "不动产"})
    assert response.status_code == 200
    shown = list(response.context["cl"].result_list)
    assert realestate in shown
    assert social not in shown


def test_manager_opens_users_with_the_inline_profile(client, manager, receptionist):
    client.force_login(manager)
    response = client.get(reverse("admin:auth_user_change", args=[receptionist.pk]))
    assert response.status_code == 200
    assert "profile-0-post" in response.content.decode()  # the inline staff-profile form


def test_managers_group_is_what_opens_the_console(client, receptionist):
    """Adding the manager role (and nothing else) is all it takes."""
    from django.contrib.auth.models import Group

    client.force_login(receptionist)
    assert client.get(reverse("admin:index")).status_code == 403
    receptionist.groups.add(Group.objects.get(name=Role.MANAGER.value))
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize(
    ("changelist", "delete_view", "target"),
    [
        ("admin:org_department_changelist", "admin:org_department_delete", "realestate"),
        ("admin:auth_user_changelist", "admin:auth_user_delete", "receptionist"),
        ("admin:org_staffprofile_changelist", "admin:org_staffprofile_delete", "profile"),
    ],
)
def test_delete_is_not_offered(
    client, request, manager, receptionist, changelist, delete_view, target
):
    client.force_login(manager)
    obj = receptionist.profile if target == "profile" else request.getfixturevalue(target)

    listing = client.get(reverse(changelist))
    assert listing.status_code == 200
    assert "delete_selected" not in listing.context["cl"].model_admin.get_actions(
        listing.wsgi_request
    )

    change_view = delete_view.replace("_delete", "_change")
    change = client.get(reverse(change_view, args=[obj.pk]))
    assert change.status_code == 200
    assert reverse(delete_view, args=[obj.pk]) not in change.content.decode()

    assert client.get(reverse(delete_view, args=[obj.pk])).status_code == 403
    assert client.post(reverse(delete_view, args=[obj.pk]), {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()
