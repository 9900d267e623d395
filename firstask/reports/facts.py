"""One inquiry's contribution to every measure — pure, so it can be tested by hand.

``ticket_facts`` takes what the refresh read about one inquiry (its row, the times of
a few events, its latest follow-up scores, whether a repeat visit followed it), the
working-day calendar and "now", and returns the integer columns of ``columns.COUNTS``.
No ORM, no clock: the definitions in docs/measures.md are this function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from firstask.reports.columns import BUCKETS, COUNTS, HANDLING_BUCKETS_HOURS
from firstask.workdays.deadlines import PolicyValue, next_progress_due
from firstask.workdays.maths import WorkCalendar, working_time_between

RESPONSE_TARGET = timedelta(minutes=30)
# Three-level satisfaction on the 1–5 scale when no detailed scores were given,
# as points of three dimensions (the score is points / 3): 满意 5, 基本满意 3, 不满意 1.
SATISFACTION_POINTS = {"satisfied": 15, "basically": 9, "dissatisfied": 3}
HIGH_SCORE_POINTS = 14  # a mean of ≥ 4.5 over three 1–5 scores is ≥ 13.5 points


@dataclass
class TicketInput:
    """What the refresh reads about one inquiry (ticket columns and event times)."""

    pk: int
    received_at: datetime
    state: str
    category: str
    urgency: str = "normal"
    answer_kind: str = ""
    referral_count: int = 0
    return_count: int = 0
    redo_count: int = 0
    repeat_of_id: int | None = None
    satisfaction: str = ""
    closed_at: datetime | None = None
    answer_due_at: datetime | None = None
    sign_for_due_at: datetime | None = None
    handle_due_at: datetime | None = None
    follow_up_due_at: datetime | None = None
    signed_at: datetime | None = None
    result_at: datetime | None = None
    followed_up_at: datetime | None = None
    extended_until: datetime | None = None
    # From the events and the other rows:
    first_response_at: datetime | None = None
    last_referred_at: datetime | None = None
    sign_answered_at: datetime | None = None  # first sign-for or return after last referral
    extension_approved_at: datetime | None = None
    progress_after_extension: list[datetime] = field(default_factory=list)
    scores: tuple[int, int, int] | None = None  # attitude, speed, resolution (1–5)
    has_repeat_visit: bool = False


def _clock(out: dict, name: str, due: datetime | None, done: datetime | None, now: datetime):
    """A clock counts once its deadline has passed or its step was done: on time when
    done by the deadline, overdue otherwise (done late, or still not done)."""
    if due is None or (done is None and now < due):
        return
    out[f"{name}_due"] = 1
    if done is not None and done <= due:
        out[f"{name}_on_time"] = 1
    else:
        out[f"{name}_overdue"] = 1


def _contact_on_time(t: TicketInput, policy: PolicyValue, cal: WorkCalendar, now: datetime):
    """Extended items: the visitor told of progress at least every ``progress_hours``
    from the approval of the extension until the result (or now, if still open)."""
    last = t.extension_approved_at
    end = t.result_at or (t.closed_at if t.closed_at else now)
    for note in [*sorted(t.progress_after_extension), end]:
        due = next_progress_due(last, policy, cal).at
        if note > due:
            return due, None
        last = note
    return due, end


def bucket_of(seconds: int) -> str:
    hours = seconds / 3600
    for i, bound in enumerate(HANDLING_BUCKETS_HOURS):
        if hours < bound:
            return BUCKETS[i]
    return BUCKETS[-1]


def ticket_facts(
    t: TicketInput,
    *,
    cal: WorkCalendar,
    now: datetime,
    policy_of: Callable[[str, str], PolicyValue],
) -> dict[str, int]:
    out = dict.fromkeys(COUNTS, 0)
    out["registered"] = 1
    closed = t.state == "closed"
    out["closed"] = int(closed)
    out["on_the_spot"] = int(
        closed and t.answer_kind == "on_the_spot" and not t.referral_count and not t.redo_count
    )
    out["referred"] = int(t.referral_count > 0)
    out["returned"] = int(t.return_count > 0)
    out["redone"] = int(t.redo_count > 0)
    out["repeat_visit"] = int(t.repeat_of_id is not None)
    out["first_time"] = int(
        closed and not t.return_count and not t.redo_count and not t.has_repeat_visit
    )

    if t.first_response_at is not None:
        response = working_time_between(t.received_at, t.first_response_at, cal)
        out["responded"] = 1
        out["response_secs"] = int(response.total_seconds())
        out["within_30"] = int(response <= RESPONSE_TARGET)

    if closed and t.closed_at is not None:
        handling = int(working_time_between(t.received_at, t.closed_at, cal).total_seconds())
        out["handled"] = 1
        out["handling_secs"] = handling
        bucket = bucket_of(handling)
        out[bucket] = 1
        out[f"{bucket}_secs"] = handling

    if t.satisfaction:
        out["followed"] = out["rated"] = 1
        out["satisfied"] = int(t.satisfaction in ("satisfied", "basically"))
        out["dissatisfied"] = int(t.satisfaction == "dissatisfied")
        if t.scores is not None:
            attitude, speed, resolution = t.scores
            points = attitude + speed + resolution
            out["detail_scored"] = 1
            out["attitude_sum"], out["speed_sum"], out["resolution_sum"] = t.scores
        else:
            points = SATISFACTION_POINTS.get(t.satisfaction, 0)
        out["score_points"] = points
        out["high_score"] = int(points >= HIGH_SCORE_POINTS)

    _clock(out, "answer", t.answer_due_at, t.first_response_at, now)
    if t.referral_count and t.last_referred_at is not None:
        _clock(out, "sign", t.sign_for_due_at, t.sign_answered_at, now)
    if t.signed_at is not None:
        _clock(out, "handle", t.extended_until or t.handle_due_at, t.result_at, now)
    if t.state in ("followed_up", "closed") or (
        t.state in ("answered", "referred") and (t.state == "answered" or t.result_at)
    ):
        _clock(out, "follow", t.follow_up_due_at, t.followed_up_at, now)
    if t.extended_until is not None and t.extension_approved_at is not None:
        due, done = _contact_on_time(t, policy_of(t.category, t.urgency), cal, now)
        _clock(out, "contact", due, done, now)
    out["overdue"] = int(
        any(out[f"{c}_overdue"] for c in ("answer", "sign", "handle", "follow", "contact"))
    )
    return out
