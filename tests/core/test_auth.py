"""Login safety: lockout by user *and* address, session lifetime, password hashing.

A front desk shares one public IP: locking by IP alone would let one clerk's typos lock
the whole desk out, locking by username alone would let anyone lock a colleague out
from anywhere. The lockout is per (username, IP) for 15 minutes.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

DESK_IP = "10.0.0.5"
OTHER_IP = "10.0.0.77"
WRONG = "not-the-password"


def _login(client, username: str, password: str, ip: str = DESK_IP):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def _logged_in_as(response, user) -> bool:
    """A successful login redirects home and puts the user in the session."""
    return (
        response.status_code == 302
        and response.url == reverse("home")
        and str(response.wsgi_request.user.pk) == str(user.pk)
        and response.wsgi_request.user.is_authenticated
    )


def _fail(client, username: str, times: int, ip: str = DESK_IP) -> list[int]:
    return [_login(client, username, WRONG, ip).status_code for _ in range(times)]


@pytest.mark.django_db
def test_five_failures_lock_the_user_but_not_a_colleague_at_the_same_desk(
    client, receptionist, handler, password
):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        # Four failures leave the login form up (200 with an error) ...
        assert _fail(client, "reception", 4) == [200, 200, 200, 200]
        # ... the fifth reaches the limit and gets the locked-out page.
        fifth = _login(client, "reception", WRONG)
        assert fifth.status_code == 429
        assert "registration/locked_out.html" in [t.name for t in fifth.templates]

        # Now even the right password is refused, with the same page, and no session.
        locked = _login(client, "reception", password)
        assert locked.status_code == 429
        assert 'data-testid="locked-out"' in locked.content.decode()
        assert not locked.wsgi_request.user.is_authenticated

        # A colleague on the same desk PC (same IP) is not affected.
        colleague = _login(client, "handler", password)
        assert _logged_in_as(colleague, handler)

    # Free again once 15 minutes have passed since the last attempt.
    with time_machine.travel(start + timedelta(minutes=15, seconds=1), tick=False):
        client.logout()
        assert _logged_in_as(_login(client, "reception", password), receptionist)


@pytest.mark.django_db
def test_trying_again_while_locked_restarts_the_cool_off(client, receptionist, password):
    """axes' default (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT): an attempt during
    the lock counts as a failure, so the 15 minutes run from the *last* try. The
    locked-out page says "try again in 15 minutes", which stays true either way."""
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _fail(client, "reception", settings.AXES_FAILURE_LIMIT)
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        assert _login(client, "reception", password).status_code == 429
    with time_machine.travel(start + timedelta(minutes=15, seconds=1), tick=False):
        assert _login(client, "reception", password).status_code == 429
    with time_machine.travel(start + timedelta(minutes=40, seconds=1), tick=False):
        assert _logged_in_as(_login(client, "reception", password), receptionist)


@pytest.mark.django_db
def test_lockout_is_per_address_too(client, receptionist, password):
    """Typos at the desk must not lock the same person out of their office PC."""
    with time_machine.travel(timezone.now(), tick=False):
        _fail(client, "reception", settings.AXES_FAILURE_LIMIT)
        assert _login(client, "reception", password).status_code == 429
        assert _logged_in_as(_login(client, "reception", password, ip=OTHER_IP), receptionist)


@pytest.mark.django_db
def test_a_successful_login_resets_the_failure_count(client, receptionist, password):
    """AXES_RESET_ON_SUCCESS: four typos a morning, every morning, never add up to a lock."""
    with time_machine.travel(timezone.now(), tick=False):
        _fail(client, "reception", settings.AXES_FAILURE_LIMIT - 1)
        assert _logged_in_as(_login(client, "reception", password), receptionist)
        client.logout()
        assert _fail(client, "reception", settings.AXES_FAILURE_LIMIT - 1) == [200] * 4
        assert _logged_in_as(_login(client, "reception", password), receptionist)


def test_lockout_settings_are_the_documented_ones():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


# --- sessions -------------------------------------------------------------------------


@pytest.mark.django_db
def test_session_cookie_ends_with_the_browser(client, receptionist, password):
    """A shared desk PC: closing the browser must end the session (no Expires/Max-Age)."""
    response = _login(client, "reception", password)
    assert _logged_in_as(response, receptionist)
    morsel = response.cookies[settings.SESSION_COOKIE_NAME]
    raw = morsel.OutputString()
    assert morsel.value, raw
    assert not morsel["expires"], f"persistent session cookie: {raw}"
    assert not morsel["max-age"], f"persistent session cookie: {raw}"
    assert morsel["httponly"]
    assert morsel["samesite"] == "Lax"


@pytest.mark.django_db
def test_sessions_live_in_the_database(client, receptionist, password):
    from django.contrib.sessions.models import Session

    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    _login(client, "reception", password)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(session_key=key).exists()


@pytest.mark.django_db
def test_thirty_idle_minutes_end_the_session(client, receptionist, password):
    assert settings.SESSION_COOKIE_AGE == 1800
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert _logged_in_as(_login(client, "reception", password), receptionist)
        assert client.get(reverse("home")).status_code == 200

    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_activity_keeps_the_session_alive(client, receptionist, password):
    """The 30 minutes are an idle timeout, not a hard cap on a working morning."""
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _login(client, "reception", password)
    for minutes in (20, 40, 60):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get(reverse("home")).status_code == 200, f"logged out at +{minutes} min"


# --- passwords ------------------------------------------------------------------------


def test_new_passwords_are_hashed_with_argon2():
    """The test settings swap in a fast hasher, so read what production inherits."""
    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_argon2_is_usable():
    """argon2-cffi must be installed, or the first hasher fails at the first login."""
    from django.contrib.auth.hashers import Argon2PasswordHasher

    hasher = Argon2PasswordHasher()
    encoded = hasher.encode("secret-pw", hasher.salt())
    assert encoded.startswith("argon2$")
    assert hasher.verify("secret-pw", encoded)


# --- behind a reverse proxy -----------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "10.0.0.5", "127.0.0.1"),  # no proxy configured: the header is ignored
        (1, "10.0.0.5", "10.0.0.5"),
        (1, "6.6.6.6, 10.0.0.5", "10.0.0.5"),  # left entries come from the client
        (2, "10.0.0.5, 192.168.1.1", "10.0.0.5"),
        (2, "10.0.0.5", "127.0.0.1"),  # fewer hops than proxies: not through them
        (1, "not-an-ip", "127.0.0.1"),
        (1, "", "127.0.0.1"),
    ],
)
def test_client_address_behind_proxies(settings, count, forwarded, expected):
    from django.test import RequestFactory

    from firstask.core.client_ip import client_ip

    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


@pytest.mark.django_db
def test_behind_a_proxy_the_lock_follows_the_real_desk(settings, client, receptionist, password):
    """Every request arrives from the proxy (127.0.0.1); the desk is in X-Forwarded-For.

    Without this the lock would be per username only, and a spoofed left-most entry
    must not let anyone dodge it.
    """
    settings.TRUSTED_PROXY_COUNT = 1

    def via_proxy(desk: str, pw: str, spoof: str = ""):
        forwarded = f"{spoof}, {desk}" if spoof else desk
        return client.post(
            reverse("login"),
            {"username": "reception", "password": pw},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    with time_machine.travel(timezone.now(), tick=False):
        for n in range(settings.AXES_FAILURE_LIMIT):
            via_proxy(DESK_IP, WRONG, spoof=f"1.2.3.{n}")
        assert via_proxy(DESK_IP, password, spoof="9.9.9.9").status_code == 429
        assert _logged_in_as(via_proxy(OTHER_IP, password), receptionist)


def test_staff_change_their_own_password(client, receptionist, password):
    client.force_login(receptionist)
    response = client.post(
        "/password/",
        {
            "old_password": password,
            "new_password1": "a-new-Desk-pass-42",
            "new_password2": "a-new-Desk-pass-42",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/password/done/"
    receptionist.refresh_from_db()
    assert receptionist.check_password("a-new-Desk-pass-42")


def test_a_wrong_old_password_changes_nothing(client, receptionist, password):
    client.force_login(receptionist)
    response = client.post(
        "/password/",
        {
            "old_password": "wrong",
            "new_password1": "a-new-Desk-pass-42",
            "new_password2": "a-new-Desk-pass-42",
        },
    )
    assert response.status_code == 200 and "old_password" in response.context["form"].errors
    receptionist.refresh_from_db()
    assert receptionist.check_password(password)
