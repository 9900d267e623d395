"""Commendations: list, propose (from a praise entry, a visit, an inquiry, or a head),
decide, print the public commendation; and the period's service-star candidates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from firstask.accountability import permissions as perms
from firstask.accountability import services, stars
from firstask.accountability.choices import (
    CommendationKind,
    CommendationSource,
    CommendationState,
)
from firstask.accountability.forms import CommendationDecisionForm, CommendationForm
from firstask.accountability.models import Commendation, Event
from firstask.accountability.views.common import (
    act_on_record,
    new_record_page,
    period_of,
    require,
)
from firstask.core.http import post_only

PAGE_SIZE = 50


def _load(pk: int) -> Commendation:
    related = ("person", "department", "proposed_by", "decided_by", "ticket", "complaint")
    return get_object_or_404(Commendation.objects.select_related(*related, "mystery_shop"), pk=pk)


@login_required
def commendation_list(request: HttpRequest) -> HttpResponse:
    qs = (
        Commendation.objects.filter(perms.commendation_filter(request.user))
        .select_related("person", "department")
        .order_by("-proposed_at", "-pk")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accountability/commendation_list.html",
        {
            "page": page,
            "can_propose": perms.can_propose_commendation(request.user),
            "sees_all": perms.sees_everything(request.user),
        },
    )


def _initial(request: HttpRequest) -> dict:
    from firstask.accountability.models import Complaint
    from firstask.inspection.models import MysteryShop

    get = request.GET
    if get.get("complaint", "").isdigit():
        complaint = Complaint.objects.filter(pk=get["complaint"]).first()
        if complaint:
            return {
                "complaint": complaint.pk,
                "person": complaint.concerned_staff_id,
                "source": CommendationSource.COMPLAINT,
                "reasons": complaint.content,
            }
    if get.get("mystery", "").isdigit():
        visit = MysteryShop.objects.filter(pk=get["mystery"]).first()
        if visit:
            return {
                "mystery": visit.pk,
                "person": visit.staff_id,
                "source": CommendationSource.MYSTERY,
                "reasons": _(
                    "Mystery-shopper scores: attitude %(a)s, knowledge %(k)s, speed %(s)s."
                )
                % {"a": visit.attitude, "k": visit.knowledge, "s": visit.speed},
            }
    if get.get("ticket"):
        from firstask.tickets.models import Ticket

        ticket = Ticket.objects.filter(number=get["ticket"][:20]).first()
        if ticket:
            return {
                "ticket": ticket.number,
                "person": ticket.first_responder_id,
                "source": CommendationSource.FOLLOW_UP,
            }
    return {"source": CommendationSource.HEAD}


@login_required
def commendation_new(request: HttpRequest) -> HttpResponse:
    require(perms.can_propose_commendation(request.user))

    def create(form) -> HttpResponse:
        commendation = services.propose_commendation(actor=request.user, **form.service_data())
        messages.success(request, _("Commendation proposed."))
        return redirect("accountability:commendation", pk=commendation.pk)

    form = CommendationForm(request.POST or None, initial=_initial(request))
    return new_record_page(request, form, "accountability/commendation_new.html", create)


def _page(request, commendation, form=None, status=200):
    return render(
        request,
        "accountability/commendation_detail.html",
        {
            "c": commendation,
            "can_decide": commendation.state == CommendationState.PROPOSED
            and perms.can_decide_commendation(commendation, request.user),
            "form": form or CommendationDecisionForm(),
            "events": Event.objects.filter(commendation=commendation).select_related("actor"),
        },
        status=status,
    )


@login_required
def commendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    commendation = _load(pk)
    require(perms.can_view_commendation(commendation, request.user))
    return _page(request, commendation)


@post_only("accountability:commendation")
@login_required
def commendation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    commendation = _load(pk)
    require(perms.can_view_commendation(commendation, request.user))

    def call(data) -> str:
        approve = request.POST.get("decision") == "approve"
        services.decide_commendation(
            commendation_id=pk, actor=request.user, approve=approve, note=data["note"]
        )
        return _("Decision recorded.")

    def page(form, fresh: bool) -> HttpResponse:
        return _page(request, _load(pk) if fresh else commendation, form, status=400)

    form = CommendationDecisionForm(request.POST)
    return act_on_record(
        request, form, page, call, reverse("accountability:commendation", args=[pk])
    )


@login_required
def commendation_print(request: HttpRequest, pk: int) -> HttpResponse:
    """通报表扬: only an approved commendation is printed."""
    commendation = _load(pk)
    require(perms.can_view_commendation(commendation, request.user))
    if commendation.state != CommendationState.APPROVED:
        raise Http404
    with translation.override("zh-hans"):
        return render(request, "accountability/print/commendation.html", {"c": commendation})


@login_required
def service_stars(request: HttpRequest) -> HttpResponse:
    """The period's 优质服务标兵 candidates from the measures; a proposer proposes, a
    leader confirms on the commendation's page."""
    require(perms.can_propose_commendation(request.user))
    period, period_form = period_of(request)
    if request.method == "POST":
        person_id = request.POST.get("person", "")
        candidates = {c.person.pk: c for c in stars.candidates(period)}
        candidate = candidates.get(int(person_id)) if person_id.isdigit() else None
        if candidate is None:
            messages.error(request, _("This person is not a candidate for the period."))
            return redirect(request.get_full_path())
        commendation = services.propose_commendation(
            actor=request.user,
            person=candidate.person,
            kind=CommendationKind.SERVICE_STAR,
            source=CommendationSource.MEASURES,
            reasons=_(
                "Service star of %(period)s: satisfaction %(sat)s%%, on time %(on)s%%, "
                "no violations."
            )
            % {
                "period": period.label(),
                "sat": candidate.satisfied_pct,
                "on": candidate.on_time_pct,
            },
            period_start=period.start,
            period_end=period.end,
            measures=candidate.as_dict(),
        )
        messages.success(request, _("Proposed; a leader confirms it."))
        return redirect("accountability:commendation", pk=commendation.pk)
    return render(
        request,
        "accountability/service_stars.html",
        {"period": period, "period_form": period_form, "candidates": stars.candidates(period)},
    )
