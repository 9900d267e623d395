"""Views only some roles may open.

``only_for(predicate)`` makes a view answer signed-in users the predicate (a function of
the user from an app's permission module) allows; anyone else signed in gets the 403
page, anyone signed out the login page first. The apps name their guards with it
(``inspector_only``, ``readers_only``), so the check is written once.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def only_for(allowed: Callable[[object], bool]) -> Callable:
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not allowed(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(guarded)

    return decorate
