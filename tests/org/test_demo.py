"""The demo organisation: believable, idempotent, and every listed login works.

Command 1 of the README loads it on every start, so running it twice must not duplicate
anything, and the logins the README prints must really authenticate.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import RequestFactory

from firstask.org.demo import DEMO_PASSWORD, PEOPLE
from firstask.org.models import Department, StaffProfile
from firstask.org.roles import Role, roles_of

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int]:
    return (
        Department.objects.count(),
        get_user_model().objects.count(),
        StaffProfile.objects.count(),
    )


def _load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_load_demo_twice_changes_nothing():
    _load()
    first = _counts()
    usernames = [p.username for p in PEOPLE]
    assert get_user_model().objects.filter(username__in=usernames).count() == len(PEOPLE)
    assert first[0] >= 5
    _load()
    assert _counts() == first


def test_load_demo_keeps_a_changed_password():
    """Re-running on start must not reset a password someone changed in the demo."""
    _load()
    user = get_user_model().objects.get(username="reception")
    user.set_password("changed-by-hand-1")
    user.save()
    _load()
    user.refresh_from_db()
    assert user.check_password("changed-by-hand-1")


def test_every_demo_login_authenticates_with_the_demo_password():
    output = _load()
    request = RequestFactory().post("/login/", REMOTE_ADDR="10.0.0.8")  # axes needs one
    for person in PEOPLE:
        user = authenticate(request, username=person.username, password=DEMO_PASSWORD)
        assert user is not None, person.username
        assert person.username in output  # the command prints the logins it made


def test_one_login_per_role_and_everyone_is_a_first_responder():
    _load()
    users = get_user_model().objects.filter(username__in=[p.username for p in PEOPLE])
    roles_by_user = {u.username: roles_of(u) for u in users}
    for role in Role:
        assert any(role.value in r for r in roles_by_user.values()), role
    # Everyone but the inspector: a manager grants an inspector the first-responder role.
    for username, roles in roles_by_user.items():
        expected = Role.QUALITY_INSPECTOR.value not in roles
        assert (Role.FIRST_RESPONDER.value in roles) == expected, username


def test_exactly_one_general_office_with_a_head():
    _load()
    _load()
    office = Department.objects.get(is_general_office=True)
    assert office.head is not None
    assert Department.objects.filter(is_general_office=True).count() == 1


def test_staff_have_chinese_names_posts_and_phones():
    _load()
    profiles = StaffProfile.objects.select_related("user", "department").filter(
        user__username__in=[p.username for p in PEOPLE]
    )
    assert len(profiles) == len(PEOPLE)
    for profile in profiles:
        assert profile.user.last_name and profile.user.first_name
        assert profile.post and profile.work_phone
        assert profile.department is not None


def test_only_the_manager_enters_the_admin(client):
    _load()
    client.login(request=RequestFactory().get("/"), username="manager", password=DEMO_PASSWORD)
    assert client.get("/admin/").status_code == 200
    client.logout()
    client.login(request=RequestFactory().get("/"), username="reception", password=DEMO_PASSWORD)
    assert client.get("/admin/").status_code == 403
