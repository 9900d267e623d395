"""Two-step sign-in with a real TOTP code, computed here as an authenticator app does
(RFC 6238 from the key shown on the enrolment page), not with django-otp's helpers."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import struct
import subprocess
import sys
import time
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


def authenticator_code(secret: str, at: float | None = None) -> str:
    """What the phone shows: HMAC-SHA1 of the 30-second counter, dynamic truncation."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def sign_in(client, user, password):
    response = client.post(reverse("login"), {"username": user.username, "password": password})
    assert response.status_code == 302, "the password step"
    return response


def enrol(client) -> str:
    page = client.get(reverse("otp_setup"))
    assert page.status_code == 200
    secret = re.search(r'data-testid="otp-secret">([A-Z2-7]+)<', page.content.decode()).group(1)
    response = client.post(reverse("otp_setup"), {"token": authenticator_code(secret)})
    assert response.status_code == 302 and response.url == reverse("home")
    return secret


def test_staff_enrols_and_every_later_sign_in_asks_for_the_code(client, receptionist, password):
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        sign_in(client, receptionist, password)
        page = client.get(reverse("otp_setup"))
        assert 'src="data:image/svg+xml' in page.content.decode()  # the QR code
        wrong = client.post(reverse("otp_setup"), {"token": "000000"})
        assert wrong.status_code == 400
        assert 'id="error_1_id_token"' in wrong.content.decode()
    # django-otp throttles after a wrong code (1 s, doubling): the clerk tries again later.
    now += timedelta(seconds=5)
    with time_machine.travel(now, tick=False):
        secret = enrol(client)
        assert TOTPDevice.objects.get(user=receptionist).confirmed
        assert client.get(reverse("home")).status_code == 200  # verified in this session
        client.post(reverse("logout"))

    later = now + timedelta(minutes=2)
    with time_machine.travel(later, tick=False):
        sign_in(client, receptionist, password)
        home = client.get(reverse("tickets:mine"))
        assert home.status_code == 302
        assert home.url.startswith(reverse("otp_verify"))
        assert client.get(reverse("admin:index")).status_code == 302  # nothing opens
        refused = client.post(reverse("otp_verify"), {"token": "123456", "next": "/tickets/"})
        assert refused.status_code == 400
    later += timedelta(seconds=5)
    with time_machine.travel(later, tick=False):
        code = authenticator_code(secret, later.timestamp())
        done = client.post(reverse("otp_verify"), {"token": code, "next": "/tickets/"})
        assert done.status_code == 302 and done.url == "/tickets/"
        assert client.get(reverse("tickets:mine")).status_code == 200


def test_a_used_code_cannot_be_replayed(client, receptionist, password):
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        sign_in(client, receptionist, password)
        secret = enrol(client)
        client.post(reverse("logout"))
        sign_in(client, receptionist, password)
        replay = client.post(reverse("otp_verify"), {"token": authenticator_code(secret)})
        assert replay.status_code == 400


def test_not_enrolled_staff_are_not_asked(client, receptionist, password):
    sign_in(client, receptionist, password)
    assert client.get(reverse("home")).status_code == 200


@override_settings(FIRSTASK_OTP_REQUIRED_ROLES=["manager", "quality_inspector"])
def test_required_roles_must_enrol_before_anything_opens(
    client, manager, inspector, receptionist, password
):
    for person in (manager, inspector):
        client.logout()
        sign_in(client, person, password)
        for url in (reverse("home"), reverse("admin:index"), reverse("inspection:today")):
            response = client.get(url)
            assert response.status_code == 302 and response.url == reverse("otp_setup"), url
        page = client.get(reverse("otp_setup"))
        assert 'data-testid="otp-required"' in page.content.decode()
        enrol(client)
        assert client.get(reverse("home")).status_code == 200
    client.logout()
    sign_in(client, receptionist, password)
    assert client.get(reverse("home")).status_code == 200  # optional for the front desk


def test_production_requires_it_for_managers_and_inspectors():
    """Read from config.settings.prod in a process of its own, as gunicorn would."""
    env = {**os.environ, "SECRET_KEY": "x" * 64}
    env.pop("FIRSTASK_OTP_REQUIRED_ROLES", None)
    code = (
        "import config.settings.prod as p; "
        "print(p.FIRSTASK_OTP_REQUIRED_ROLES, "
        "'django_otp.middleware.OTPMiddleware' in p.MIDDLEWARE)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "['manager', 'quality_inspector'] True"
