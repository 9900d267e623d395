"""The warning ladder of one ticket at one instant — pure, like the deadline maths.

Given a ticket's stored deadlines (read, never written, here), the instant ``now``, its
policy and the calendar, ``plan_for`` says which warnings are due now and when the
ticket next needs looking at. The sweep does the database work; keeping the decision
pure lets tests pin every rung without a clock or a database.

The running clock (see firstask.tickets.deadlines) has three rungs, all keyed by that
clock's deadline ``due_at`` so each is claimed once per deadline:

1. due soon at ``due_soon_at`` — to the first responder and, on a referral, the handler
   (or the receiving department's head while nobody has signed for it). Once the
   deadline has passed a due-soon is no news, so a late sweep skips it;
2. overdue at ``due_at`` — to the head of the department whose clock runs (the receiving
   department for signing and handling, the first responder's otherwise), copied to
   the first responder and the handler;
3. still overdue at ``leader_escalation_at`` — to that department's supervising leader,
   copied to the head.

A signed referral without a result also has the 24-hour progress clock: when
``progress_due_at`` passes without a note, the handler is warned (copy to the first
responder); every further ``progress_hours`` of silence warns again, keyed by the
missed time, and a late sweep warns once for the latest missed time only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from firstask.notify.choices import WarningKind, WarningLevel
from firstask.tickets.choices import State
from firstask.workdays.deadlines import PolicyValue, leader_escalation_at, next_progress_due
from firstask.workdays.maths import Deadline, WorkCalendar

# What the ladder reads of a ticket, and all it reads: the sweep fetches exactly these
# columns (a name with ``__`` reads one column of a related row, which may be absent).
# A new clock adds its stored fields here and its rungs in ``plan_for``; how due
# tickets are claimed and written stays the sweep's business (notify/sweep.py).
TICKET_FIELDS = (
    "state",
    "signed_at",
    "result_at",
    "due_at",
    "due_soon_at",
    "progress_due_at",
    "deadline_provisional",
    "first_responder",
    "referred_handler",
    "first_responder_department__head",
    "first_responder_department__supervising_leader",
    "referred_department__head",
    "referred_department__supervising_leader",
)

# A progress chain longer than this (a year of daily silence) is cut short, so a
# ticket forgotten with a stale progress time cannot make one sweep loop for long.
_PROGRESS_STEPS_MAX = 400


@dataclass(frozen=True)
class DueWarning:
    kind: str
    level: int
    deadline: datetime
    to: tuple[int, ...]
    cc: tuple[int, ...]


@dataclass(frozen=True)
class Plan:
    warnings: tuple[DueWarning, ...]
    next_at: datetime | None


def running_clock(ticket) -> str | None:
    """Which deadline is running, as a warning kind; None when no clock runs."""
    if ticket.state == State.RECEIVED:
        return WarningKind.ANSWER
    if ticket.state == State.REFERRED and ticket.signed_at is None:
        return WarningKind.SIGN_FOR
    if ticket.state == State.REFERRED and ticket.result_at is None:
        return WarningKind.HANDLE
    if ticket.state in (State.ANSWERED, State.REFERRED):
        return WarningKind.FOLLOW_UP
    return None


def clock_department(ticket, kind: str):
    """The department answerable for the running clock (its head is told when late)."""
    if kind in (WarningKind.SIGN_FOR, WarningKind.HANDLE, WarningKind.PROGRESS):
        return ticket.referred_department
    return ticket.first_responder_department


def recipients(ticket, kind: str, level: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(to, cc) user ids for a warning; the one who must act first, nobody twice."""
    dept = clock_department(ticket, kind)
    head = dept.head_id if dept else None
    leader = dept.supervising_leader_id if dept else None
    responder = ticket.first_responder_id
    handler = ticket.referred_handler_id if kind != WarningKind.FOLLOW_UP else None
    if kind == WarningKind.PROGRESS:
        to, cc = [handler or head], [responder]
    elif level == WarningLevel.DUE_SOON:
        signer = head if kind == WarningKind.SIGN_FOR and handler is None else None
        to, cc = [responder, handler, signer], []
    elif level == WarningLevel.OVERDUE:
        to, cc = [head or leader], [responder, handler]
    else:
        to, cc = [leader or head], [head]
    to_ids = tuple(dict.fromkeys(u for u in to if u))
    cc_ids = tuple(dict.fromkeys(u for u in cc if u and u not in to_ids))
    if not to_ids and cc_ids:  # nobody to escalate to: the first responder still hears
        to_ids, cc_ids = cc_ids[:1], cc_ids[1:]
    return to_ids, cc_ids


def _warning(ticket, kind: str, level: int, deadline: datetime) -> DueWarning:
    to, cc = recipients(ticket, kind, level)
    return DueWarning(kind=str(kind), level=int(level), deadline=deadline, to=to, cc=cc)


def plan_for(ticket, now: datetime, policy: PolicyValue, cal: WorkCalendar) -> Plan:
    """The warnings due on ``ticket`` at ``now`` and the next instant to look again."""
    kind = running_clock(ticket)
    if kind is None or ticket.due_at is None:
        return Plan((), None)
    due = ticket.due_at
    warnings: list[DueWarning] = []
    upcoming: list[datetime] = []

    rungs = [(WarningLevel.OVERDUE, due)]
    if due <= now:
        # The leader's rung comes after the deadline: before it, the deadline itself is
        # the earlier instant to look again, and this working-time sum (a quarter of
        # the sweep's Python per ticket) can wait until then.
        escalate = leader_escalation_at(Deadline(due, ticket.deadline_provisional), policy, cal)
        rungs.append((WarningLevel.LEADER, escalate.at))
    if ticket.due_soon_at is not None:
        rungs.insert(0, (WarningLevel.DUE_SOON, ticket.due_soon_at))
    for level, at in rungs:
        if at > now:
            upcoming.append(at)
        elif level != WarningLevel.DUE_SOON or now < due:
            warnings.append(_warning(ticket, kind, level, due))

    if kind == WarningKind.HANDLE and ticket.progress_due_at is not None:
        missed, following = _progress_chain(ticket.progress_due_at, now, policy, cal)
        if missed is not None:
            warnings.append(_warning(ticket, WarningKind.PROGRESS, WarningLevel.OVERDUE, missed))
        upcoming.append(following)

    return Plan(tuple(warnings), min(upcoming) if upcoming else None)


def _progress_chain(
    first_due: datetime, now: datetime, policy: PolicyValue, cal: WorkCalendar
) -> tuple[datetime | None, datetime]:
    """(the latest missed progress time up to ``now`` or None, the next one after now)."""
    missed = None
    at = first_due
    for _ in range(_PROGRESS_STEPS_MAX):
        if at > now:
            return missed, at
        missed = at
        at = next_progress_due(at, policy, cal).at
    # Cut short: count the silence up to now as one miss and look again a period later.
    return missed, next_progress_due(now, policy, cal).at
