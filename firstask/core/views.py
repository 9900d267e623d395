"""Pages of the core app: the home page, the health endpoint and the site icon."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

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
