"""Reads of the daily audit, in a fixed number of queries however busy the day.

``audit_day`` runs eight statements whatever the number of tickets: the phrase list,
the day's tickets (received, touched or with a deadline passing that day) as plain
values, the day's events, the clock events of the tickets with a deadline that day, two
aggregates (registrations by channel/category/state/person, events by person and kind),
and the names of staff and departments. Everything else is Python over those rows.
"""

from __future__ import annotations

import operator
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import reduce
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import BooleanField, Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Greatest, Substr
from django.utils import timezone

from firstask.inspection.models import ForbiddenPhrase
from firstask.inspection.phrases import PhraseMatcher
from firstask.inspection.rules import (
    CLOCK_KINDS,
    DEADLINE_RULES,
    PROGRESS_INTERVAL,
    RULES,
    DayFacts,
    Flag,
    evaluate,
)
from firstask.org.models import Department, name_of
from firstask.tickets.choices import AnswerKind, EventKind, State
from firstask.tickets.models import Referral, Ticket, TicketEvent

DEADLINE_FIELDS = ("answer_due_at", "sign_for_due_at", "handle_due_at", "progress_due_at")
TICKET_FIELDS = (
    "id", "number", "received_at", "channel", "category", "state", "visitor_phone",
    "matter_head", "first_responder_id", "first_responder_department_id",
    "referred_department_id", "referred_handler_id", "answered_at", "signed_at",
    "result_at", "last_progress_at", "followed_up_at", "repeat_of_id",
    "repeat_of__number", "repeat_of__first_responder_id",
    "repeat_of__first_responder_department_id", *DEADLINE_FIELDS,
)  # fmt: skip
EVENT_COUNTS = {
    "registered": EventKind.REGISTERED,
    "answered": EventKind.ANSWERED,
    "referred": EventKind.REFERRED,
    "assigned": EventKind.ASSIGNED,
    "signed_for": EventKind.SIGNED_FOR,
    "returned": EventKind.RETURNED,
    "progress": EventKind.PROGRESS,
    "result": EventKind.RESULT,
    "followed_up": EventKind.FOLLOWED_UP,
    "closed": EventKind.CLOSED,
    "voided": EventKind.VOIDED,
}
ACTIVITY = ("on_the_spot", *EVENT_COUNTS)


def local_zone() -> ZoneInfo:
    """The organisation's clock (Asia/Shanghai): a day is its calendar day whatever
    language or time zone a user's session has switched to."""
    return ZoneInfo(settings.TIME_ZONE)


def today() -> date:
    return timezone.now().astimezone(local_zone()).date()


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=local_zone())
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=local_zone())


def scope_filter(department_id: int | None) -> Q:
    """A department head's scope: registered by its staff or referred to it, ever."""
    if department_id is None:
        return Q()
    referred_there = Referral.objects.filter(ticket=OuterRef("pk"), department_id=department_id)
    return (
        Q(first_responder_department_id=department_id)
        | Q(referred_department_id=department_id)
        | Q(Exists(referred_there))
    )


@dataclass
class Row:
    ticket: dict[str, Any]
    flags: list[Flag] = field(default_factory=list)
    received_today: bool = False


@dataclass
class AuditDay:
    day: date
    as_of: datetime
    department_id: int | None
    registered_total: int
    by_channel: dict[str, int]
    by_category: dict[str, int]
    by_state: dict[str, int]
    activity: dict[str, int]
    flags: list[Flag]
    rows: list[Row]
    staff_rows: list[dict[str, Any]]
    department_rows: list[dict[str, Any]]
    people: dict[int, str]
    departments: dict[int, str]

    @property
    def flag_counts(self) -> dict[str, int]:
        counts = Counter(f.rule for f in self.flags)
        return {code: counts.get(code, 0) for code in RULES}

    @property
    def overdue(self) -> int:
        return len({f.ticket_id for f in self.flags if f.rule in DEADLINE_RULES})


def phrase_matcher() -> PhraseMatcher:
    rows = ForbiddenPhrase.objects.filter(is_active=True).values_list("phrase", "exceptions")
    return PhraseMatcher(list(rows))


