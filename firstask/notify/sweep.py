"""The warning sweep: read the tickets whose time has come, claim, record, reschedule.

The schedule is ``WarningSchedule`` (``notify/schedule.py``): a two-column row per
ticket that the database copies from the ticket's ``next_warning_at`` whenever a
transition sets it, and that only this sweep moves on — a narrow row with two indexes
instead of the ticket's wide one with twenty-odd. Its partial index holds only what is
scheduled, so an idle sweep is one indexed query that reads no row, however many
tickets exist.

What is due is the ladder's business (``ladder.plan_for``, pure, and the fields it reads
in ``ladder.TICKET_FIELDS``); this module only executes. Work goes in batches with a
fixed number of statements each, never one per ticket:

1. read up to ``batch_size`` due schedule rows with their tickets and the tickets' two
   departments (one SELECT of plain values, ``core.db.fetch_values``: no model
   instances, the ladder reads attributes);
2. decide in Python (``ladder.plan_for``) and read the deputies of the recipients who
   are away (代岗; one SELECT, before the transaction: it depends on the plans only);
3. in one transaction: re-read (ticket id, version, scheduled instant) of the batch —
   locked with SKIP LOCKED where the database has row locks; SQLite's IMMEDIATE
   transactions already serialise writers — and drop tickets a transition changed
   meanwhile, so nobody is warned about a deadline that has just been met; insert the claims
   (``ON CONFLICT DO NOTHING``) tagged with this batch's token; read back the claims
   carrying the token (only those are ours: a twin sweep, a redelivered message or a
   rerun after ``kill -9`` loses the insert race and gets none); insert their events
   and notifications; move each schedule row on with one conditional UPDATE per row
   (``WHERE ticket_id = … AND next_at = <old>``), never touching the ticket.

Eight statements per batch whatever its size, the same on SQLite and PostgreSQL. Each
write is one statement for the whole batch (``core.db.insert_rows`` / ``update_rows``:
``executemany`` of a prepared statement on SQLite, one JSON parameter unpacked by the
server on PostgreSQL): compiling SQL per value in Python, not the database, was what
limited the sweep. A batch is all-or-nothing, so a worker killed half way leaves whole
batches done and the rest exactly as they were for the rerun.

A backlog of more than one batch is worked on ``settings.SWEEP_LANES`` connections at
once on PostgreSQL (``_in_lanes``): each lane takes the tickets whose id is its number
modulo the lanes and is the sweep above, batch by batch. With every foreign key checked
row by row, a batch is two thirds the server's work and one third this process's; on
one connection they take turns.
"""

from __future__ import annotations

import json
import time
import uuid
from collections import namedtuple
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache

from django.conf import settings
from django.db import connection, transaction
from django.db.models.functions import Mod
from django.utils import timezone

from firstask.core.db import (
    CompiledValues,
    fetch_values,
    in_document,
    insert_rows,
    update_rows,
)
from firstask.notify.choices import EmailStatus
from firstask.notify.ladder import TICKET_FIELDS, DueWarning, Plan, plan_for
from firstask.notify.models import Notification, WarningClaim, WarningSchedule
from firstask.notify.notices import with_deputies
from firstask.org.selectors import deputies_of
from firstask.tickets.choices import EventKind
from firstask.tickets.models import Ticket, TicketEvent
from firstask.workdays.selectors import policy_for, work_calendar

# Due tickets per batch (one transaction). Each batch has a fixed cost (eight
# statements to plan and send, a commit): 1,000 was ≈ 9 % faster than 500 on
# PostgreSQL, 2,000 no faster again. A batch holds its tickets' rows locked until it
# commits (≈ 0.2 s): a transition on one of them waits that long at most.
BATCH_SIZE = 1000

# What the sweep itself needs of the ticket besides what the ladder reads.
_OWN_FIELDS = ("version", "state", "category", "urgency")

# The columns each row gives; the rest are the batch's (``same=`` of ``insert_rows``).
_CLAIM_FIELDS = ("ticket", "kind", "level", "deadline")
_EVENT_FIELDS = ("ticket", "from_state", "to_state", "data")
_NOTIFICATION_FIELDS = ("recipient", "ticket", "warning", "kind", "level", "cc", "deadline")


