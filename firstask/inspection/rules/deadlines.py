"""Deadline rules of the daily audit (限时办结): a stored deadline passed during the day
without the step it guards.

The three clock rules differ only in data — which deadline, which events start the
clock, which events meet it, who answers for it — so they are one table (``CLOCKS``)
and one check; the 24-hour progress rule reads its own stored deadline.

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
from dataclasses import dataclass
from datetime import datetime

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from firstask.inspection.rules.base import (
    DayFacts,
    Flag,
    Rule,
    department_flag,
    responder_flag,
    rule,
)
from firstask.tickets.choices import EventKind, State


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


@dataclass(frozen=True)
class Clock:
    """One deadline the audit checks: the ticket's stored ``due`` field passed without a
    ``met`` event after the latest ``starts`` event. A department clock (``on_department``)
    only runs once something was referred, and its flag goes to that department."""

    code: str
    title: Promise
    description: Promise
    due: str
    starts: frozenset[str]
    met: frozenset[str]
    on_department: bool

    def check(self, facts: DayFacts) -> Iterator[Flag]:
        for t in facts.tickets.values():
            due = t[self.due]
            if not facts.passed_today(due):
                continue
            missed, start = _missed(facts.history.get(t["id"], []), due, self.starts, self.met)
            if not missed:
                continue
            if not self.on_department:
                yield responder_flag(self.code, t, due)
            elif start is not None:
                yield department_flag(self.code, t, due, start)

    def as_rule(self) -> Rule:
        return Rule(self.code, self.title, self.description, "deadline", self.check)


E = EventKind
CLOCKS = (
    Clock(
        "answer_overdue",
        _("Answer or referral overdue"),
        _("The time to answer or refer passed while the inquiry was still only registered."),
        due="answer_due_at",
        starts=frozenset({E.RETURNED, E.REOPENED}),
        met=frozenset({E.ANSWERED, E.REFERRED, E.VOIDED}),
        on_department=False,
    ),
    Clock(
        "sign_for_late",
        _("Referral not signed for in time"),
        _("The receiving department did not sign for (签收) the referral by its deadline."),
        due="sign_for_due_at",
        starts=frozenset({E.REFERRED, E.ASSIGNED}),
        met=frozenset({E.SIGNED_FOR, E.RETURNED, E.ASSIGNED, E.VOIDED}),
        on_department=True,
    ),
    Clock(
        "handling_overdue",
        _("Handling overdue"),
        _("The handling deadline passed with no result recorded (超期未办结)."),
        due="handle_due_at",
        starts=frozenset({E.REFERRED, E.ASSIGNED, E.REOPENED}),
        met=frozenset({E.RESULT, E.RETURNED, E.VOIDED}),
        on_department=True,
    ),
)

# The events that start or stop a clock: the audit reads these for the day's deadlines.
CLOCK_KINDS = tuple(sorted(set().union(*(clock.starts | clock.met for clock in CLOCKS))))


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
            yield department_flag("no_progress", t, due, None)


DEADLINE_RULES_IN_ORDER = (*(clock.as_rule() for clock in CLOCKS), no_progress)
