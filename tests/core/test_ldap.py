"""Intranet sign-in against a real OpenLDAP server (slapd, started by the fixture).

The settings come from the same environment variables an operator sets (README,
"Intranet sign-in"), read by config/settings/ldap.py; sign-in goes through the real
login page. Local accounts keep working beside the directory.
"""

from __future__ import annotations

import importlib

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from firstask.org.models import StaffProfile
from firstask.org.roles import Role, roles_of
from tests.fixtures.processes import infra_required
from tests.fixtures.slapd import group_dn, slapd  # noqa: F401 - the fixture

try:
    import django_auth_ldap  # noqa: F401
except ImportError:  # the optional ``ldap`` group; scripts/test installs it
    if infra_required():
        raise
    pytest.skip("django-auth-ldap is not installed (uv sync --group ldap)", allow_module_level=True)

pytestmark = pytest.mark.django_db
BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "firstask.org.ldap_login.DirectoryBackend",
    "django.contrib.auth.backends.ModelBackend",
]


@pytest.fixture
def directory_login(slapd, monkeypatch):  # noqa: F811
    """Configure sign-in from environment variables, as production does."""
    env = {
        "LDAP_SERVER_URI": slapd.uri,
        "LDAP_USER_SEARCH_BASE": slapd.people,
        "LDAP_USER_FILTER": "(uid=%(user)s)",
        "LDAP_GROUP_SEARCH_BASE": slapd.groups,
        "LDAP_GROUP_TYPE": "groupOfNames",
        "LDAP_DENY_GROUP": group_dn("firstask-disabled"),
        "LDAP_ROLE_GROUPS": (
            f"handler={group_dn('firstask-handlers')};manager={group_dn('firstask-managers')}"
        ),
        "LDAP_DEPARTMENT_ATTR": "departmentNumber",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    import config.settings.ldap as ldap_settings

    ldap_settings = importlib.reload(ldap_settings)
    values = {
        name: getattr(ldap_settings, name)
        for name in dir(ldap_settings)
        if name.startswith(("AUTH_LDAP_", "FIRSTASK_LDAP_"))
    }
    with override_settings(AUTHENTICATION_BACKENDS=BACKENDS, **values):
        yield slapd


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_directory_user_signs_in_with_the_role_of_their_group(client, directory_login, realestate):
    response = login(client, "zhangsan", directory_login.password)
    assert response.status_code == 302 and response.url == reverse("home")
    user = get_user_model().objects.get(username="zhangsan")
    assert (user.last_name, user.first_name, user.email) == ("张", "三", "zhangsan@firstask.test")
    assert roles_of(user) == {Role.FIRST_RESPONDER, Role.HANDLER}
    assert not user.is_staff and not user.is_superuser
    assert StaffProfile.objects.get(user=user).department == realestate
    assert not user.has_usable_password()  # the directory holds the password
    page = client.get(reverse("home"))
    assert page.status_code == 200 and "张三" in page.content.decode()


def test_manager_group_gives_the_admin_flag_never_superuser(client, directory_login):
    assert login(client, "wangwu", directory_login.password).status_code == 302
    user = get_user_model().objects.get(username="wangwu")
    assert roles_of(user) == {Role.FIRST_RESPONDER, Role.MANAGER}
    assert user.is_staff and not user.is_superuser


def test_roles_follow_the_directory_at_each_sign_in(client, directory_login):
    """A role granted here by hand but not in the directory is gone at the next sign-in."""
    from django.contrib.auth.models import Group

    login(client, "zhangsan", directory_login.password)
    user = get_user_model().objects.get(username="zhangsan")
    user.groups.add(Group.objects.get_or_create(name=Role.MANAGER)[0])
    client.logout()
    login(client, "zhangsan", directory_login.password)
    assert roles_of(get_user_model().objects.get(pk=user.pk)) == {
        Role.FIRST_RESPONDER,
        Role.HANDLER,
    }


def test_disabled_directory_user_is_refused(client, directory_login):
    """lisi is in the handlers group but also in the disabled accounts group."""
    response = login(client, "lisi", directory_login.password)
    assert response.status_code == 200  # the login page again, with its error
    assert not response.wsgi_request.user.is_authenticated
    assert not get_user_model().objects.filter(username="lisi").exists()


def test_wrong_directory_password_is_refused(client, directory_login):
    response = login(client, "zhangsan", "not-the-password")
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_local_accounts_still_sign_in(client, directory_login, receptionist, password):
    response = login(client, receptionist.username, password)
    assert response.status_code == 302
    assert response.wsgi_request.user == receptionist
