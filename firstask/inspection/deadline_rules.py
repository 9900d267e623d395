"""Deadline rules of the daily audit (限时办结): a stored deadline passed during the day
without the step it guards.

Deadlines are stored on the ticket by the transition service from the working-day
calendar. Whether the step came in time is read from the ticket's events, not from its
current fields, so a later return, reassignment or redo cannot hide a missed deadline;
a clock restarts at the events that restart it (a return restarts the first responder's
clock, a new referral the department's). The 24-hour rule uses the stored
``progress_due_at``: the visitor of an extended item is told of progress every 24 hours
(002), and internal progress notes only where the policy asks for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from firstask.inspection.rules import DayFacts, Flag, responder_flag, rule
from firstask.tickets.choices import EventKind, State

CLOCK_KINDS = (
    EventKind.ANSWERED,
    EventKind.REFERRED,
    EventKind.ASSIGNED,
    EventKind.SIGNED_FOR,
    EventKind.RETURNED,
    EventKind.RESULT,
    EventKind.REOPENED,
    EventKind.VOIDED,
)


def _missed(history: list[dict], due: datetime, starts: set[str], met: set[str]):
    """Whether no ``met`` event came after the latest ``starts`` event and by ``due``.

    Returns (missed, start_event). Events of one transition share a timestamp, so
    order is (time, id).
    """
    start = None
    for e in history:
        if e["kind"] in starts and e["at"] <= due:
            start = e
    floor = (start["at"], start["id"]) if start else None
    for e in history:
        if e["kind"] in met and e["at"] <= due and (floor is None or (e["at"], e["id"]) > floor):
            return False, start
    return True, start


def _department_flag(code: str, t: dict, due: datetime, start: dict | None) -> Flag:
    data = (start or {}).get("data") or {}
    return Flag(
        code,
        t["id"],
        due,
        None,
        "",
        data.get("handler_id") or t["referred_handler_id"],
        data.get("department_id") or t["referred_department_id"],
    )


@rule(
    "answer_overdue",
    _("Answer or referral overdue"),
    _("The time to answer or refer passed while the inquiry was still only registered."),
    "deadline",
)
def answer_overdue(facts: DayFacts) -> Iterator[Flag]:
    for t in facts.tickets.values():
        due = t["answer_due_at"]
        if facts.passed_today(due):
            missed, _start = _missed(
                facts.history.get(t["id"], []),
                due,
                {EventKind.RETURNED, EventKind.REOPENED},
                {EventKind.ANSWERED, EventKind.REFERRED, EventKind.VOIDED},
            )
            if missed:
                yield responder_flag("answer_overdue", t, due)


@rule(
    "sign_for_late",
    _("Referral not signed for in time"),
    _("The receiving department did not sign for (签收) the referral by its deadline."),
    "deadline",
)
def sign_for_late(facts: DayFacts) -> Iterator[Flag]:
    for t in facts.tickets.values():
        due = t["sign_for_due_at"]
        if facts.passed_today(due):
            missed, start = _missed(
                facts.history.get(t["id"], []),
                due,
                {EventKind.REFERRED, EventKind.ASSIGNED},
                {EventKind.SIGNED_FOR, EventKind.RETURNED, EventKind.ASSIGNED, EventKind.VOIDED},
            )
            if missed and start is not None:
                yield _department_flag("sign_for_late", t, due, start)


@rule(
    "handling_overdue",
    _("Handling overdue"),
    _("The handling deadline passed with no result recorded (超期未办结)."),
    "deadline",
)
def handling_overdue(facts: DayFacts) -> Iterator[Flag]:
    for t in facts.tickets.values():
        due = t["handle_due_at"]
        if facts.passed_today(due):
            missed, start = _missed(
                facts.history.get(t["id"], []),
                due,
                {EventKind.REFERRED, EventKind.ASSIGNED, EventKind.REOPENED},
                {EventKind.RESULT, EventKind.RETURNED, EventKind.VOIDED},
            )
            if missed and start is not None:
                yield _department_flag("handling_overdue", t, due, start)


def progress_due(t: dict) -> datetime | None:
    """When a signed, unfinished referral needed its next 24-hour contact: the visitor of
    an extended item (002), or an internal progress note where the policy asks for
    one. Only the stored clock counts: a plain referral has none."""
    if t["state"] != State.REFERRED or not t["signed_at"] or t["result_at"]:
        return None
    return t["progress_due_at"]


@rule(
    "no_progress",
    _("Visitor not told of progress for 24 hours"),
    _(
        "An extended item went 24 hours without telling the visitor of progress, or a "
        "referral without the internal progress note the policy asks for."
    ),
    "deadline",
)
def no_progress(facts: DayFacts) -> Iterator[Flag]:
    for t in facts.tickets.values():
        due = progress_due(t)
        if facts.passed_today(due):
            yield _department_flag("no_progress", t, due, None)


DEADLINE_RULES = frozenset({"answer_overdue", "sign_for_late", "handling_overdue", "no_progress"})
