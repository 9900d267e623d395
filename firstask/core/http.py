"""Action URLs take POST; what a GET on one gets instead of Django's blank 405.

A button's form posts to an action URL. The same URL opened another way — a bookmark,
a reload after the session expired, a link pasted into a chat — used to answer with an
empty "405 Method Not Allowed". ``post_only`` answers with a page in the user's
language that says the address belongs to a button and links back to the page the
button is on; with ``redirect_get`` a GET goes straight back there (the ticket actions:
the ticket page is always the right place). Every app's action views use it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

# Where the button of an action lives: a URL name, reversed with the action URL's own
# arguments when it takes them ("inspection:day" for ".../day/<day>/amend/"), else
# without ("notify:inbox"); or a function of the view's URL arguments.
Back = str | Callable[..., str]


def _back_url(back: Back | None, kwargs: dict) -> str:
    if back is None:
        return reverse("home")
    if callable(back):
        return back(**kwargs)
    try:
        return reverse(back, kwargs=kwargs)
    except NoReverseMatch:
        return reverse(back)


def post_only(back: Back | None = None, *, redirect_get: bool = False):
    """Run the view on POST; answer any other method with the friendly 405 page.

    ``back`` says where the action's button is (home when not given). With
    ``redirect_get`` a GET or HEAD is sent there instead of shown the page.
    """

    def decorate(view):
        @wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST":
                return view(request, *args, **kwargs)
            url = _back_url(back, kwargs)
            if redirect_get and request.method in {"GET", "HEAD"}:
                return redirect(url)
            return method_not_allowed(request, back=url)

        return guarded

    return decorate


def method_not_allowed(request: HttpRequest, *, back: str) -> HttpResponse:
    """405 with ``Allow: POST``, in the product's layout and the user's language."""
    response = render(request, "errors/405.html", {"back": back}, status=405)
    response["Allow"] = "POST"
    return response
