"""The deadlines of an inquiry under a policy (限时办结) — pure, like ``maths``.

Each function takes the instant its clock starts from, the ``PolicyValue`` of the
inquiry's category and urgency, and the ``WorkCalendar``; it returns a ``Deadline``
(UTC, with the provisional flag). The ticket's transition service decides which clock
is running and stores the results; nothing here reads the database or the clock.

Where the first responder promised the visitor an earlier time (docs/domain.md#clocks), pass it
as ``promised_at``: the earlier of the two counts. A later promise never extends the
policy's limit — that is what an extension (延期) is for.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from functools import lru_cache

from firstask.workdays.maths import (
    Deadline,
    WorkCalendar,
    add_working_days,
    add_working_hours,
    add_working_time,
    earliest,
    next_office_instant,
)


@dataclass(frozen=True)
class PolicyValue:
    """The time limits of one category (and urgency); every count is >= 0.

    The defaults are the fallback for a category without any policy row: a new
    category must not break registration, and these are the middle of the practice.
    """

    # Working days to answer or refer; 0 = the same working day. 004 asks for 当即办理 /
    # 及时 and 000 for 第一时间, whatever the category: the same day for every category.
    answer_days: int = 0
    sign_for_days: int = 1  # working days for the department to sign for a referral
    handle_days: int = 3  # working days to handle, counted from signing
    follow_up_days: int = 1  # working days to call the visitor back after the result
    progress_hours: int = 24  # calendar hours between progress notes (see below)
    due_soon_hours: float = 4  # working hours before a deadline when "due soon" starts
    escalate_to_leader_after_days: int = 2  # working days overdue before the leader
    # Internal progress notes every ``progress_hours`` while a referral is handled: the
    # organisation's own choice (off by default). 002's 24-hour rule is about telling the
    # *visitor* of an extended item (``visitor_contact_due``), which always applies.
    progress_notes_required: bool = False
    visitor_contact_hours: int = 24

    def __post_init__(self) -> None:
        for f in fields(self):
            if getattr(self, f.name) < 0:
                raise ValueError(f"{f.name} must not be negative")
        if self.progress_hours <= 0 or self.visitor_contact_hours <= 0:
            raise ValueError("progress_hours and visitor_contact_hours must be positive")


def _with_promise(deadline: Deadline, promised_at: datetime | None) -> Deadline:
    return earliest(deadline, Deadline.fixed(promised_at) if promised_at is not None else None)


def answer_due(
    received_at: datetime,
    policy: PolicyValue,
    cal: WorkCalendar,
    promised_at: datetime | None = None,
) -> Deadline:
    """By when the first responder must answer or refer (from registration)."""
    return _with_promise(add_working_days(received_at, policy.answer_days, cal), promised_at)


def sign_for_due(referred_at: datetime, policy: PolicyValue, cal: WorkCalendar) -> Deadline:
    """By when the receiving department must sign for (签收) a referral."""
    return add_working_days(referred_at, policy.sign_for_days, cal)


def handle_due(
    signed_at: datetime,
    policy: PolicyValue,
    cal: WorkCalendar,
    promised_at: datetime | None = None,
) -> Deadline:
    """By when the handler must record the result; the clock starts at signing."""
    return _with_promise(add_working_days(signed_at, policy.handle_days, cal), promised_at)


def follow_up_due(result_at: datetime, policy: PolicyValue, cal: WorkCalendar) -> Deadline:
    """By when the first responder must call the visitor back (回访) after the result."""
    return add_working_days(result_at, policy.follow_up_days, cal)


def next_progress_due(
    last_progress_at: datetime, policy: PolicyValue, cal: WorkCalendar
) -> Deadline:
    """By when a referred item needs its next progress note.

    ``progress_hours`` are *calendar* hours, as the rule is written ("at least every
    24 hours", docs/domain.md#clocks): 24 working hours would be three working days and
    empty the rule. But a due time that falls while the office is shut (night,
    weekend, holiday) moves to the next opening, so nobody is flagged for silence
    during National Day week; over lunch it stays where it is.
    """
    due = last_progress_at + timedelta(hours=policy.progress_hours)
    return next_office_instant(due, cal)


def promise_due(received_at: datetime, policy: PolicyValue, cal: WorkCalendar) -> Deadline:
    """The time promised to the visitor (预计解决时间, docs/domain.md#clocks) when the first
    responder names none: the policy's whole path — answer or refer, sign for, handle.

    One value, stored on the ticket and printed on every paper; the department's
    handling deadline never ends after it (``handle_due`` takes the earlier), and only
    an approved extension moves it.
    """
    days = policy.answer_days + policy.sign_for_days + policy.handle_days
    return add_working_days(received_at, days, cal)


def visitor_contact_due(
    last_contact_at: datetime, policy: PolicyValue, cal: WorkCalendar
) -> Deadline:
    """By when the visitor of an extended item must next be told of progress.

    002: "对于需延期事项须每24小时主动通报进展" — calendar hours, like progress notes; a
    time falling while the office is shut moves to the next opening.
    """
    due = last_contact_at + timedelta(hours=policy.visitor_contact_hours)
    return next_office_instant(due, cal)


def due_soon_from(deadline: Deadline, policy: PolicyValue, cal: WorkCalendar) -> Deadline:
    """When "due soon" (yellow light) starts: ``due_soon_hours`` of office time before."""
    start = add_working_hours(deadline.at, -policy.due_soon_hours, cal)
    return Deadline(at=start.at, provisional=start.provisional or deadline.provisional)


@lru_cache(maxsize=4096)
def leader_escalation_at(deadline: Deadline, policy: PolicyValue, cal: WorkCalendar) -> Deadline:
    """When a still-overdue item goes to the supervising leader.

    ``escalate_to_leader_after_days`` full working days of office time after the
    deadline: a deadline at 17:30 on Monday with 2 days escalates at 17:30 on
    Wednesday, one at 10:00 escalates at 10:00. 0 escalates at the deadline itself.

    Remembered (every argument is an immutable value, the answer depends on nothing
    else): the warning sweep asks it for every overdue inquiry, and overdue inquiries
    come in waves that share one deadline — most limits end at the close of office, so
    the 17:30 sweep finds the day's lapsed items all due at 17:30. The walk over office
    periods was two thirds of the sweep's planning time.
    """
    span = cal.office_hours.day_length * policy.escalate_to_leader_after_days
    at = add_working_time(deadline.at, span, cal)
    return Deadline(at=at.at, provisional=at.provisional or deadline.provisional)
