"""The measures computed straight from the inquiries, for proving the aggregates.

Slow on purpose — it reads every inquiry of the period — and used by the tests (on
random data) and by ``manage.py check_measures`` to show that the facts, day rows and
month rows a page reads add up to what the raw rows say. Plain counts are taken with
SQL over the ticket table itself; the rest go through the same per-inquiry definition
(``facts.ticket_facts``) but none of the tables the refresh maintains.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q

from firstask.reports.facts import ticket_facts
from firstask.reports.measures import Totals, add, empty_totals
from firstask.reports.periods import Period
from firstask.reports.permissions import Scope
from firstask.reports.refresh import TICKET_COLUMNS, day_bounds, inputs_for
from firstask.tickets.models import Ticket
from firstask.workdays.selectors import policy_for, work_calendar


def _tickets(period: Period, scope: Scope):
    start, end = day_bounds(period.start)[0], day_bounds(period.end)[0]
    tickets = Ticket.objects.filter(received_at__gte=start, received_at__lt=end).exclude(
        state="void"
    )
    if scope.staff_id is not None:
        tickets = tickets.filter(first_responder_id=scope.staff_id)
    elif scope.department_id is not None:
        tickets = tickets.filter(first_responder_department_id=scope.department_id)
    return tickets


def direct_counts(period: Period, scope: Scope) -> dict[str, int]:
    """The plain counts in one SQL statement over the tickets."""
    return _tickets(period, scope).aggregate(
        registered=Count("pk"),
        closed=Count("pk", filter=Q(state="closed")),
        referred=Count("pk", filter=Q(referral_count__gt=0)),
        returned=Count("pk", filter=Q(return_count__gt=0)),
        redone=Count("pk", filter=Q(redo_count__gt=0)),
        repeat_visit=Count("pk", filter=Q(repeat_of__isnull=False)),
        followed=Count("pk", filter=~Q(satisfaction="")),
        satisfied=Count("pk", filter=Q(satisfaction__in=["satisfied", "basically"])),
    )


def direct_totals(period: Period, scope: Scope, *, now: datetime) -> Totals:
    """Every column, summed over the period's inquiries as of ``now``."""
    cal = work_calendar()
    rows = list(_tickets(period, scope).order_by("pk").values(*TICKET_COLUMNS))
    out = empty_totals()
    for i in range(0, len(rows), 2000):
        for t in inputs_for(rows[i : i + 2000]):
            add(out, ticket_facts(t, cal=cal, now=now, policy_of=policy_for))
    return out
