"""The inbox: a person's own notifications, newest first; read marks by POST only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext

from firstask.core.http import post_only
from firstask.core.pagination import CappedPaginator
from firstask.notify import selectors, services

PAGE_SIZE = 25


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = CappedPaginator(selectors.inbox_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notify/inbox.html", {"page": page})


@post_only("notify:inbox")
@login_required
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    services.mark_read(user=request.user, notification_id=pk)
    return _back(request)


@post_only("notify:inbox")
@login_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(user=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d notification marked read.",
                "%(count)d notifications marked read.",
                count,
            )
            % {"count": count},
        )
    return _back(request)


def _back(request: HttpRequest) -> HttpResponse:
    """Back to the page of the inbox the person was on (only a local URL)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notify:inbox")
