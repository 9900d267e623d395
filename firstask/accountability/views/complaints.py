"""The complaints, suggestions and opinions register: list, record, the entry, reply,
print as the paper form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from firstask.accountability import permissions as perms
from firstask.accountability import services
from firstask.accountability.choices import ComplaintKind
from firstask.accountability.forms import ComplaintAnswerForm, ComplaintForm
from firstask.accountability.models import Complaint, Event
from firstask.accountability.views.common import act_on_record, new_record_page, require
from firstask.core.http import post_only

PAGE_SIZE = 50


def _load(pk: int) -> Complaint:
    return get_object_or_404(
        Complaint.objects.select_related(
            "concerned_staff__profile", "concerned_department", "ticket", "recorded_by"
        ),
        pk=pk,
    )


def _staff_dept(complaint: Complaint) -> int | None:
    staff = complaint.concerned_staff
    profile = getattr(staff, "profile", None) if staff else None
    return profile.department_id if profile else None


@login_required
def complaint_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    qs = Complaint.objects.filter(perms.complaint_filter(request.user)).distinct()
    if kind in ComplaintKind.values:
        qs = qs.filter(kind=kind)
    qs = qs.select_related("concerned_staff", "concerned_department", "ticket")
    page = Paginator(qs.order_by("-received_on", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [(c, perms.sees_complainant(c, request.user)) for c in page.object_list]
    return render(
        request,
        "accountability/complaint_list.html",
        {"page": page, "rows": rows, "kind": kind, "kinds": ComplaintKind.choices},
    )


@login_required
def complaint_new(request: HttpRequest) -> HttpResponse:
    require(perms.can_record_complaint(request.user))

    def create(form) -> HttpResponse:
        complaint = services.record_complaint(actor=request.user, data=form.service_data())
        messages.success(request, _("Entry %(ref)s recorded.") % {"ref": complaint.reference})
        return redirect("accountability:complaint", pk=complaint.pk)

    form = ComplaintForm(request.POST or None)
    return new_record_page(request, form, "accountability/complaint_new.html", create)


def _page(request, complaint: Complaint, answer_form=None, status=200) -> HttpResponse:
    user = request.user
    dept = _staff_dept(complaint)
    return render(
        request,
        "accountability/complaint_detail.html",
        {
            "complaint": complaint,
            "sees_complainant": perms.sees_complainant(complaint, user),
            "can_answer": perms.can_answer_complaint(complaint, user, dept),
            "can_open_case": perms.can_open_case(user) and complaint.kind != ComplaintKind.PRAISE,
            "can_commend": perms.can_propose_commendation(user)
            and complaint.kind == ComplaintKind.PRAISE,
            "answer_form": answer_form or ComplaintAnswerForm(),
            "events": Event.objects.filter(complaint=complaint).select_related("actor"),
        },
        status=status,
    )


@login_required
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _load(pk)
    require(perms.can_view_complaint(complaint, request.user, _staff_dept(complaint)))
    return _page(request, complaint)


@post_only("accountability:complaint")
@login_required
def complaint_answer(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _load(pk)
    require(perms.can_view_complaint(complaint, request.user, _staff_dept(complaint)))

    def call(data) -> str:
        services.answer_complaint(complaint_id=pk, actor=request.user, **data)
        return _("Reply recorded.")

    def page(form, fresh: bool) -> HttpResponse:
        return _page(request, _load(pk) if fresh else complaint, form, status=400)

    form = ComplaintAnswerForm(request.POST)
    return act_on_record(request, form, page, call, reverse("accountability:complaint", args=[pk]))


@login_required
def complaint_print(request: HttpRequest, pk: int) -> HttpResponse:
    """《客户投诉/建议/意见记录表》 as the paper, in Chinese whatever the interface."""
    complaint = _load(pk)
    require(perms.can_view_complaint(complaint, request.user, _staff_dept(complaint)))
    with translation.override("zh-hans"):
        return render(
            request,
            "accountability/print/complaint.html",
            {
                "complaint": complaint,
                "sees_complainant": perms.sees_complainant(complaint, request.user),
            },
        )
