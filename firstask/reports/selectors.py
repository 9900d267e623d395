"""Reads for the measures pages: sums of aggregate rows, never a scan of inquiries.

A period is read as its whole months from ``MonthAggregate`` plus its leftover edge
days from ``DayAggregate`` (``Period.split``), so the cost depends on the number of
staff and months, not on the number of inquiries. Each function here costs one or two
queries whatever it is asked.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, Q, QuerySet, Sum

from firstask.org.categories import category_choices
from firstask.org.models import Department, StaffProfile
from firstask.reports.columns import COUNTS
from firstask.reports.measures import Totals, add, empty_totals
from firstask.reports.models import DayAggregate, Dim, MonthAggregate, TicketFact
from firstask.reports.periods import Period, add_months
from firstask.reports.permissions import Scope
from firstask.tickets.choices import Channel
from firstask.tickets.models import Ticket

BY = ("department", "staff", "channel", "category")
_SUMS = {f"s_{name}": Sum(name) for name in COUNTS}


@dataclass(frozen=True)
class Filters:
    """Narrowing of a breakdown row or drill-down (each optional)."""

    department_id: int | None = None
    staff_id: int | None = None
    channel: str = ""
    category: str = ""

    def as_dict(self) -> dict:
        out = {}
        if self.department_id is not None:
            out["department_id"] = self.department_id
        if self.staff_id is not None:
            out["staff_id"] = self.staff_id
        if self.channel:
            out["channel"] = self.channel
        if self.category:
            out["category"] = self.category
        return out


def _key_fields(by: str | None) -> list[str]:
    return {
        None: [],
        "department": ["department_id"],
        "staff": ["staff_id"],
        "channel": ["channel"],
        "category": ["category"],
    }[by]


def _fold(rows, key_fields: list[str], out: dict) -> None:
    for row in rows:
        key = tuple(row[k] for k in key_fields) if key_fields else None
        if key is not None and len(key) == 1:
            key = key[0]
        totals = out.setdefault(key, empty_totals())
        add(totals, {k[2:]: v for k, v in row.items() if k.startswith("s_")})


def _grouped(queryset, keys: list[str]) -> list[dict]:
    """Sums per value of ``keys`` — or one row of sums when there are no keys (an empty
    ``values()`` would group by every column)."""
    if not keys:
        return [queryset.aggregate(**_SUMS)]
    return list(queryset.values(*keys).annotate(**_SUMS).order_by())


def _month_plan(by: str | None, filters: Filters) -> tuple[str, str] | None:
    """Which month rows answer this question: (dim, value filter), or None when only
    day rows carry the combination asked for (channel and category together)."""
    dims = {"channel": filters.channel, "category": filters.category}
    if by in dims:
        other = "category" if by == "channel" else "channel"
        return None if dims[other] else (by, dims[by])
    if filters.channel and filters.category:
        return None
    if filters.channel:
        return Dim.CHANNEL, filters.channel
    if filters.category:
        return Dim.CATEGORY, filters.category
    return Dim.NONE, ""


def totals_by(
    period: Period, scope: Scope, by: str | None = None, filters: Filters | None = None
) -> dict:
    """Summed counts of ``period`` within ``scope``, one Totals per value of ``by``
    (or a single Totals under the key None)."""
    filters = filters or Filters()
    keys = _key_fields(by)
    narrowing = {**filters.as_dict(), **scope.filter()}
    plan = _month_plan(by, filters)
    months, edges = period.split() if plan else ([], [(period.start, period.end)])
    out: dict = {}
    if months:
        dim, value = plan
        month_filter = {k: v for k, v in narrowing.items() if k in ("department_id", "staff_id")}
        if value:
            month_filter["value"] = value
        month_keys = ["value"] if by in ("channel", "category") else keys
        rows = _grouped(
            MonthAggregate.objects.filter(dim=dim, month__in=months, **month_filter), month_keys
        )
        renamed = [{(keys[0] if k == "value" else k): v for k, v in row.items()} for row in rows]
        _fold(renamed, keys, out)
    if edges:
        q = Q()
        for start, end in edges:
            q |= Q(day__gte=start, day__lt=end)
        rows = (
            DayAggregate.objects.filter(q, **narrowing).values(*keys).annotate(**_SUMS).order_by()
        )
        _fold(rows, keys, out)
    if by is None:
        out.setdefault(None, empty_totals())
    return out


def totals(period: Period, scope: Scope, filters: Filters | None = None) -> Totals:
    return totals_by(period, scope, None, filters)[None]


def trend(last_month: date, scope: Scope, months: int = 12) -> list[tuple[date, Totals]]:
    """Month by month, the ``months`` months ending with ``last_month``: one query."""
    first = add_months(last_month, -(months - 1))
    wanted = [add_months(first, i) for i in range(months)]
    by_month: dict[date, Totals] = {m: empty_totals() for m in wanted}
    rows = (
        MonthAggregate.objects.filter(dim=Dim.NONE, month__in=wanted, **scope.filter())
        .values("month")
        .annotate(**_SUMS)
        .order_by()
    )
    for row in rows:
        add(by_month[row["month"]], {k[2:]: v for k, v in row.items() if k.startswith("s_")})
    return [(m, by_month[m]) for m in wanted]


def labels_for(by: str, keys) -> dict:
    """Display names of breakdown keys: one query for departments or staff."""
    keys = [k for k in keys if k is not None]
    if by == "department":
        return dict(Department.objects.filter(pk__in=keys).values_list("pk", "name"))
    if by == "staff":
        users = get_user_model().objects.filter(pk__in=keys)
        return {
            u.pk: (f"{u.last_name}{u.first_name}" or u.username)
            for u in users.only("pk", "username", "first_name", "last_name")
        }
    if by == "channel":
        return dict(Channel.choices)
    if by == "category":
        return dict(category_choices())
    return {}


def department_names() -> dict[int, str]:
    return dict(Department.objects.values_list("pk", "name"))


# --- drill-down ----------------------------------------------------------------------------


def facts_behind(
    period: Period, scope: Scope, count: str, filters: Filters | None = None, *, missed=False
) -> QuerySet[Ticket]:
    """The inquiries whose facts were summed into a number: registered in ``period``
    within ``scope`` and ``filters``, with ``count`` > 0 (``missed``: = 0)."""
    if count not in COUNTS:
        raise ValueError(count)
    filters = filters or Filters()
    condition = {f"{count}": 0} if missed else {f"{count}__gt": 0}
    ids = TicketFact.objects.filter(
        day__gte=period.start,
        day__lt=period.end,
        **condition,
        **scope.filter(),
        **filters.as_dict(),
    ).values("ticket_id")
    return (
        Ticket.objects.filter(pk__in=ids)
        .select_related("first_responder", "first_responder_department", "referred_department")
        .order_by("-received_at", "-pk")
    )


# --- other registers ------------------------------------------------------------------------


def mystery_shopper(period: Period, scope: Scope) -> dict:
    """Mystery-shopper visits of the period: count and mean 0–10 scores."""
    from firstask.inspection.models import MysteryShop

    visits = MysteryShop.objects.filter(visited_on__gte=period.start, visited_on__lt=period.end)
    if scope.staff_id is not None:
        visits = visits.filter(staff_id=scope.staff_id)
    elif scope.department_id is not None:
        staff = StaffProfile.objects.filter(department_id=scope.department_id).values("user_id")
        visits = visits.filter(staff_id__in=staff)
    return visits.aggregate(
        visits=Count("pk"),
        attitude=Avg("attitude"),
        knowledge=Avg("knowledge"),
        speed=Avg("speed"),
    )


def breakdown_totals(period: Period, scope: Scope, by: str) -> dict:
    if by not in BY:
        raise ValueError(by)
    return totals_by(period, scope, by)


def accountability_counts(period: Period, scope: Scope) -> dict:
    """Complaints, violations and commendations of the period (accountability app).

    The complaints register lands with issue 11; until it does these are None and the
    pages say "not recorded".
    """
    return {"complaints": None, "violations": None, "commendations": None}


def totals_per_month_sum(rows: list[tuple[date, Totals]]) -> Totals:
    out = empty_totals()
    for _, t in rows:
        add(out, t)
    return out


def group_rows(rows: dict) -> dict:
    return defaultdict(empty_totals, rows)
