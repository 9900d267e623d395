"""The warning sweep: read the tickets whose time has come, claim, record, reschedule.

The ticket row is the schedule (``next_warning_at``, partial index on open states), so
an idle sweep is one indexed query that reads no row, however many tickets exist.

Work goes in batches with a fixed number of statements each, never one per ticket:

1. read up to ``batch_size`` due tickets with their two departments (one SELECT);
2. decide in Python (``ladder.plan_for``: pure);
3. in one transaction: re-read (id, version, next_warning_at) of the batch — locked with
   SKIP LOCKED where the database has row locks; SQLite's IMMEDIATE transactions
   already serialise writers — and drop tickets a transition changed meanwhile, so
   nobody is warned about a deadline that has just been met; insert the claims with
   ``ignore_conflicts`` tagged with this batch's token; read back the claims carrying
   the token (only those are ours: a twin sweep, a redelivered message or a rerun after
   ``kill -9`` loses the insert race and gets none); insert their events and
   notifications; move ``next_warning_at`` on with one conditional UPDATE
   (``WHERE next_warning_at = <old>``), never touching ``state`` or ``version``.

A batch is all-or-nothing, so a worker killed half way leaves whole batches done and
the rest exactly as they were for the rerun.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection, transaction
from django.db.models import BooleanField, Case, DateTimeField, F, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone

from firstask.notify.choices import EmailStatus
from firstask.notify.ladder import DueWarning, Plan, plan_for
from firstask.notify.models import Notification, WarningClaim
from firstask.notify.notices import with_deputies
from firstask.org.selectors import deputies_of
from firstask.tickets.choices import EventKind
from firstask.tickets.models import OPEN_STATES, Ticket, TicketEvent
from firstask.workdays.selectors import policy_for, work_calendar

BATCH_SIZE = 500
OPEN = [str(s) for s in OPEN_STATES]  # same list, same order as the partial index

_TICKET_FIELDS = (
    "state",
    "version",
    "category",
    "urgency",
    "signed_at",
    "result_at",
    "due_at",
    "due_soon_at",
    "progress_due_at",
    "deadline_provisional",
    "next_warning_at",
    "first_responder",
    "referred_handler",
    "first_responder_department__head",
    "first_responder_department__supervising_leader",
    "referred_department__head",
    "referred_department__supervising_leader",
)


@dataclass
class SweepResult:
    batches: int = 0
    tickets: int = 0  # due tickets read
    warnings: int = 0  # claims won (each is one event)
    notifications: int = 0
    stale: int = 0  # changed by a transition meanwhile: looked at again next sweep
    more: bool = False  # stopped by the time budget with due tickets left
    tokens: list[str] = field(default_factory=list)


def _is_open() -> RawSQL:
    """``state IN ('received', …)`` with literal codes, not bound parameters.

    SQLite uses a partial index only when it can prove the query implies the index's
    WHERE, and it proves that from literals only: with ``state IN (?, ?, ?, ?)`` it
    falls back to the plain state index and reads every open ticket. The codes are
    our own constants (checked here), never input.
    """
    assert all(code.isidentifier() for code in OPEN)
    codes = ", ".join(f"'{code}'" for code in OPEN)
    column = f'"{Ticket._meta.db_table}"."state"'
    return RawSQL(f"{column} IN ({codes})", [], output_field=BooleanField())


def due_tickets(now: datetime, *, limit: int, exclude: set[int] | frozenset = frozenset()):
    """Open tickets whose next warning check has come, oldest first (partial index)."""
    qs = Ticket.objects.filter(_is_open(), next_warning_at__lte=now)
    if exclude:
        qs = qs.exclude(pk__in=exclude)
    return (
        qs.select_related("first_responder_department", "referred_department")
        .only(*_TICKET_FIELDS)
        .order_by("next_warning_at", "pk")[:limit]
    )


def sweep_warnings(
    now: datetime | None = None,
    *,
    batch_size: int = BATCH_SIZE,
    time_budget: float | None = None,
    pause: float = 0.0,
    after_batch: Callable[[int], None] | None = None,
) -> SweepResult:
    """Send every warning due at ``now`` exactly once; return what was done.

    ``time_budget`` (seconds) stops between batches so the task ends before its soft
    time limit; the next beat carries on. ``pause`` and ``after_batch`` exist for the
    fault tests (a slow sweep to kill mid-way); beat passes neither.
    """
    now = now or timezone.now()
    started = time.monotonic()
    result = SweepResult()
    passed_over: set[int] = set()
    while True:
        batch = list(due_tickets(now, limit=batch_size, exclude=passed_over))
        if not batch:
            return result
        done = _sweep_batch(batch, now, result)
        passed_over.update(t.pk for t in batch if t.pk not in done)
        result.batches += 1
        result.tickets += len(batch)
        if after_batch is not None:
            after_batch(result.batches)
        if len(batch) < batch_size:
            return result
        if time_budget is not None and time.monotonic() - started > time_budget:
            result.more = True
            return result
        if pause:
            time.sleep(pause)


def _sweep_batch(batch: list[Ticket], now: datetime, result: SweepResult) -> set[int]:
    """One batch, one transaction; returns the ids whose schedule was moved on."""
    cal = work_calendar()
    plans = {t.pk: plan_for(t, now, policy_for(t.category, t.urgency), cal) for t in batch}
    token = uuid.uuid4().hex
    result.tokens.append(token)
    with transaction.atomic():
        fresh = _unchanged(batch)
        result.stale += len(batch) - len(fresh)
        claims = [
            WarningClaim(
                ticket_id=t.pk,
                kind=w.kind,
                level=w.level,
                deadline=w.deadline,
                claimed_at=now,
                claimed_by=token,
            )
            for t in fresh
            for w in plans[t.pk].warnings
        ]
        if claims:
            with wide_inserts():
                WarningClaim.objects.bulk_create(claims, ignore_conflicts=True)
            won = list(
                WarningClaim.objects.filter(claimed_by=token).values_list(
                    "pk", "ticket_id", "kind", "level", "deadline"
                )
            )
            _record(won, {t.pk: t for t in fresh}, plans, now, result)
        _reschedule(fresh, plans)
    return {t.pk for t in fresh}


def _unchanged(batch: list[Ticket]) -> list[Ticket]:
    """The tickets of ``batch`` no transition touched since they were read (locked)."""
    qs = Ticket.objects.filter(pk__in=[t.pk for t in batch])
    if connection.features.has_select_for_update_skip_locked:
        qs = qs.select_for_update(skip_locked=True, of=("self",))
    current = {pk: (v, nwa) for pk, v, nwa in qs.values_list("pk", "version", "next_warning_at")}
    return [t for t in batch if current.get(t.pk) == (t.version, t.next_warning_at)]


def _record(won, tickets: dict[int, Ticket], plans: dict[int, Plan], now, result) -> None:
    """Events and notifications for the claims this batch won: two INSERTs."""
    events, notifications = [], []
    # 代岗: an absent recipient's deputy is told too (one query for the batch).
    people = {u for plan in plans.values() for w in plan.warnings for u in (*w.to, *w.cc)}
    away = deputies_of(people, now)
    for claim_id, ticket_id, kind, level, deadline in won:
        ticket = tickets[ticket_id]
        warning = _matching(plans[ticket_id], kind, level, deadline)
        events.append(
            TicketEvent(
                ticket_id=ticket_id,
                kind=EventKind.WARNING,
                actor=None,
                at=now,
                from_state=ticket.state,
                to_state=ticket.state,
                data={
                    "kind": kind,
                    "level": level,
                    "deadline": deadline.isoformat(),
                    "warning_id": claim_id,
                    "to": list(warning.to),
                    "cc": list(warning.cc),
                },
            )
        )
        to, cc_ids = with_deputies(list(warning.to), list(warning.cc), now, away)
        for user_id, cc in [(u, False) for u in to] + [(u, True) for u in cc_ids]:
            notifications.append(
                Notification(
                    recipient_id=user_id,
                    ticket_id=ticket_id,
                    warning_id=claim_id,
                    kind=kind,
                    level=level,
                    cc=cc,
                    deadline=deadline,
                    created_at=now,
                    email_status=EmailStatus.PENDING,
                    next_attempt_at=now,
                )
            )
    with wide_inserts():
        TicketEvent.objects.bulk_create(events)
        Notification.objects.bulk_create(notifications)
    result.warnings += len(events)
    result.notifications += len(notifications)


def _matching(plan: Plan, kind: str, level: int, deadline: datetime) -> DueWarning:
    for w in plan.warnings:
        if w.kind == kind and w.level == level and w.deadline == deadline:
            return w
    raise LookupError(f"claim {kind}/{level}@{deadline} not in the plan")  # pragma: no cover


def _reschedule(fresh: list[Ticket], plans: dict[int, Plan]) -> int:
    """Move each ticket's ``next_warning_at`` on, only where it is still what we read."""
    if not fresh:
        return 0
    old = Case(
        *[When(pk=t.pk, then=Value(t.next_warning_at)) for t in fresh],
        output_field=DateTimeField(),
    )
    new = Case(
        *[When(pk=t.pk, then=Value(plans[t.pk].next_at)) for t in fresh],
        default=F("next_warning_at"),
        output_field=DateTimeField(),
    )
    return Ticket.objects.filter(pk__in=[t.pk for t in fresh], next_warning_at=old).update(
        next_warning_at=new
    )


@contextmanager
def wide_inserts() -> Iterator[None]:
    """Let one INSERT carry a whole batch on SQLite.

    Django 5.2 assumes SQLite's old compile-time default of 999 bound variables and
    splits a bulk insert into chunks of 999 // columns rows, which would make the
    number of statements grow with the batch; SQLite since 3.32 allows 32766 and says
    so at run time (Django 6.0 reads the real limit the same way).
    """
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    features = connection.features
    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    had_own = "max_query_params" in features.__dict__
    previous = features.__dict__.get("max_query_params")
    features.max_query_params = max(limit, 999)
    try:
        yield
    finally:
        if had_own:
            features.max_query_params = previous
        else:
            del features.max_query_params
