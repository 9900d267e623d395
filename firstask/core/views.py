"""Pages of the core app: the home page, the health endpoint and the site icon."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET
from django_otp import login as otp_login

from firstask.core import second_factor
from firstask.core.forms import TokenForm
from firstask.core.selectors import system_health
from firstask.org.selectors import profile_of


@login_required
def home(request):
    return render(request, "core/home.html", {"profile": profile_of(request.user)})


@never_cache
@require_GET
def healthz(request):
    """503 unless the database takes a write; the worker and the integrity check are
    reported (``failed`` names what is wrong), never required for a 200."""
    health = system_health()
    run = health.integrity
    body = {
        "status": "ok" if not health.failed else "degraded" if health.database_ok else "down",
        "failed": health.failed,
        "database": health.database,
        "worker": "ok" if health.worker_ok else "stale",
        "last_heartbeat": health.last_heartbeat.isoformat() if health.last_heartbeat else None,
        "integrity": ("unknown" if run is None else "ok" if run.violations == 0 else "violations"),
        "integrity_violations": run.violations if run else None,
        "integrity_checked_at": run.finished_at.isoformat() if run else None,
    }
    return JsonResponse(body, status=200 if health.database_ok else 503)


@cache
def _favicon_bytes() -> bytes:
    return (settings.BASE_DIR / "static" / "favicon.ico").read_bytes()


@require_GET
@cache_control(public=True, max_age=86400)
def favicon(request):
    """Browsers ask for /favicon.ico on every page whatever the HTML says: answer it."""
    return HttpResponse(_favicon_bytes(), content_type="image/vnd.microsoft.icon")


@login_required
def otp_setup(request):
    """Enrol an authenticator app: scan the code (or type the key), confirm one code."""
    if second_factor.confirmed_device(request.user) is not None:
        return render(request, "core/otp_setup.html", {"enrolled": True})
    device = second_factor.pending_device(request.user)
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        request.session[second_factor.SESSION_KEY] = second_factor.ENROLLED
        messages.success(request, _("Two-step sign-in is on: each sign-in now asks for a code."))
        return redirect("home")
    context = {
        "form": form,
        "secret": second_factor.secret_of(device),
        "qr": second_factor.qr_data_uri(device),
        "required": second_factor.is_required(request.user),
    }
    return render(request, "core/otp_setup.html", context, status=400 if form.is_bound else 200)


@login_required
def otp_verify(request):
    """The second step of signing in: the current code of the enrolled app."""
    device = second_factor.confirmed_device(request.user)
    if device is None:
        return redirect("otp_setup")
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        wanted = ""
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        return redirect(wanted or "home")
    return render(
        request,
        "core/otp_verify.html",
        {"form": form, "next": wanted},
        status=400 if form.is_bound else 200,
    )
