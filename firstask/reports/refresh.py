"""Keep the facts and aggregates equal to the inquiries, recomputing only changed days.

Every change to an inquiry writes a ``TicketEvent`` in the same transaction (the
transition service's rule), so the events are the change log: the refresh reads the
events after its watermark, maps them to the registration days of their inquiries
(and of the inquiry a repeat visit points back to), adds the days of inquiries whose
deadline passed since the last run (an overdue is a change without an event) and
today, and recomputes those days: facts, then day rows, then the months they fall in.

The watermark only moves past events older than ``SETTLE``: on PostgreSQL a
transaction that took an id earlier may commit after a later one, so the newest
events are read again next time (recomputing a day twice is harmless).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from firstask.reports import sql
from firstask.reports.columns import COUNTS
from firstask.reports.facts import TicketInput, ticket_facts
from firstask.reports.models import RefreshState, TicketFact
from firstask.tickets.models import OPEN_STATES, FollowUp, Ticket, TicketEvent
from firstask.workdays.selectors import policy_for, work_calendar

log = logging.getLogger(__name__)

SETTLE = timedelta(minutes=10)
BATCH = 2000
TICKET_COLUMNS = (
    "pk",
    "received_at",
    "state",
    "category",
    "channel",
    "urgency",
    "answer_kind",
    "referral_count",
    "return_count",
    "redo_count",
    "repeat_of_id",
    "satisfaction",
    "closed_at",
    "answer_due_at",
    "sign_for_due_at",
    "handle_due_at",
    "follow_up_due_at",
    "signed_at",
    "result_at",
    "followed_up_at",
    "extended_until",
    "first_responder_id",
    "first_responder_department_id",
)
EVENT_KINDS = (
    "answered",
    "referred",
    "assigned",
    "signed_for",
    "returned",
    "progress",
    "extension_approved",
)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    zone = timezone.get_default_timezone()
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, start + timedelta(days=1)


def local_day(at: datetime) -> date:
    return timezone.localtime(at).date()


def month_of(day: date) -> date:
    return day.replace(day=1)


# --- reading one day's inquiries -----------------------------------------------------------


def inputs_for(rows: list[dict]) -> list[TicketInput]:
    """TicketInput for ticket rows (dicts keyed by TICKET_COLUMNS), with their events,
    latest follow-up scores and repeat visits: three queries per batch, in plain SQL
    (the refresh reads a day of thousands of inquiries and their events)."""
    ids = [r["pk"] for r in rows]
    if not ids:
        return []
    marks = ", ".join(["%s"] * len(ids))
    kinds = ", ".join(["%s"] * len(EVENT_KINDS))
    events: dict[int, list[tuple[str, datetime]]] = defaultdict(list)
    for ticket_id, kind, at in sql.fetch_tuples(
        f"SELECT ticket_id, kind, at FROM {sql.table_of(TicketEvent)} "
        f"WHERE ticket_id IN ({marks}) AND kind IN ({kinds}) ORDER BY ticket_id, at, id",
        [*ids, *EVENT_KINDS],
        times=(2,),
    ):
        events[ticket_id].append((kind, at))
    scores: dict[int, tuple[int, int, int] | None] = {}
    for ticket_id, *values in sql.fetch_tuples(
        f"SELECT ticket_id, {', '.join(SCORE_FIELDS)} FROM {sql.table_of(FollowUp)} "
        f"WHERE ticket_id IN ({marks}) ORDER BY ticket_id, contacted_at, id",
        ids,
    ):
        scores[ticket_id] = tuple(values) if all(v is not None for v in values) else None
    repeated = {
        row[0]
        for row in sql.fetch_tuples(
            f"SELECT repeat_of_id FROM {sql.table_of(Ticket)}"
            f"{sql.indexed_by(Ticket, 'repeat_of_id')} "
            f"WHERE repeat_of_id IN ({marks}) AND state <> 'void'",
            ids,
        )
    }
    return [
        _input(r, events.get(r["pk"], []), scores.get(r["pk"]), r["pk"] in repeated) for r in rows
    ]


SCORE_FIELDS = ("score_attitude", "score_speed", "score_resolution")


def _input(row: dict, events: list[tuple[str, datetime]], scores, repeated: bool) -> TicketInput:
    fields = {k: v for k, v in row.items() if k in INPUT_FIELDS}
    t = TicketInput(**fields, scores=scores, has_repeat_visit=repeated)
    for kind, at in events:
        if kind in ("answered", "referred") and t.first_response_at is None:
            t.first_response_at = at
        if kind in ("referred", "assigned"):
            t.last_referred_at, t.sign_answered_at = at, None
        elif kind in ("signed_for", "returned") and t.sign_answered_at is None:
            if t.last_referred_at is not None:
                t.sign_answered_at = at
        elif kind == "extension_approved":
            t.extension_approved_at, t.progress_after_extension = at, []
        elif kind == "progress" and t.extension_approved_at is not None:
            t.progress_after_extension.append(at)
    return t


def _fact_rows(rows: list[dict], now: datetime) -> list[tuple]:
    """(*sql.FACT_KEYS, *COUNTS) tuples for ticket rows."""
    cal = work_calendar()
    facts = []
    for t, row in zip(inputs_for(rows), rows, strict=True):
        counts = ticket_facts(t, cal=cal, now=now, policy_of=policy_for)
        facts.append(
            (
                row["pk"],
                local_day(row["received_at"]),
                row["first_responder_department_id"],
                row["first_responder_id"],
                row["channel"],
                row["category"],
                *(counts[name] for name in COUNTS),
            )
        )
    return facts


TICKET_TIMES = tuple(c for c in TICKET_COLUMNS if c.endswith(("_at", "_until")))
INPUT_FIELDS = frozenset(TicketInput.__dataclass_fields__)


def _tickets_between(start: datetime, end: datetime) -> list[dict]:
    columns = ", ".join("id" if c == "pk" else c for c in TICKET_COLUMNS)
    return sql.fetch(
        f"SELECT {columns} FROM {sql.table_of(Ticket)} "
        "WHERE received_at >= %s AND received_at < %s AND state <> 'void' ORDER BY id",
        [sql.adapt_datetime(start), sql.adapt_datetime(end)],
        TICKET_COLUMNS,
        TICKET_TIMES,
    )


# --- writing -----------------------------------------------------------------------------


def refresh_days(days: Iterable[date], *, now: datetime | None = None) -> int:
    """Recompute the facts and day rows of ``days`` and the month rows they touch.
    Returns the number of inquiries read.

    Each day is read and computed outside any transaction and written in a short one
    of its own (delete, insert, sum), then each month in one more: on SQLite the write
    lock is held for the writing only, so the counter's registrations barely wait.
    """
    now = now or timezone.now()
    days = sorted(set(days))
    read = 0
    for day in days:
        read += _refresh_day(day, now)
    for month in sorted({month_of(d) for d in days}):
        refresh_month(month)
    return read


def _refresh_day(day: date, now: datetime) -> int:
    start, end = day_bounds(day)
    rows = _tickets_between(start, end)
    facts = []
    for i in range(0, len(rows), BATCH):
        facts += _fact_rows(rows[i : i + BATCH], now)
    with transaction.atomic():
        TicketFact.objects.filter(day=day).delete()
        sql.insert_facts(facts)
        sql.write_day(day)
    return len(rows)


def refresh_month(month: date) -> None:
    """The month's rows: in total and per channel and category, from its day rows."""
    with transaction.atomic():
        sql.write_month(month, (month + timedelta(days=32)).replace(day=1))


