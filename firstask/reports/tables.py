"""The tables of the measures pages, built once for the page, Excel, CSV and the report.

A ``Table`` holds values (numbers, not formatted strings) with their kind, and for
every count the drill-down it opens; templates format them, the Excel export writes the
same values with number formats — so the page and the file cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from firstask.reports import measures as m
from firstask.reports.columns import CLOCKS
from firstask.reports.measures import MEASURES, Totals, target_met
from firstask.reports.periods import Period
from firstask.reports.selectors import Filters

CLOCK_LABELS = {
    "answer": _("Answer or refer"),
    "sign": _("Sign for a referral"),
    "handle": _("Handling"),
    "follow": _("Follow-up"),
    "contact": _("Visitor told of progress (extended items)"),
}


@dataclass
class Cell:
    value: object
    kind: str = "text"
    link: str = ""  # query string of the drill-down, "" for none
    met: bool | None = None
    testid: str = ""


@dataclass
class Table:
    code: str
    title: object
    columns: list[tuple[object, str]]
    rows: list[list[Cell]] = field(default_factory=list)


def drill(period: Period, count: str, filters: Filters | None = None, **extra) -> str:
    query = {"count": count, **extra}
    if filters:
        for key, value in filters.as_dict().items():
            query[key.removesuffix("_id")] = value
    return period.query() + "&" + urlencode(query)


def overview_table(
    period: Period,
    current: dict,
    previous: dict,
    settings,
    *,
    filters: Filters | None = None,
) -> Table:
    """Every measure: this period, the previous one, the change, the target, met or not."""
    table = Table(
        "overview",
        _("Measures"),
        [
            (_("Measure"), "text"),
            (_("This period"), "mixed"),
            (_("Previous period"), "mixed"),
            (_("Change"), "mixed"),
            (_("Target"), "mixed"),
            (_("Met"), "text"),
        ],
    )
    for measure in MEASURES:
        value, before = current.get(measure.code), previous.get(measure.code)
        change = value - before if value is not None and before is not None else None
        target = getattr(settings, measure.target) if measure.target else None
        if target is not None and measure.kind == "rate":
            target = float(target) / 100
        met = target_met(measure, value, settings)
        link = drill(period, measure.count, filters) if measure.count else ""
        table.rows.append(
            [
                Cell(measure.label),
                Cell(value, measure.kind, link, testid=f"measure-{measure.code}"),
                Cell(before, measure.kind),
                Cell(change, measure.kind),
                Cell(float(target) if target is not None else None, measure.kind),
                Cell(
                    "" if met is None else (_("met") if met else _("not met")),
                    met=met,
                    testid=f"met-{measure.code}",
                ),
            ]
        )
    return table


def clocks_table(period: Period, t: Totals, filters: Filters | None = None) -> Table:
    table = Table(
        "clocks",
        _("On time per clock"),
        [
            (_("Clock"), "text"),
            (_("Due"), "count"),
            (_("On time"), "count"),
            (_("Overdue"), "count"),
            (_("On-time rate"), "rate"),
        ],
    )
    for clock in CLOCKS:
        table.rows.append(
            [
                Cell(CLOCK_LABELS[clock]),
                Cell(t[f"{clock}_due"], "count", drill(period, f"{clock}_due", filters)),
                Cell(t[f"{clock}_on_time"], "count", drill(period, f"{clock}_on_time", filters)),
                Cell(
                    t[f"{clock}_overdue"],
                    "count",
                    drill(period, f"{clock}_overdue", filters),
                    testid=f"clock-overdue-{clock}",
                ),
                Cell(m.on_time_rate(t, clock), "rate"),
            ]
        )
    return table


BREAKDOWN_TITLES = {
    "department": _("By department"),
    "staff": _("By staff member"),
    "channel": _("By channel"),
    "category": _("By category"),
}


def breakdown_table(
    period: Period,
    by: str,
    rows: dict,
    labels: dict,
    weights: tuple[int, int, int],
    base: Filters | None = None,
) -> Table:
    """One row per department / staff member / channel / category, busiest first."""
    table = Table(
        by,
        BREAKDOWN_TITLES[by],
        [
            (BREAKDOWN_TITLES[by], "text"),
            (_("Registrations"), "count"),
            (_("Closed on the spot"), "rate"),
            (_("Resolved first time"), "rate"),
            (_("On-time rate"), "rate"),
            (_("Responded within 30 minutes"), "rate"),
            (_("Mean handling (working hours)"), "hours"),
            (_("Median handling (working hours)"), "hours"),
            (_("Satisfaction rate"), "rate"),
            (_("Satisfaction score"), "score"),
            (_("Returned"), "count"),
            (_("Overdue"), "count"),
            (_("Composite score"), "points"),
        ],
    )
    base = base or Filters()
    ordered = sorted(rows.items(), key=lambda kv: (-kv[1]["registered"], str(kv[0])))
    for key, t in ordered:
        narrowing = Filters(**{**base.__dict__, **_filter_for(by, key)})
        name = labels.get(key, "—" if key is None else str(key))
        link_key = f"{by}-{key if key is not None else 'none'}"
        table.rows.append(
            [
                Cell(name, testid=f"row-{link_key}", link=_scope_link(period, by, key)),
                Cell(t["registered"], "count", drill(period, "registered", narrowing)),
                Cell(m.on_the_spot_rate(t), "rate"),
                Cell(m.first_time_rate(t), "rate"),
                Cell(m.on_time_rate(t), "rate"),
                Cell(m.within_30_rate(t), "rate"),
                Cell(m.mean_handling_hours(t), "hours"),
                Cell(m.median_handling_hours(t), "hours"),
                Cell(m.satisfaction_rate(t), "rate"),
                Cell(m.satisfaction_score(t), "score"),
                Cell(t["returned"], "count", drill(period, "returned", narrowing)),
                Cell(
                    t["overdue"],
                    "count",
                    drill(period, "overdue", narrowing),
                    testid=f"overdue-{link_key}",
                ),
                Cell(m.composite_score(t, weights), "points"),
            ]
        )
    return table


def _filter_for(by: str, key) -> dict:
    if by in ("department", "staff"):
        return {f"{by}_id": key}
    return {by: key or ""}


def _scope_link(period: Period, by: str, key) -> str:
    """A department or staff name opens the overview narrowed to it."""
    if by not in ("department", "staff") or key is None:
        return ""
    return period.query() + "&" + urlencode({by: key})