def _day_tickets(scope: Q, start: datetime, end: datetime, as_of: datetime) -> QuerySet:
    """The inquiries the day's audit looks at: registered that day, touched by an event
    that day, with a deadline falling in it, or a handled referral gone quiet.

    The four are read as a UNION of ticket ids, each by its own index, and only those
    rows are fetched: written as one OR, PostgreSQL cannot combine an ``IN (events)``
    branch with index ranges and reads every inquiry ever registered (2.0× slower at a
    million inquiries than at 100,000)."""
    quiet_since = Greatest("signed_at", Coalesce("last_progress_at", "signed_at"))
    silent = Ticket.objects.annotate(quiet_since=quiet_since).filter(
        state=State.REFERRED,
        signed_at__isnull=False,
        result_at__isnull=True,
        progress_due_at__isnull=True,
        quiet_since__gte=start - PROGRESS_INTERVAL,
        quiet_since__lt=as_of - PROGRESS_INTERVAL,
    )
    ids = (
        Ticket.objects.filter(received_at__gte=start, received_at__lt=end)
        .values("pk")
        .order_by()
        .union(
            TicketEvent.objects.filter(at__gte=start, at__lt=end).values("ticket_id").order_by(),
            Ticket.objects.filter(_deadline_window(start, as_of)).values("pk").order_by(),
            silent.values("pk").order_by(),
        )
    )
    return (
        Ticket.objects.annotate(matter_head=Substr("matter", 1, 500))
        .filter(scope)
        .filter(_among(Ticket, "id", ids))
    )


def _among(model, column: str, ids: QuerySet) -> Q | RawSQL:
    """``column IN (ids)`` for a few thousand ``ids``, read through ``column``'s index.

    PostgreSQL plans ``IN (subquery)`` from the subquery's estimate; when that is loose
    (a UNION of ranges, a list of deadlines) it hashes the ids and reads every row of
    the table at a million inquiries. Over an array (``= ANY(ARRAY(subquery))``) it
    looks each id up. SQLite already walks the list with the index."""
    if connection.vendor != "postgresql":
        return Q(**{f"{model._meta.get_field(column).name}__in": ids})
    subquery, params = ids.query.sql_with_params()
    where = (
        f"{model._meta.db_table}.{model._meta.get_field(column).column} = ANY(ARRAY({subquery}))"
    )
    return RawSQL(where, params, output_field=BooleanField())


def _deadline_window(start: datetime, as_of: datetime) -> Q:
    return reduce(
        operator.or_, (Q(**{f"{n}__gte": start, f"{n}__lt": as_of}) for n in DEADLINE_FIELDS)
    )