# --- which days changed ---------------------------------------------------------------------


def _state() -> RefreshState:
    state = RefreshState.objects.select_for_update().order_by("pk").first()
    return state or RefreshState.objects.create()


def deadlines_passed(since: datetime, now: datetime) -> QuerySet[Ticket]:
    """Open inquiries whose running deadline or progress call fell due in (since, now]:
    a change without an event. Only an open inquiry has a running deadline
    (``tickets.deadlines`` clears ``due_at`` otherwise, and sets ``progress_due_at``
    only while a referral is handled), so saying so costs nothing and lets the database
    read the partial index of open deadlines instead of every inquiry ever registered."""
    return Ticket.objects.filter(
        Q(state__in=OPEN_STATES, due_at__gt=since, due_at__lte=now)
        | Q(progress_due_at__gt=since, progress_due_at__lte=now)
    ).order_by()


def changed_days(state: RefreshState, now: datetime) -> tuple[set[date], int]:
    """The registration days touched since the watermark, and the next watermark."""
    events = list(
        TicketEvent.objects.filter(pk__gt=state.last_event_id)
        .order_by("pk")
        .values_list("pk", "ticket_id", "at")
    )
    settled = now - SETTLE
    fresh = [pk for pk, _, at in events if at > settled]
    watermark = state.last_event_id
    if fresh:
        watermark = min(fresh) - 1
    elif events:
        watermark = events[-1][0]
    ticket_ids = {ticket_id for _, ticket_id, _ in events}
    if state.last_run_at is not None:
        ticket_ids |= set(deadlines_passed(state.last_run_at, now).values_list("pk", flat=True))
    days = {local_day(now)}
    for i in range(0, len(ticket_ids), 5000):
        chunk = list(ticket_ids)[i : i + 5000]
        for received, repeat_received in (
            Ticket.objects.filter(pk__in=chunk)
            .order_by()
            .values_list("received_at", "repeat_of__received_at")
        ):
            days.add(local_day(received))
            if repeat_received is not None:
                days.add(local_day(repeat_received))
    return days, watermark


def refresh_changed(*, now: datetime | None = None) -> list[date]:
    """The beat task's work: recompute the days that changed since the last run."""
    now = now or timezone.now()
    with transaction.atomic():
        state = _state()
        if state.last_run_at is None:  # never built: every day there is
            first = Ticket.objects.order_by("received_at").values_list("received_at", flat=True)
            start = local_day(first[0]) if first else local_day(now)
            days = {start + timedelta(days=n) for n in range((local_day(now) - start).days + 1)}
            watermark = TicketEvent.objects.aggregate(top=Max("pk"))["top"] or 0
        else:
            days, watermark = changed_days(state, now)
        state.last_event_id, state.last_run_at = watermark, now
        state.save()
    refresh_days(days, now=now)
    log.info("measures refreshed for %d day(s)", len(days))
    return sorted(days)


def rebuild(start: date, end: date, *, now: datetime | None = None) -> int:
    """Recompute every day from ``start`` to ``end`` inclusive (management command).
    Returns the number of inquiries read."""
    now = now or timezone.now()
    if start == date.min or (end - start).days > 3660:
        raise ValueError("range too long")
    with transaction.atomic():
        state = _state()
        top = TicketEvent.objects.aggregate(top=Max("pk"))["top"] or 0
        if state.last_run_at is None:
            state.last_event_id, state.last_run_at = top, now
            state.save()
    day, read = start, 0
    days = []
    while day <= end:
        days.append(day)
        day += timedelta(days=1)
    read = refresh_days(days, now=now)
    return read
