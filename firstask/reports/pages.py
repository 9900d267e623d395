"""What the overview and breakdown pages show, built once for the page and the exports.

Both return plain dicts of tables and charts (see tables.py, charts.py); the views
render them, the Excel and CSV exports write the same tables, and the monthly report
freezes the same numbers.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from firstask.reports import measures as m
from firstask.reports.charts import bar_chart, trend_chart
from firstask.reports.models import MeasureSettings
from firstask.reports.periods import Period
from firstask.reports.permissions import Scope
from firstask.reports.selectors import (
    Filters,
    accountability_counts,
    labels_for,
    mystery_shopper,
    totals,
    totals_by,
    trend,
)
from firstask.reports.tables import breakdown_table, clocks_table, overview_table


def weights_of(settings: MeasureSettings) -> tuple[int, int, int]:
    return (settings.weight_response, settings.weight_first_time, settings.weight_satisfaction)


def overview_data(
    period: Period, scope: Scope, filters: Filters | None = None, *, sanctions: bool = False
) -> dict:
    filters = filters or Filters()
    settings = MeasureSettings.current()
    weights = weights_of(settings)
    current_t = totals(period, scope, filters)
    previous_t = totals(period.previous(), scope, filters)
    # A manager's narrowing to one department or person narrows these counts too; a
    # head's or a staff member's own scope is never widened by it.
    counted = scope
    if scope.everyone and (filters.department_id or filters.staff_id):
        counted = Scope(department_id=filters.department_id, staff_id=filters.staff_id)
    counts = accountability_counts(period, counted, sanctions=sanctions)
    before_counts = accountability_counts(period.previous(), counted, complaints_only=True)
    current = m.compute(current_t, weights=weights, complaints=counts["complaints"])
    previous = m.compute(previous_t, weights=weights, complaints=before_counts["complaints"])
    months = trend(period.last.replace(day=1), scope)
    month_labels = [f"{month:%Y-%m}" for month, _t in months]
    breakdown_by = "department" if scope.everyone and filters.department_id is None else "staff"
    if filters.staff_id is not None or scope.staff_id is not None:
        breakdown_by = "channel"
    rows = totals_by(period, scope, breakdown_by, filters)
    labels = labels_for(breakdown_by, rows.keys())
    breakdown = breakdown_table(period, breakdown_by, rows, labels, weights, filters)
    return {
        "settings": settings,
        "totals": current_t,
        "values": current,
        "previous_values": previous,
        "accountability": counts,
        "mystery": mystery_shopper(period, scope),
        "overview": overview_table(period, current, previous, settings, filters=filters),
        "clocks": clocks_table(period, current_t, filters),
        "breakdown": breakdown,
        **month_charts(
            month_labels,
            [t["registered"] for _m, t in months],
            [m.first_time_rate(t) for _m, t in months],
            [m.satisfaction_rate(t) for _m, t in months],
            keys=("trend_chart", "satisfaction_chart"),
            testid="chart",
        ),
        "breakdown_chart": bar_chart(
            str(breakdown.title),
            [(str(row[0].value), row[1].value) for row in breakdown.rows[:15]],
            testid="chart-breakdown",
        ),
    }


def breakdown_data(period: Period, scope: Scope, by: str, filters: Filters | None = None) -> dict:
    filters = filters or Filters()
    settings = MeasureSettings.current()
    rows = totals_by(period, scope, by, filters)
    table = breakdown_table(
        period, by, rows, labels_for(by, rows.keys()), weights_of(settings), filters
    )
    return {
        "table": table,
        "chart": bar_chart(
            str(table.title),
            [(str(row[0].value), row[1].value) for row in table.rows[:20]],
            testid="chart-breakdown",
        ),
        "satisfaction_chart": bar_chart(
            _("Satisfaction rate"),
            [(str(row[0].value), row[8].value) for row in table.rows[:20]],
            percent=True,
            testid="chart-breakdown-satisfaction",
        ),
    }


def month_charts(
    labels: list[str],
    registered: list,
    first_time: list,
    satisfaction: list,
    *,
    keys: tuple[str, str] = ("trend", "satisfaction"),
    testid: str,
) -> dict:
    """The two trends by month, drawn alike on the measures page (live numbers) and in
    the monthly report (its frozen numbers): registrations against the first-time
    resolution rate, and against the satisfaction rate."""
    trend_key, satisfaction_key = keys
    return {
        trend_key: trend_chart(
            _("Registrations and first-time resolution by month"),
            labels,
            registered,
            first_time,
            line_label=_("Resolved first time"),
            testid=f"{testid}-trend",
        ),
        satisfaction_key: trend_chart(
            _("Registrations and satisfaction rate by month"),
            labels,
            registered,
            satisfaction,
            line_label=_("Satisfaction rate"),
            testid=f"{testid}-satisfaction",
        ),
    }
