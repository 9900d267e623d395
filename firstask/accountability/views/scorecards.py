"""Scorecards (per person, per department, the leaders' overview) and the year's
ledger. Staff see their own; heads their department; inspectors, leaders and managers
everyone (inspectors read-only: nothing here writes)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation

from firstask.accountability import permissions as perms
from firstask.accountability import selectors
from firstask.accountability.views.common import period_of, require


def _with_query(request: HttpRequest, url: str) -> str:
    return f"{url}?{request.GET.urlencode()}" if request.GET else url


@login_required
def index(request: HttpRequest) -> HttpResponse:
    scope = perms.scorecard_scope(request.user)
    require(scope is not None)
    if not scope.everyone:
        if scope.department_id is not None:
            url = reverse("accountability:department_card", args=[scope.department_id])
        else:
            url = reverse("accountability:person_card", args=[request.user.pk])
        return redirect(_with_query(request, url))
    period, period_form = period_of(request)
    return render(
        request,
        "accountability/scorecards.html",
        {"period": period, "period_form": period_form, "rows": selectors.overview(period)},
    )


@login_required
def person_card(request: HttpRequest, pk: int) -> HttpResponse:
    period, period_form = period_of(request)
    card = selectors.person_card(pk, period)
    if card is None:
        raise Http404
    department_id = card.department.pk if card.department else None
    require(perms.can_view_person(request.user, pk, department_id))
    return render(
        request,
        "accountability/person_card.html",
        {"card": card, "period": period, "period_form": period_form},
    )


@login_required
def department_card(request: HttpRequest, pk: int) -> HttpResponse:
    require(perms.can_view_department(request.user, pk))
    period, period_form = period_of(request)
    card = selectors.department_card(pk, period)
    if card is None:
        raise Http404
    return render(
        request,
        "accountability/department_card.html",
        {"card": card, "period": period, "period_form": period_form},
    )


@login_required
def ledger(request: HttpRequest, year: int) -> HttpResponse:
    """The year's accountability ledger (问责台账), A4 with signature lines."""
    scope = perms.scorecard_scope(request.user)
    require(scope is not None and (scope.everyone or scope.department_id is not None))
    if not 2000 <= year <= 2100:
        raise Http404
    department_id = None if scope.everyone else scope.department_id
    with translation.override("zh-hans"):
        return render(
            request,
            "accountability/print/ledger.html",
            {
                **selectors.ledger(year, department_id=department_id),
                "year": year,
                "printed_on": timezone.localdate(),
            },
        )