@dataclass
class SweepResult:
    batches: int = 0
    tickets: int = 0  # due tickets read
    warnings: int = 0  # claims won (each is one event)
    notifications: int = 0
    stale: int = 0  # changed by a transition meanwhile: looked at again next sweep
    more: bool = False  # stopped by the time budget with due tickets left
    lanes: int = 1  # connections that worked at once (``_in_lanes``)
    reads: int = 0  # due reads, the last of a lane often finding nothing left
    tokens: list[str] = field(default_factory=list)


@cache
def _row_shape() -> tuple[tuple[str, ...], tuple[tuple[str, str], ...], dict[str, list]]:
    """(names to select, top-level (name, attribute) pairs, related: head → [(name, attr)]).

    Read from the schedule row joined to its ticket: a ticket field ``f`` is selected as
    ``ticket__f`` and offered as attribute ``f``; a foreign key is read as its id
    (``first_responder`` → ``first_responder_id``); a ``department__head`` name becomes
    ``row.department.head_id``, with ``row.department`` None when the ticket has no such
    department — the same attributes a ticket instance with ``select_related`` offers the
    ladder. ``pk`` is the ticket's id, ``next_at`` the schedule's instant.
    """
    meta = Ticket._meta
    wanted = dict.fromkeys((*_OWN_FIELDS, *TICKET_FIELDS))
    top: list[tuple[str, str]] = [("ticket_id", "pk"), ("next_at", "next_at")]
    related: dict[str, list[tuple[str, str]]] = {}
    for name in wanted:
        head, _, tail = name.partition("__")
        if tail:
            target = meta.get_field(head).related_model._meta.get_field(tail)
            related.setdefault(head, []).append((f"ticket__{name}", target.attname))
        else:
            top.append((f"ticket__{name}", meta.get_field(name).attname))
    names = [n for n, _ in top]
    for head, tails in related.items():
        names += [f"ticket__{head}", *(n for n, _ in tails)]
    return tuple(names), tuple(top), related


def due_tickets(
    now: datetime,
    *,
    limit: int,
    exclude: set[int] | frozenset = frozenset(),
    lane: tuple[int, int] | None = None,
):
    """The schedule rows whose time has come, with their tickets, oldest first (an index
    range on the partial index ``notify_schedule_due``); with ``lane`` = (lanes, k) only
    the tickets whose id is ``k`` modulo ``lanes``.

    Plain values (``read_due`` makes them into rows the ladder reads).
    """
    qs = WarningSchedule.objects.filter(next_at__lte=now)
    if lane is not None:
        lanes, k = lane
        qs = qs.alias(lane=Mod("ticket_id", lanes)).filter(lane=k)
    if exclude:
        qs = qs.exclude(ticket_id__in=exclude)
    names, _, _ = _row_shape()
    return qs.order_by("next_at", "ticket_id").values_list(*names)[:limit]


_SENTINEL = datetime(2000, 1, 1, tzinfo=UTC)


@cache
def _compiled_due_read(
    vendor: str, limit: int, lane: tuple[int, int] | None
) -> tuple[CompiledValues, int] | None:
    """The due read compiled once (per database kind, limit and lane) with a stand-in
    instant, and the position of that instant among its parameters; None if it is not
    there exactly once (then the read is compiled per call)."""
    compiled = CompiledValues.of(due_tickets(_SENTINEL, limit=limit, lane=lane))
    stand_in = _instant(_SENTINEL)
    if compiled is None or list(compiled.params).count(stand_in) != 1:
        return None  # pragma: no cover - a Django that compiles it differently
    return compiled, compiled.params.index(stand_in)


def _instant(value: datetime):
    return connection.ops.adapt_datetimefield_value(value)


def _due_rows(now: datetime, limit: int, exclude, lane) -> list:
    found = None if exclude else _compiled_due_read(connection.vendor, limit, lane)
    if found is None:
        return fetch_values(due_tickets(now, limit=limit, exclude=exclude, lane=lane))
    compiled, at = found
    params = list(compiled.params)
    params[at] = _instant(now)
    return compiled.fetch(params)


