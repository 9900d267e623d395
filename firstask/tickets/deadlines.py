"""Keep a ticket's stored deadlines in step with its state (限时办结).

Called by the transition service on every change (and at registration). The maths is
pure and lives in firstask.workdays; this module only decides which clock runs in
which state and stores the answers, so the warning sweep can read due rows by index.

One promise: ``promised_at`` (预计解决时间, 001 篇3 §4.6) is set once at registration —
the time the first responder named, else the policy's whole path — and printed the same
on the receipt, the handover slip, the ticket page and the visitor's copy. The
department's handling deadline never ends after it; an approved extension moves both.

Named clocks by state (``CLOCKS``, stored in ``clock`` and shown with their name):
- received: answer or refer by ``answer_due_at`` (the promised time counts when earlier);
- referred, not signed: the department signs for by ``sign_for_due_at``;
- referred, signed, no result: the result by ``handle_due_at``; for an extended item the
  visitor is told of progress every 24 hours (``progress_due_at``, 002), and where the
  policy asks for internal progress notes, those too;
- answered, or referred with a result: the call back by ``follow_up_due_at``;
- followed up, closed, void: no clock; paused (waiting on the visitor): no clock runs,
  and the office time spent paused is added to the running clock when it resumes.
``due_at`` is whichever of these is running; ``due_soon_at`` starts the yellow light.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from django.utils.translation import gettext_lazy as _

from firstask.tickets.choices import State
from firstask.workdays.deadlines import (
    answer_due,
    due_soon_from,
    follow_up_due,
    handle_due,
    next_progress_due,
    promise_due,
    sign_for_due,
    visitor_contact_due,
)
from firstask.workdays.maths import Deadline, add_working_time, earliest
from firstask.workdays.selectors import policy_for, work_calendar

CLOCKS = {
    "answer": _("Answer or refer by"),
    "sign_for": _("Sign for by"),
    "handle": _("Handle by"),
    "follow_up": _("Follow up by"),
    "paused": _("Paused"),
}


def refresh_deadlines(ticket, *, now: datetime) -> None:
    """Recompute the stored deadlines of ``ticket`` from its state and policy."""
    cal = work_calendar()
    policy = policy_for(ticket.category, ticket.urgency)
    if ticket.handle_days_limit is not None:
        policy = replace(policy, handle_days=min(policy.handle_days, ticket.handle_days_limit))
    if ticket.promised_at is None:
        start = ticket.referred_at if ticket.redo_count and ticket.referred_at else None
        base = start or (now if ticket.redo_count else ticket.received_at)
        ticket.promised_at = promise_due(base, policy, cal).at
    if ticket.extended_until is not None and ticket.extended_until > ticket.promised_at:
        # An approved extension moves the promise too: the visitor was told the new time.
        ticket.promised_at = ticket.extended_until
    shift = timedelta(seconds=ticket.paused_seconds)
    running: Deadline | None = None
    clock = ""
    ticket.progress_due_at = None

    if ticket.paused_at is not None and (
        ticket.state not in (State.RECEIVED, State.REFERRED) or ticket.has_result
    ):
        # Answered, handled or closed while waiting: the wait is over.
        ticket.paused_at, ticket.pause_reason = None, ""
    if ticket.paused_at is not None:
        clock = "paused"
    elif ticket.state == State.RECEIVED:
        clock = "answer"
        running = answer_due(ticket.received_at, policy, cal, ticket.promised_at)
        running = _shifted(running, shift, cal)
        ticket.answer_due_at = running.at
    elif ticket.state == State.REFERRED and not ticket.is_signed:
        clock = "sign_for"
        running = _shifted(sign_for_due(ticket.referred_at or now, policy, cal), shift, cal)
        ticket.sign_for_due_at = running.at
        # The slip shows the latest the result can be due: signing on the last moment.
        ticket.handle_due_at = handle_due(running.at, policy, cal, ticket.promised_at).at
    elif ticket.state == State.REFERRED and not ticket.has_result:
        clock = "handle"
        running = handle_due(ticket.signed_at, policy, cal, ticket.promised_at)
        if ticket.extended_until:  # an approved 延期 replaces the handling limit
            running = Deadline.fixed(ticket.extended_until)
        running = _shifted(running, shift, cal)
        ticket.handle_due_at = running.at
        ticket.progress_due_at = _contact_or_progress_due(ticket, policy, cal)
    elif ticket.state in (State.ANSWERED, State.REFERRED):
        clock = "follow_up"
        started = ticket.result_at or ticket.answered_at or now
        running = _shifted(follow_up_due(started, policy, cal), shift, cal)
        ticket.follow_up_due_at = running.at

    if clock != ticket.clock and clock != "paused" and ticket.clock != "paused":
        ticket.paused_seconds = 0  # a pause counts only on the clock it interrupted
    ticket.clock = clock
    if running is None:
        ticket.due_at = ticket.due_soon_at = ticket.next_warning_at = None
        ticket.deadline_provisional = False
        return
    ticket.due_at = running.at
    ticket.due_soon_at = due_soon_from(running, policy, cal).at
    ticket.deadline_provisional = running.provisional
    # A new clock starts the warning ladder again from "due soon".
    candidates = [t for t in (ticket.due_soon_at, ticket.progress_due_at) if t is not None]
    ticket.next_warning_at = min(candidates)


def _shifted(deadline: Deadline, shift: timedelta, cal) -> Deadline:
    if not shift:
        return deadline
    moved = add_working_time(deadline.at, shift, cal)
    return Deadline(at=moved.at, provisional=moved.provisional or deadline.provisional)


def _contact_or_progress_due(ticket, policy, cal) -> datetime | None:
    """The 24-hour clock of a referral being handled: the visitor of an extended item
    (always), internal progress notes (only when the policy asks for them)."""
    dues: list[Deadline | None] = []
    if ticket.extended_until is not None:
        last = ticket.last_visitor_contact_at or ticket.signed_at
        dues.append(visitor_contact_due(last, policy, cal))
    if policy.progress_notes_required:
        last = ticket.last_progress_at or ticket.signed_at
        dues.append(next_progress_due(last, policy, cal))
    if not any(dues):
        return None
    return earliest(*dues).at


def paused_office_seconds(paused_at: datetime, now: datetime) -> int:
    """Office time between a pause and its resume, in whole seconds."""
    from firstask.workdays.maths import working_time_between

    return int(working_time_between(paused_at, now, work_calendar()).total_seconds())


def traffic_light(ticket, now: datetime) -> str:
    """红黄灯: red overdue, yellow due soon, grey provisional, green otherwise, "" none."""
    if ticket.due_at is None:
        return ""
    if now >= ticket.due_at:
        return "red"
    if ticket.due_soon_at and now >= ticket.due_soon_at:
        return "yellow"
    return "grey" if ticket.deadline_provisional else "green"
