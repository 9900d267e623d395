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
from django.db.models import Avg, Count, QuerySet

from firstask.org.categories import category_choices
from firstask.org.models import Department, StaffProfile, display_name
from firstask.reports import sql
from firstask.reports.columns import COUNTS
from firstask.reports.measures import Totals, add, empty_totals
from firstask.reports.models import DayAggregate, Dim, MonthAggregate, TicketFact
from firstask.reports.periods import Period, add_months
from firstask.reports.permissions import Scope
from firstask.tickets.choices import Channel
from firstask.tickets.models import Ticket

BY = ("department", "staff", "channel", "category")


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
        add(out.setdefault(key, empty_totals()), row)


def _scope_where(narrowing: dict) -> list[tuple[str, list]]:
    return [sql.equals(column, value) for column, value in narrowing.items()]


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
        where = [sql.equals("dim", dim), sql.in_list("month", months)]
        where += _scope_where(
            {k: v for k, v in narrowing.items() if k in ("department_id", "staff_id")}
        )
        if value:
            where.append(sql.equals("value", value))
        month_keys = ["value"] if by in ("channel", "category") else keys
        rows = sql.sum_rows(MonthAggregate, month_keys, where)
        renamed = [{(keys[0] if k == "value" else k): v for k, v in row.items()} for row in rows]
        _fold(renamed, keys, out)
    if edges:
        ranges = " OR ".join(["(day >= %s AND day < %s)"] * len(edges))
        where = [(ranges, [d for edge in edges for d in edge]), *_scope_where(narrowing)]
        _fold(sql.sum_rows(DayAggregate, keys, where), keys, out)
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
    where = [sql.equals("dim", ""), sql.in_list("month", wanted), *_scope_where(scope.filter())]
    for row in sql.sum_rows(MonthAggregate, ["month"], where):
        month = row["month"]
        if isinstance(month, str):  # SQLite hands back text from a raw query
            month = date.fromisoformat(month)
        add(by_month[month], row)
    return [(m, by_month[m]) for m in wanted]


def labels_for(by: str, keys) -> dict:
    """Display names of breakdown keys: one query for departments or staff."""
    keys = [k for k in keys if k is not None]
    if by == "department":
        return dict(Department.objects.filter(pk__in=keys).values_list("pk", "name"))
    if by == "staff":
        users = get_user_model().objects.filter(pk__in=keys)
        return {
            u.pk: display_name(u) for u in users.only("pk", "username", "first_name", "last_name")
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
    found = visits.aggregate(
        visits=Count("pk"),
        attitude=Avg("attitude"),
        knowledge=Avg("knowledge"),
        speed=Avg("speed"),
    )
    # PostgreSQL averages integers as Decimal; the pages and the report want floats.
    return {k: (float(v) if v is not None and k != "visits" else v) for k, v in found.items()}


def breakdown_totals(period: Period, scope: Scope, by: str) -> dict:
    if by not in BY:
        raise ValueError(by)
    return totals_by(period, scope, by)


def accountability_counts(
    period: Period, scope: Scope, *, complaints_only: bool = False, sanctions: bool = False
) -> dict:
    """Complaints, violations and commendations of the period, from the accountability
    app's register (issue 11) through its counting selectors: four queries.

    Complaints count by the date received, violations by the date their sanction was
    decided (and only while it stands), commendations by the date approved — each in
    the user's scope (their own, their department's, or everyone's).
    """
    from firstask.accountability import selectors as acc

    window = acc.Period(period.start, period.last)
    department_id, person_id = scope.department_id, scope.staff_id
    if person_id is not None:
        from firstask.accountability.models import Complaint

        complaints = Complaint.objects.filter(
            received_on__gte=period.start, received_on__lt=period.end, concerned_staff_id=person_id
        ).count()
    else:
        complaints = acc.complaints_count(window, department_id=department_id)
    if complaints_only:
        return {"complaints": complaints}
    counts = {
        "complaints": complaints,
        "violations": acc.violations_count(
            window, department_id=department_id, person_id=person_id
        ),
        "commendations": acc.commendations_count(
            window, department_id=department_id, person_id=person_id
        ),
    }
    if sanctions:
        counts["sanctions"] = acc.sanctions_count(
            window, department_id=department_id, person_id=person_id
        )
    return counts


def totals_per_month_sum(rows: list[tuple[date, Totals]]) -> Totals:
    out = empty_totals()
    for _, t in rows:
        add(out, t)
    return out


def group_rows(rows: dict) -> dict:
    return defaultdict(empty_totals, rows)