def read_due(
    now: datetime,
    *,
    limit: int,
    exclude: set[int] | frozenset = frozenset(),
    lane: tuple[int, int] | None = None,
) -> list:
    """The due tickets as light rows with the attributes the ladder and the sweep read.

    Named tuples, built positionally: a batch is hundreds of rows, and building each
    as keyword arguments cost more than reading it from the database.
    """
    row_type, width, related = _row_types()
    rows = []
    for values in _due_rows(now, limit, exclude, lane):
        ids = [values[at] for _, at, _ in related]
        heads = [
            None if pk is None else head(pk, *(values[i] for i in tails))
            for pk, (head, _, tails) in zip(ids, related, strict=True)
        ]
        rows.append(row_type(*values[:width], *ids, *heads))
    return rows


@cache
def _row_types() -> tuple[type, int, tuple[tuple[type, int, tuple[int, ...]], ...]]:
    """The row's type, how many leading values it takes as they are, and per related
    head (its type, the position of its id, the positions of its columns): worked out
    once from ``_row_layout``. A related head is None when the ticket has none, and
    otherwise offers ``pk`` and its columns — what ``select_related`` would offer."""
    attrs, layout = _row_layout()
    heads = [h for h, _, _ in layout]
    row_type = namedtuple("DueTicket", [*attrs, *(f"{h}_id" for h in heads), *heads])
    related = tuple(
        (namedtuple(f"Due_{head}", ["pk", *(a for _, a in tails)]), at, tuple(i for i, _ in tails))
        for head, at, tails in layout
    )
    return row_type, len(attrs), related


@cache
def _row_layout() -> tuple[tuple[str, ...], tuple[tuple[str, int, tuple], ...]]:
    """``_row_shape`` as positions in a selected row, worked out once: (the top-level
    attributes, which come first and in order; per related head, its position and its
    (position, attribute) pairs)."""
    names, top, related = _row_shape()
    assert names[: len(top)] == tuple(n for n, _ in top)
    at = {name: i for i, name in enumerate(names)}
    layout = tuple(
        (head, at[f"ticket__{head}"], tuple((at[n], a) for n, a in tails))
        for head, tails in related.items()
    )
    return tuple(a for _, a in top), layout


def sweep_warnings(
    now: datetime | None = None,
    *,
    batch_size: int = BATCH_SIZE,
    time_budget: float | None = None,
    pause: float = 0.0,
    after_batch: Callable[[int], None] | None = None,
    lanes: int | None = None,
) -> SweepResult:
    """Send every warning due at ``now`` exactly once; return what was done.

    ``time_budget`` (seconds) stops between batches so the task ends before its soft
    time limit; the next beat carries on. ``pause`` and ``after_batch`` exist for the
    fault tests (a slow sweep to kill mid-way); beat passes neither. ``lanes`` (default
    ``settings.SWEEP_LANES``) is how many connections may work through a backlog at
    once (``_in_lanes``): the first read asks for that many batches, and only if it
    finds more than one batch's worth are lanes started — an idle or small sweep is
    what it was on one connection.
    """
    now = now or timezone.now()
    run = _Run(now, batch_size, time.monotonic(), time_budget, pause, after_batch)
    lanes = _lanes_possible(lanes)
    limit = batch_size * lanes
    first = read_due(now, limit=limit)
    more = len(first) == limit
    if lanes > 1 and len(first) > batch_size:
        result = _in_lanes(run, first, lanes, more=more)
    else:
        result = _lane(run, first, None, more=more)
    result.reads += 1
    return result


@dataclass(frozen=True)
class _Run:
    """What every lane of one sweep shares: the instant, the batch size, the clock."""

    now: datetime
    batch_size: int
    started: float
    time_budget: float | None
    pause: float
    after_batch: Callable[[int], None] | None

    def out_of_time(self) -> bool:
        budget = self.time_budget
        return budget is not None and time.monotonic() - self.started > budget


def _lanes_possible(asked: int | None) -> int:
    """How many lanes this sweep may run: one unless the database has row locks and lets
    several connections write at once (PostgreSQL; SQLite serialises writers, so lanes
    would only queue) and the caller is not inside a transaction (the other lanes'
    connections could not see its uncommitted rows, and its transaction must stay one)."""
    lanes = settings.SWEEP_LANES if asked is None else asked
    if lanes <= 1 or connection.vendor != "postgresql" or connection.in_atomic_block:
        return 1
    return lanes


