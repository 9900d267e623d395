"""Optional second factor: a TOTP code from an authenticator app (django-otp).

Anyone on staff may enrol (``/account/two-factor/``). Once enrolled, every sign-in
asks for a code before any page opens. Roles listed in ``FIRSTASK_OTP_REQUIRED_ROLES``
(production: managers and quality inspectors) cannot use the application at all
until they have enrolled: they are sent to the enrolment page after signing in.
"""

from __future__ import annotations

import base64
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from firstask.org.roles import has_role

DEVICE_NAME = "authenticator"
# Pages a signed-in but not yet verified person may open.
OPEN_PATHS = ("/account/two-factor/", "/logout/", "/static/", "/healthz", "/i18n/", "/favicon")


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user) -> TOTPDevice:
    """The device being enrolled: a fresh secret until a code confirms it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def secret_of(device: TOTPDevice) -> str:
    """The key as authenticator apps type it: base32, no padding."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URI as an inline SVG image (the CSP allows data: images)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=4)


def verify(device: TOTPDevice, token: str) -> bool:
    token = "".join(ch for ch in token if ch.isdigit())
    return bool(token) and device.verify_token(token)


def is_required(user) -> bool:
    roles = getattr(settings, "FIRSTASK_OTP_REQUIRED_ROLES", ())
    return bool(roles) and has_role(user, *roles)


# What the session knows about the signed-in person's second factor, decided once at
# sign-in (so ordinary pages make no extra query): enrolled, required, or optional.
SESSION_KEY = "firstask_second_factor"
ENROLLED, REQUIRED, OPTIONAL = "enrolled", "required", "optional"


def status_of(user) -> str:
    if confirmed_device(user) is not None:
        return ENROLLED
    return REQUIRED if is_required(user) else OPTIONAL


def note_second_factor(sender, request, user, **kwargs) -> None:
    """At sign-in: remember whether this person must give a code (one query, once)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SESSION_KEY] = status_of(user)


class SecondFactorMiddleware:
    """After the password: the code (enrolled people), or enrolment (required roles)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(OPEN_PATHS)
        ):
            status = request.session.get(SESSION_KEY)
            if status is None:  # a session from before this feature
                status = request.session[SESSION_KEY] = status_of(user)
            if status == ENROLLED:
                return redirect(
                    f"{reverse('otp_verify')}?{urlencode({'next': request.get_full_path()})}"
                )
            if status == REQUIRED:
                return redirect("otp_setup")
        return self.get_response(request)
