"""Keep a ticket's stored deadlines in step with its state (限时办结).

Called by the transition service on every change (and at registration). The maths is
pure and lives in firstask.workdays; this module only decides which clock runs in
which state and stores the answers, so the warning sweep can read due rows by index.

Clocks by state:
- received: answer or refer by ``answer_due_at`` (the promised time counts when earlier);
- referred, not signed: the department signs for by ``sign_for_due_at``;
- referred, signed, no result: the result by ``handle_due_at``, a progress note by
  ``progress_due_at``;
- answered, or referred with a result: the call back by ``follow_up_due_at``;
- followed up, closed, void: no clock.
``due_at`` is whichever of these is running; ``due_soon_at`` starts the yellow light.
"""

from __future__ import annotations

from datetime import datetime

from firstask.tickets.choices import State
from firstask.workdays.deadlines import (
    answer_due,
    due_soon_from,
    follow_up_due,
    handle_due,
    next_progress_due,
    sign_for_due,
)
from firstask.workdays.maths import Deadline
from firstask.workdays.selectors import policy_for, work_calendar


def refresh_deadlines(ticket, *, now: datetime) -> None:
    """Recompute the stored deadlines of ``ticket`` from its state and policy."""
    cal = work_calendar()
    policy = policy_for(ticket.category, ticket.urgency)
    running: Deadline | None = None
    ticket.progress_due_at = None

    if ticket.state == State.RECEIVED:
        running = answer_due(ticket.received_at, policy, cal, ticket.promised_at)
        ticket.answer_due_at = running.at
    elif ticket.state == State.REFERRED and not ticket.is_signed:
        running = sign_for_due(ticket.referred_at or now, policy, cal)
        ticket.sign_for_due_at = running.at
        # The slip shows the latest the result can be due: signing on the last moment.
        ticket.handle_due_at = handle_due(running.at, policy, cal, ticket.promised_at).at
    elif ticket.state == State.REFERRED and not ticket.has_result:
        running = handle_due(ticket.signed_at, policy, cal, ticket.promised_at)
        if ticket.extended_until:  # an approved 延期 replaces the handling limit
            running = Deadline.fixed(ticket.extended_until)
        ticket.handle_due_at = running.at
        last = ticket.last_progress_at or ticket.signed_at
        ticket.progress_due_at = next_progress_due(last, policy, cal).at
    elif ticket.state in (State.ANSWERED, State.REFERRED):
        started = ticket.result_at or ticket.answered_at or now
        running = follow_up_due(started, policy, cal)
        ticket.follow_up_due_at = running.at

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


def traffic_light(ticket, now: datetime) -> str:
    """红黄灯: red overdue, yellow due soon, grey provisional, green otherwise, "" none."""
    if ticket.due_at is None:
        return ""
    if now >= ticket.due_at:
        return "red"
    if ticket.due_soon_at and now >= ticket.due_soon_at:
        return "yellow"
    return "grey" if ticket.deadline_provisional else "green"
