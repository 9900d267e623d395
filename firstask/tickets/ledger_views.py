"""The day's ledger (客服前台工作台账): a page that prints A4 landscape, and Excel."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from firstask.directory.tabular.writing import write_xlsx
from firstask.tickets.ledger import COLUMNS, ledger_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _day(request: HttpRequest) -> date:
    try:
        return date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return timezone.localdate()


@login_required
def ledger(request: HttpRequest) -> HttpResponse:
    day = _day(request)
    base = reverse("tickets:ledger")
    return render(
        request,
        "tickets/print/ledger.html",
        {
            "day": day,
            "columns": COLUMNS,
            "rows": ledger_rows(day, request.user),
            "previous_day": f"{base}?day={day - timedelta(days=1)}",
            "next_day": f"{base}?day={day + timedelta(days=1)}",
            "excel": f"{reverse('tickets:ledger_xlsx')}?day={day}",
        },
    )


@login_required
def ledger_xlsx(request: HttpRequest) -> HttpResponse:
    day = _day(request)
    rows = (row.cells() for row in ledger_rows(day, request.user))
    title = _("Front-desk ledger")
    content = write_xlsx([str(c) for c in COLUMNS], rows, title=f"{title} {day}")
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="ledger-{day}.xlsx"'
    return response
