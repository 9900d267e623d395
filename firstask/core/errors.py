"""Error pages in the user's language, never Django's bare English ones.

403 and 404 use the product's layout. 400, a refused CSRF check and 500 are rendered
without context processors: what failed may be the session or the database itself, and
an error page that needs them would fail too.
"""

from __future__ import annotations

from django.http import (
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseServerError,
)
from django.shortcuts import render
from django.template import loader


def bad_request(request, exception=None):
    return HttpResponseBadRequest(loader.get_template("errors/400.html").render())


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def csrf_failure(request, reason=""):
    return HttpResponseForbidden(loader.get_template("errors/403_csrf.html").render())


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return HttpResponseServerError(loader.get_template("errors/500.html").render())