def audit_day(day: date, *, department_id: int | None = None, as_of=None) -> AuditDay:
    """The audit of ``day`` (everything, or one department's scope)."""
    start, end = day_bounds(day)
    as_of = min(as_of or timezone.now(), end)
    scope = scope_filter(department_id)
    scoped_events = TicketEvent.objects.filter(at__gte=start, at__lt=end)
    if department_id is not None:
        scoped_events = scoped_events.filter(ticket__in=Ticket.objects.filter(scope))

    matcher = phrase_matcher()
    tickets = {
        t["id"]: t for t in _day_tickets(scope, start, end, as_of).values(*TICKET_FIELDS).order_by()
    }
    events = list(
        scoped_events.annotate(actor_department_id=F("actor__profile__department_id"))
        .values("id", "ticket_id", "kind", "at", "note", "data", "actor_id", "actor_department_id")
        .order_by("at", "id")
    )
    history: dict[int, list[dict]] = defaultdict(list)
    with_deadline = Ticket.objects.filter(scope).filter(_deadline_window(start, as_of))
    for e in (
        TicketEvent.objects.filter(
            _among(TicketEvent, "ticket", with_deadline.values("pk").order_by()),
            kind__in=CLOCK_KINDS,
            at__lt=end,
        )
        .values("id", "ticket_id", "kind", "at", "data")
        .order_by("at", "id")
    ):
        history[e["ticket_id"]].append(e)

    received = {tid for tid, t in tickets.items() if start <= t["received_at"] < end}
    facts = DayFacts(day, start, end, as_of, tickets, events, history, matcher, received)
    flags = evaluate(facts)

    registrations = list(
        Ticket.objects.filter(scope, received_at__gte=start, received_at__lt=end)
        .values("channel", "category", "state", "first_responder_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {name: Count("id", filter=Q(kind=kind)) for name, kind in EVENT_COUNTS.items()}
    counts["on_the_spot"] = Count(
        "id", filter=Q(kind=EventKind.ANSWERED, data__kind=AnswerKind.ON_THE_SPOT)
    )
    by_actor = list(scoped_events.values("actor_id").annotate(**counts).order_by())
    people, people_departments = _people()
    departments = dict(Department.objects.values_list("id", "name"))

    totals: dict[str, Counter] = {"channel": Counter(), "category": Counter(), "state": Counter()}
    for r in registrations:
        for key, counter in totals.items():
            counter[r[key]] += r["n"]
    activity = {name: sum(a[name] for a in by_actor) for name in ACTIVITY}

    rows = {tid: Row(t, received_today=tid in received) for tid, t in tickets.items()}
    for flag in flags:
        rows[flag.ticket_id].flags.append(flag)
    ordered = sorted(rows.values(), key=lambda r: (r.ticket["received_at"], r.ticket["number"]))
    staff_rows, department_rows = _tables(
        registrations, by_actor, events, flags, people, people_departments, departments
    )
    return AuditDay(
        day=day,
        as_of=as_of,
        department_id=department_id,
        registered_total=len(received),
        by_channel=dict(totals["channel"]),
        by_category=dict(totals["category"]),
        by_state=dict(totals["state"]),
        activity=activity,
        flags=flags,
        rows=ordered,
        staff_rows=staff_rows,
        department_rows=department_rows,
        people=people,
        departments=departments,
    )


def _people() -> tuple[dict[int, str], dict[int, int | None]]:
    """Every staff member's display name (family name first) and department: one query,
    cheaper than joining names into every row above."""
    names, departments = {}, {}
    rows = get_user_model().objects.values_list(
        "id", "last_name", "first_name", "username", "profile__department_id"
    )
    for pk, last, first, username, dept in rows:
        names[pk] = name_of(last, first, username)
        departments[pk] = dept
    return names, departments


def _tables(registrations, by_actor, events, flags, people, people_depts, departments):
    """Per staff member and per department: registrations, activity, flags."""
    staff: dict[int, Counter] = defaultdict(Counter)
    depts: dict[int | None, Counter] = defaultdict(Counter)
    for r in registrations:
        staff[r["first_responder_id"]]["registrations"] += r["n"]
        depts[people_depts.get(r["first_responder_id"])]["registrations"] += r["n"]
    for a in by_actor:
        for name in ACTIVITY:
            staff[a["actor_id"]][name] += a[name]
            depts[people_depts.get(a["actor_id"])][name] += a[name]
    for e in events:
        if e["kind"] in (EventKind.REFERRED, EventKind.ASSIGNED):
            depts[e["data"].get("department_id")]["referred_in"] += 1
    for f in flags:
        if f.staff_id:
            staff[f.staff_id]["flags"] += 1
        depts[f.department_id]["flags"] += 1
    columns = ("registrations", *ACTIVITY, "referred_in", "flags")
    zero = dict.fromkeys(columns, 0)
    staff_rows = [
        {"id": pk, "name": people.get(pk, "—"), "department": departments.get(people_depts.get(pk)),
         **zero, **counts}
        for pk, counts in staff.items()
        if pk is not None
    ]  # fmt: skip
    staff_rows.sort(key=lambda r: (r["department"] or "", r["name"]))
    department_rows = [
        {"id": pk, "name": departments.get(pk, "—"), **zero, **counts}
        for pk, counts in depts.items()
        if pk is not None
    ]
    department_rows.sort(key=lambda r: r["name"])
    return staff_rows, department_rows


def filter_rows(
    rows: list[Row], *, flag: str = "", state: str = "", department: int | None = None
) -> list[Row]:
    """The ticket list's filters: a rule code (or "any"/"none"), a state, a department
    (the registering one, the one it is referred to now, or one a flag blames — a
    department that returned a referral is no longer on the ticket but is on the flag)."""
    out = []
    for row in rows:
        t = row.ticket
        codes = {f.rule for f in row.flags}
        if (flag == "any" and not codes) or (flag == "none" and codes):
            continue
        if flag not in ("", "any", "none") and flag not in codes:
            continue
        if state and t["state"] != state:
            continue
        involved = {t["first_responder_department_id"], t["referred_department_id"]}
        if department and department not in involved | {f.department_id for f in row.flags}:
            continue
        out.append(row)
    return out