def _in_lanes(run: _Run, first: list, lanes: int, *, more: bool) -> SweepResult:
    """Work through a backlog on ``lanes`` connections at once, lane ``k`` taking the
    tickets whose id is ``k`` modulo ``lanes`` — disjoint, so the lanes never wait for
    each other's row locks nor lose claim races to each other.

    Why: with every foreign key checked row by row, a batch is about two thirds
    PostgreSQL's work and one third this process's, one after the other on one
    connection; lanes overlap them and use the database server's other cores (two
    lanes: 1.33–1.39× at 100k inquiries, docs/performance.md). The first read is shared
    out, not read again; lane 0 runs on this thread's connection, the others on
    threads that close theirs when done. Each lane is the one-lane sweep — same
    batches, same claims, all-or-nothing each — so every promise of the sweep holds
    per lane; a lane that fails fails the sweep once the others have finished (what
    they committed stays committed, as after a killed worker).
    """
    shares = [[t for t in first if t.pk % lanes == k] for k in range(lanes)]
    # A share longer than a batch leaves the rest to its lane's next read.
    starts = [(share[: run.batch_size], more or len(share) > run.batch_size) for share in shares]
    with ThreadPoolExecutor(max_workers=lanes - 1, thread_name_prefix="sweep-lane") as pool:
        others = [
            pool.submit(_lane_on_own_connection, run, *starts[k], (lanes, k))
            for k in range(1, lanes)
        ]
        results = [_lane(run, starts[0][0], (lanes, 0), more=starts[0][1])]
        results += [f.result() for f in others]
    total = _merged(results)
    total.lanes = lanes
    return total


def _lane_on_own_connection(
    run: _Run, batch: list, more: bool, lane: tuple[int, int]
) -> SweepResult:
    try:
        return _lane(run, batch, lane, more=more)
    finally:
        connection.close()  # this thread's own: a pool thread's connection is not reused


def _lane(run: _Run, batch: list, lane: tuple[int, int] | None, *, more: bool) -> SweepResult:
    """Sweep ``batch`` (already read), then read and sweep the next of this lane while
    the last read was full — or, for the first, while ``more`` says there is more."""
    result = SweepResult()
    passed_over: set[int] = set()
    if not batch and more:  # a lane given no share of the first read may still have work
        batch, more = _read_lane(run, lane, passed_over, result)
    while batch:
        done = _sweep_batch(batch, run.now, result)
        passed_over.update(t.pk for t in batch if t.pk not in done)
        result.batches += 1
        result.tickets += len(batch)
        if run.after_batch is not None:
            run.after_batch(result.batches)
        if not more:
            return result
        if run.out_of_time():
            result.more = True
            return result
        if run.pause:
            time.sleep(run.pause)
        batch, more = _read_lane(run, lane, passed_over, result)
    return result


def _read_lane(run: _Run, lane, passed_over: set[int], result: SweepResult) -> tuple[list, bool]:
    """The lane's next batch, and whether it was full (then there may be more)."""
    batch = read_due(run.now, limit=run.batch_size, exclude=passed_over, lane=lane)
    result.reads += 1
    return batch, len(batch) == run.batch_size


def _merged(results: list[SweepResult]) -> SweepResult:
    total = SweepResult()
    for r in results:
        for name in ("batches", "tickets", "warnings", "notifications", "stale", "reads"):
            setattr(total, name, getattr(total, name) + getattr(r, name))
        total.more = total.more or r.more
        total.tokens += r.tokens
    return total


def _sweep_batch(batch: list, now: datetime, result: SweepResult) -> set[int]:
    """One batch, one transaction; returns the ids whose schedule was moved on."""
    cal = work_calendar()
    plans = {t.pk: plan_for(t, now, policy_for(t.category, t.urgency), cal) for t in batch}
    # 代岗: an absent recipient's deputy is told too (one query for the batch, read
    # before the transaction: it depends on the plans only, not on what is won).
    people = {u for plan in plans.values() for w in plan.warnings for u in (*w.to, *w.cc)}
    away = deputies_of(people, now)
    token = uuid.uuid4().hex
    result.tokens.append(token)
    with transaction.atomic():
        fresh = _unchanged(batch)
        result.stale += len(batch) - len(fresh)
        claims = [(t.pk, w.kind, w.level, w.deadline) for t in fresh for w in plans[t.pk].warnings]
        if claims:
            insert_rows(
                WarningClaim,
                _CLAIM_FIELDS,
                claims,
                same={"claimed_at": now, "claimed_by": token},
                ignore_conflicts=True,
            )
            won = fetch_values(
                WarningClaim.objects.filter(claimed_by=token).values_list(
                    "pk", "ticket_id", "kind", "level", "deadline"
                )
            )
            _record(won, {t.pk: t for t in fresh}, plans, away, now, result)
        _reschedule(fresh, plans)
    return {t.pk for t in fresh}


