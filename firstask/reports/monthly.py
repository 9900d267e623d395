"""月报 / 季报 / 年报: generate, store (frozen numbers), and read back for print and Excel.

A report freezes the numbers of its period at generation in ``Report.data`` — the
overview, the departments', channels' and categories' tables, the months for the
charts, the top matters, the overdue and returned cases and the accountability counts
— so what was sent to the general office can be printed again unchanged. Regenerating
a period writes a new version; nothing is overwritten.

The beat task runs every morning and calls ``generate_due_reports``: on the first
working day of a month it writes last month's report (and the quarter's and year's
when last month closed one), once.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from firstask.reports import measures as m
from firstask.reports.charts import bar_chart
from firstask.reports.models import Report, ReportKind
from firstask.reports.pages import breakdown_data, month_charts, overview_data
from firstask.reports.periods import Period, add_months, period_of
from firstask.reports.permissions import Scope
from firstask.reports.refresh import day_bounds
from firstask.reports.selectors import facts_behind, trend
from firstask.reports.tables import Cell, Table
from firstask.tickets.models import Ticket
from firstask.workdays.selectors import work_calendar

CASES = 30
TOP_MATTERS = 10


def _table_json(table: Table) -> dict:
    return {
        "code": table.code,
        "title": str(table.title),
        "columns": [[str(label), kind] for label, kind in table.columns],
        "rows": [
            [
                {
                    "value": c.value
                    if isinstance(c.value, (int, float)) or c.value is None
                    else str(c.value),
                    "kind": c.kind,
                    "met": c.met,
                }
                for c in row
            ]
            for row in table.rows
        ],
    }


def table_from_json(data: dict) -> Table:
    return Table(
        data["code"],
        data["title"],
        [(label, kind) for label, kind in data["columns"]],
        [[Cell(c["value"], c["kind"], met=c.get("met")) for c in row] for row in data["rows"]],
    )


def _cases(queryset) -> list[dict]:
    return [
        {
            "number": t.number,
            "received_at": timezone.localtime(t.received_at).strftime("%Y-%m-%d %H:%M"),
            "category": t.get_category_display(),
            "matter": t.matter[:80],
            "state": t.get_state_display(),
            "department": t.referred_department.name if t.referred_department else "",
            "returns": t.return_count,
        }
        for t in queryset[:CASES]
    ]


def _top_matters(period: Period) -> list[dict]:
    """The most frequent matters of the period (high-frequency questions,
    docs/domain.md#measures): by the
    directory matter when intake named one, else by category."""
    start, end = day_bounds(period.start)[0], day_bounds(period.end)[0]
    tickets = Ticket.objects.filter(received_at__gte=start, received_at__lt=end).exclude(
        state="void"
    )
    named = (
        tickets.filter(directory_matter__isnull=False)
        .values("directory_matter__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "directory_matter__name")[:TOP_MATTERS]
    )
    rows = [{"matter": r["directory_matter__name"], "count": r["n"]} for r in named]
    if len(rows) < TOP_MATTERS:
        labels = dict(Ticket._meta.get_field("category").choices)
        for r in (
            tickets.filter(directory_matter__isnull=True)
            .values("category")
            .annotate(n=Count("pk"))
            .order_by("-n", "category")
        ):
            rows.append({"matter": str(labels.get(r["category"], r["category"])), "count": r["n"]})
        rows.sort(key=lambda r: -r["count"])
    return rows[:TOP_MATTERS]


def report_numbers(kind: str, period: Period) -> dict:
    """Everything a report shows, as JSON-able values (in the default language)."""
    scope = Scope()
    data = overview_data(period, scope, sanctions=True)
    months = trend(period.last.replace(day=1), scope, months=max(3, min(12, period.days // 28 + 1)))
    return {
        "kind": kind,
        "label": period.label,
        "start": period.start.isoformat(),
        "end": period.last.isoformat(),
        "values": data["values"],
        "previous_values": data["previous_values"],
        "tables": [
            _table_json(data["overview"]),
            _table_json(data["clocks"]),
            *(
                _table_json(breakdown_data(period, scope, by)["table"])
                for by in ("department", "channel", "category")
            ),
        ],
        "months": [
            {
                "month": f"{month:%Y-%m}",
                "registered": t["registered"],
                "first_time": m.first_time_rate(t),
                "satisfaction": m.satisfaction_rate(t),
            }
            for month, t in months
        ],
        "top_matters": _top_matters(period),
        "overdue": _cases(facts_behind(period, scope, "overdue")),
        "returned": _cases(facts_behind(period, scope, "returned")),
        "accountability": data["accountability"],
        "mystery": {k: (float(v) if v is not None else None) for k, v in data["mystery"].items()},
    }


def generate(kind: str, period: Period, *, by=None) -> Report:
    """Write a new version of the report of ``period`` (never overwrites)."""
    with translation.override(settings.LANGUAGE_CODE):
        numbers = report_numbers(kind, period)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                top = Report.objects.filter(kind=kind, start=period.start).aggregate(
                    top=Max("version")
                )["top"]
                return Report.objects.create(
                    kind=kind,
                    start=period.start,
                    end=period.last,
                    version=(top or 0) + 1,
                    generated_by=by,
                    data=numbers,
                )
        except IntegrityError:  # someone generated the same period at the same moment
            continue
    raise RuntimeError("could not number the report version")


def first_workday_of_month(day: date) -> date:
    cal = work_calendar()
    first = day.replace(day=1)
    return first if cal.is_workday(first) else cal.next_workday(first)


def generate_due_reports(today: date) -> list[Report]:
    """On the first working day of a month: last month's report, and the quarter's and
    the year's when last month closed them — each only if not written yet."""
    if today != first_workday_of_month(today):
        return []
    last_month = add_months(today.replace(day=1), -1)
    due = [(ReportKind.MONTH, period_of("month", last_month))]
    if today.month in (1, 4, 7, 10):
        due.append((ReportKind.QUARTER, period_of("quarter", last_month)))
    if today.month == 1:
        due.append((ReportKind.YEAR, period_of("year", last_month)))
    written = []
    for kind, period in due:
        if not Report.objects.filter(kind=kind, start=period.start).exists():
            written.append(generate(kind, period))
    return written


def report_charts(report: Report) -> dict:
    """The report's charts, drawn again from its frozen numbers."""
    months = report.data.get("months", [])
    labels = [row["month"] for row in months]
    tables = report.data.get("tables", [])
    departments = next((t for t in tables if t["code"] == "department"), None)
    return {
        **month_charts(
            labels,
            [row["registered"] for row in months],
            [row["first_time"] for row in months],
            [row["satisfaction"] for row in months],
            testid="report-chart",
        ),
        "departments": bar_chart(
            _("Registrations by department"),
            [(row[0]["value"], row[1]["value"]) for row in departments["rows"]]
            if departments
            else [],
            testid="report-chart-departments",
        ),
    }
