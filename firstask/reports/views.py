"""Pages of the measures: authorise (scope), read (pages.py), render or export.

Every view works inside the user's scope (permissions.report_scope): a narrowing by
department or staff in the query string can only narrow it further, never widen it.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from firstask.core.access import only_for
from firstask.core.http import post_only
from firstask.core.pagination import page_query
from firstask.reports import exports
from firstask.reports.columns import COUNTS
from firstask.reports.forms import PeriodForm
from firstask.reports.models import RefreshState, Report, ReportKind
from firstask.reports.monthly import generate, report_charts, table_from_json
from firstask.reports.pages import breakdown_data, overview_data
from firstask.reports.periods import KINDS, period_of
from firstask.reports.permissions import (
    Scope,
    can_generate_reports,
    can_read_reports,
    report_scope,
)
from firstask.reports.selectors import BY, Filters, facts_behind
from firstask.reports.tables import BREAKDOWN_TITLES

PAGE_SIZE = 50
EXPORTABLE = ("overview", "clocks", *BY)


def scoped(view):
    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        scope = report_scope(request.user)
        if scope is None:
            raise PermissionDenied
        return view(request, scope, *args, **kwargs)

    return login_required(guarded)


def _period_and_filters(request: HttpRequest):
    form = PeriodForm(request.GET or None)
    today = timezone.localdate()
    period = form.period_or(today)
    data = form.cleaned_data if form.is_valid() else {}
    filters = Filters(
        department_id=data.get("department"),
        staff_id=data.get("staff"),
        channel=data.get("channel") or "",
        category=data.get("category") or "",
    )
    return form, period, filters


def _context(request, scope: Scope, form, period, filters) -> dict:
    query = period.query()
    narrowing = "&".join(f"{k.removesuffix('_id')}={v}" for k, v in filters.as_dict().items())
    return {
        "form": form,
        "period": period,
        "kinds": KINDS,
        "filters": filters,
        "scope": scope,
        "query": query,
        "narrowing": narrowing,
        "previous_query": period.previous().query(),
        "next_query": period.next().query(),
        "as_of": RefreshState.objects.values_list("last_run_at", flat=True).first(),
        "breakdowns": BREAKDOWN_TITLES,
        "drill_url": reverse("reports:inquiries"),
        "overview_url": reverse("reports:overview"),
    }


@scoped
def overview(request: HttpRequest, scope: Scope) -> HttpResponse:
    form, period, filters = _period_and_filters(request)
    data = overview_data(period, scope, filters)
    return render(
        request,
        "reports/overview.html",
        {**_context(request, scope, form, period, filters), **data},
    )


@scoped
def breakdown(request: HttpRequest, scope: Scope, by: str) -> HttpResponse:
    if by not in BY:
        raise Http404
    form, period, filters = _period_and_filters(request)
    data = breakdown_data(period, scope, by, filters)
    return render(
        request,
        "reports/breakdown.html",
        {**_context(request, scope, form, period, filters), **data, "by": by},
    )


@scoped
def inquiries(request: HttpRequest, scope: Scope) -> HttpResponse:
    """The drill-down: the inquiries behind a number."""
    count = request.GET.get("count", "")
    if count not in COUNTS:
        raise Http404
    form, period, filters = _period_and_filters(request)
    tickets = facts_behind(period, scope, count, filters)
    page = Paginator(tickets, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/inquiries.html",
        {
            **_context(request, scope, form, period, filters),
            "count": count,
            "page": page,
            "page_query": page_query(request),
        },
    )


@scoped
def export(request: HttpRequest, scope: Scope, table: str, fmt: str) -> HttpResponse:
    """The same table as the page, as .xlsx or .csv."""
    if table not in EXPORTABLE or fmt not in ("xlsx", "csv"):
        raise Http404
    _form, period, filters = _period_and_filters(request)
    if table in BY:
        result = breakdown_data(period, scope, table, filters)["table"]
    else:
        result = overview_data(period, scope, filters)[table]
    name = f"measures-{table}-{period.start}"
    if fmt == "csv":
        response = HttpResponse(exports.csv_text(result), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.workbook([result], heading=period.label), content_type=exports.XLSX
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


# --- stored reports ------------------------------------------------------------------------


readers_only = only_for(can_read_reports)


@readers_only
def report_list(request: HttpRequest) -> HttpResponse:
    reports = Report.objects.select_related("generated_by").order_by("-start", "kind", "-version")
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/report_list.html",
        {
            "page": page,
            "kinds": ReportKind.choices,
            "can_generate": can_generate_reports(request.user),
            "today": timezone.localdate(),
        },
    )


@post_only("reports:reports")
@readers_only
def report_generate(request: HttpRequest) -> HttpResponse:
    if not can_generate_reports(request.user):
        raise PermissionDenied
    kind = request.POST.get("kind", "")
    form = PeriodForm({"start": request.POST.get("start", "")})
    if kind not in ReportKind.values or not form.is_valid() or not form.cleaned_data["start"]:
        messages.error(request, _("Choose a kind of report and a date in its period."))
        return redirect("reports:reports")
    report = generate(kind, period_of(kind, form.cleaned_data["start"]), by=request.user)
    messages.success(request, _("Report generated (version %(v)s).") % {"v": report.version})
    return redirect("reports:report", pk=report.pk)


def _report_tables(report: Report):
    return [table_from_json(t) for t in report.data.get("tables", [])]


@readers_only
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report.objects.select_related("generated_by"), pk=pk)
    tables = _report_tables(report)
    return render(
        request,
        "reports/report.html",
        {"report": report, "tables": tables, "charts": report_charts(report), "data": report.data},
    )


@readers_only
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report, pk=pk)
    body = exports.workbook(_report_tables(report), heading=str(report))
    response = HttpResponse(body, content_type=exports.XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="report-{report.kind}-{report.start}-v{report.version}.xlsx"'
    )
    return response