def _unchanged(batch: list) -> list:
    """The tickets of ``batch`` no transition touched since they were read, locked.

    Both rows are locked (an inner join): a transition locks its ticket first, so while
    this batch holds it none can commit; one that holds it already is skipped here and
    looked at again by the next sweep.
    """
    ids = json.dumps([t.pk for t in batch])
    rows = _compiled_recheck(connection.vendor).fetch((ids,))
    current = {pk: (v, at) for pk, v, at in rows}
    return [t for t in batch if current.get(t.pk) == (t.version, t.next_at)]


@cache
def _compiled_recheck(vendor: str) -> CompiledValues:
    """The re-read of a batch, compiled once: the ids go as one JSON parameter, so the
    SQL is the same for every batch (``pk__in`` was ≈ 2 ms of Python a batch)."""
    qs = WarningSchedule.objects.filter(in_document(WarningSchedule, "ticket"))
    if connection.features.has_select_for_update_skip_locked:
        qs = qs.select_for_update(skip_locked=True)
    compiled = CompiledValues.of(qs.values_list("ticket_id", "ticket__version", "next_at"))
    assert compiled is not None and compiled.params == ("[]",), compiled
    return compiled


def _record(
    won, tickets: dict[int, object], plans: dict[int, Plan], away: dict, now, result
) -> None:
    """Events and notifications for the claims this batch won: two statements."""
    events, notifications = [], []
    for claim_id, ticket_id, kind, level, deadline in won:
        state = tickets[ticket_id].state
        warning = _matching(plans[ticket_id], kind, level, deadline)
        data = {
            "kind": kind,
            "level": level,
            "deadline": deadline.isoformat(),
            "warning_id": claim_id,
            "to": list(warning.to),
            "cc": list(warning.cc),
        }
        events.append((ticket_id, state, state, data))
        # The ladder's lists name nobody twice; only an absence adds anyone.
        if away:
            to, cc_ids = with_deputies(list(warning.to), list(warning.cc), now, away)
        else:
            to, cc_ids = warning.to, warning.cc
        for user_id, cc in [(u, False) for u in to] + [(u, True) for u in cc_ids]:
            notifications.append((user_id, ticket_id, claim_id, kind, level, cc, deadline))
    event = {"kind": EventKind.WARNING.value, "actor": None, "at": now, "note": ""}
    insert_rows(TicketEvent, _EVENT_FIELDS, events, same=event)
    insert_rows(Notification, _NOTIFICATION_FIELDS, notifications, same=_fresh_outbox(now))
    result.warnings += len(events)
    result.notifications += len(notifications)


def _fresh_outbox(now: datetime) -> dict:
    """A warning notification's own columns: created now, its email pending."""
    return {
        "created_at": now,
        "email_status": EmailStatus.PENDING.value,
        "attempts": 0,
        "next_attempt_at": now,
        "claimed_by": "",
        "last_error": "",
    }


def _matching(plan: Plan, kind: str, level: int, deadline: datetime) -> DueWarning:
    for w in plan.warnings:
        if w.kind == kind and w.level == level and w.deadline == deadline:
            return w
    raise LookupError(f"claim {kind}/{level}@{deadline} not in the plan")  # pragma: no cover


def _reschedule(fresh: list, plans: dict[int, Plan]) -> int:
    """Move each ticket's schedule on, only where it is still what we read: a two-column
    row, never the ticket's own (whose ``state``, ``version`` and deadlines it leaves)."""
    rows = [(plans[t.pk].next_at, t.pk, t.next_at) for t in fresh]
    return update_rows(WarningSchedule, ["next_at"], ["ticket", "next_at"], rows)
