"""Pages of the quality inspection: authorise, read or call a service, redirect.

Nothing here changes a ticket: the audit reads tickets, the writes are the inspection's
own rows (samples, findings, sign-off, mystery-shopper visits).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from firstask.core.access import only_for
from firstask.core.http import post_only
from firstask.core.pagination import page_query
from firstask.inspection import records, services
from firstask.inspection import report as reports
from firstask.inspection.forms import (
    AmendForm,
    DayForm,
    FindingForm,
    ListFilterForm,
    MysteryCorrectionForm,
    MysteryShopForm,
    SampleForm,
    SignOffForm,
)
from firstask.inspection.models import MysteryShop, Sample
from firstask.inspection.permissions import audit_scope, can_read_report, can_record
from firstask.inspection.rules import RULES
from firstask.inspection.selectors import audit_day, filter_rows, today

PAGE_SIZE = 50


def _sample_url(pk: int, **_kwargs) -> str:
    return reverse("inspection:sample", args=[pk])


inspector_only = only_for(can_record)


def _scope(request: HttpRequest):
    scope = audit_scope(request.user)
    if scope is None:
        raise PermissionDenied
    return scope


@login_required
def today_view(request: HttpRequest) -> HttpResponse:
    """Today, or the day chosen with the date picker (``?day=``)."""
    _scope(request)
    picked = DayForm(request.GET)
    if "day" in request.GET and picked.is_valid():
        return redirect("inspection:day", day=picked.cleaned_data["day"])
    return _day_page(request, today())


@login_required
def day_view(request: HttpRequest, day: date) -> HttpResponse:
    return _day_page(request, day)


def _day_page(request: HttpRequest, day: date) -> HttpResponse:
    scope = _scope(request)
    audit = audit_day(day, department_id=scope.department_id)
    filters = ListFilterForm(request.GET or None, departments=audit.departments)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    rows = filter_rows(
        audit.rows,
        flag=chosen.get("flag") or "",
        state=chosen.get("state") or "",
        department=chosen.get("department"),
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    sign_off = records.sign_off_of(day)
    journal = records.journal_of(day) if scope.department_id is None else []
    return render(
        request,
        "inspection/day.html",
        {
            "audit": audit,
            "day": day,
            "today": today(),
            "previous_day": day - timedelta(days=1),
            "next_day": day + timedelta(days=1),
            "rules": [(r, audit.flag_counts[code]) for code, r in RULES.items()],
            "filters": filters,
            "page": page,
            "page_query": page_query(request),
            "scope_name": audit.departments.get(scope.department_id, ""),
            "can_record": can_record(request.user),
            "can_read_report": can_read_report(request.user),
            "sign_off": sign_off,
            "summary": records.current_summary(sign_off, journal) if sign_off else "",
            "samples": records.samples_of(day) if scope.department_id is None else [],
            "journal": journal,
            "sample_form": SampleForm(initial={"size": 5}),
        },
    )


@inspector_only
@post_only("inspection:day")
def draw_sample(request: HttpRequest, day: date) -> HttpResponse:
    form = SampleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how many inquiries to draw (1–50)."))
        return redirect("inspection:day", day=day)
    try:
        sample = services.draw_sample(actor=request.user, day=day, **form.cleaned_data)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("inspection:day", day=day)
    messages.success(
        request,
        _("Drew %(n)d inquiries with seed %(seed)d.") % {"n": sample.size, "seed": sample.seed},
    )
    return redirect("inspection:sample", pk=sample.pk)


def _sample_page(request, sample: Sample, bound: dict | None = None, status: int = 200):
    signed = records.sign_off_of(sample.day) is not None
    items = records.reviewed_items(sample=sample)
    forms = {}
    for r in items:
        initial = {}
        if r.finding:
            initial = {f"check_{k}": v for k, v in r.finding.checks.items()}
            initial.update(outcome=r.finding.outcome, remarks=r.finding.remarks)
        forms[r.item.pk] = FindingForm(initial=initial, signed=signed, prefix=f"i{r.item.pk}")
    forms.update(bound or {})
    return render(
        request,
        "inspection/sample.html",
        {
            "sample": sample,
            "items": [(r, forms[r.item.pk]) for r in items],
            "signed": signed,
            "can_record": can_record(request.user),
        },
        status=status,
    )


@login_required
def sample_view(request: HttpRequest, pk: int) -> HttpResponse:
    if _scope(request).department_id is not None:
        raise PermissionDenied  # samples cover the whole organisation
    sample = get_object_or_404(Sample.objects.select_related("drawn_by"), pk=pk)
    return _sample_page(request, sample)


@inspector_only
@post_only(_sample_url)
def record_finding(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    sample = get_object_or_404(Sample, pk=pk)
    if not sample.items.filter(pk=item_id).exists():
        raise Http404
    signed = records.sign_off_of(sample.day) is not None
    form = FindingForm(request.POST, signed=signed, prefix=f"i{item_id}")
    if not form.is_valid():
        return _sample_page(request, sample, bound={item_id: form}, status=400)
    try:
        services.record_finding(item_id=item_id, actor=request.user, **form.service_data())
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("inspection:sample", pk=pk)
    messages.success(request, _("Finding recorded."))
    return redirect(f"{reverse('inspection:sample', args=[pk])}#item-{item_id}")


@inspector_only
def sign_off(request: HttpRequest, day: date) -> HttpResponse:
    form = SignOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_off_day(day=day, actor=request.user, **form.cleaned_data)
        except ValidationError as refused:
            # Refused: the page comes back with what the inspector typed and the reason.
            form.add_error(None, refused)
        else:
            messages.success(request, _("Day signed off. The report is ready to print."))
            return redirect("inspection:report", day=day)
    return render(
        request,
        "inspection/sign_off.html",
        {
            "day": day,
            "form": form,
            "amend_form": AmendForm(),
            "sign_off": records.sign_off_of(day),
            "reviewed": records.reviewed_items(day=day),
        },
        status=400 if form.is_bound else 200,
    )


@inspector_only
@post_only("inspection:day")
def amend(request: HttpRequest, day: date) -> HttpResponse:
    form = AmendForm(request.POST)
    if form.is_valid():
        try:
            services.amend_summary(day=day, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Summary amended; the change is on record."))
            return redirect("inspection:day", day=day)
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
    else:
        messages.error(request, _("Write the new summary and the reason for the change."))
    return redirect("inspection:sign_off", day=day)


@login_required
def report(request: HttpRequest, day: date) -> HttpResponse:
    """The printed daily report, in the reader's interface language (Chinese by default);
    the navigation around it follows the same language."""
    if not can_read_report(request.user):
        raise PermissionDenied
    return render(request, "inspection/report.html", reports.report_for(day))


@login_required
def mystery_list(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    visits = Paginator(records.mystery_visits(scope.department_id), PAGE_SIZE)
    return render(
        request,
        "inspection/mystery_list.html",
        {
            "by_staff": records.mystery_by_staff(scope.department_id),
            "page": visits.get_page(request.GET.get("page")),
            "can_record": can_record(request.user),
        },
    )


@inspector_only
def mystery_new(request: HttpRequest) -> HttpResponse:
    form = MysteryShopForm(request.POST or None, initial={"visited_on": today()})
    if request.method == "POST" and form.is_valid():
        services.record_mystery_shop(actor=request.user, data=form.cleaned_data)
        messages.success(request, _("Mystery-shopper visit recorded."))
        return redirect("inspection:mystery")
    return render(
        request,
        "inspection/mystery_form.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@inspector_only
def mystery_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a visit: a new revision with the reason; the original stays on record."""
    original = get_object_or_404(MysteryShop.objects.filter(revision__isnull=True), pk=pk)
    initial = {name: getattr(original, name) for name in MysteryShopForm.Meta.fields}
    form = MysteryCorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "correction_reason"}
        try:
            services.correct_mystery_shop(
                actor=request.user,
                original=original,
                data=data,
                reason=form.cleaned_data["correction_reason"],
            )
        except services.AlreadyCorrected:
            messages.warning(request, services.AlreadyCorrected.message)
            return redirect("inspection:mystery")
        messages.success(request, _("Correction recorded; the original visit stays on record."))
        return redirect("inspection:mystery")
    return render(
        request,
        "inspection/mystery_form.html",
        {"form": form, "original": original},
        status=400 if form.is_bound else 200,
    )
