"""Working-day arithmetic of the organisation's calendar — pure, so it can be trusted.

No ORM, no ``now()``, no settings: every function takes aware datetimes and a
``WorkCalendar`` value and returns ``Deadline`` values in UTC. The selector
``firstask.workdays.selectors.work_calendar()`` builds the calendar from the database;
tests build one by hand.

How an instant counts (office hours 08:30–12:00 and 13:30–17:30 by default):

* Office periods are half-open, ``[opens, closes)``: 08:30 and 13:30 are inside,
  12:00 and 17:30 are outside. A start at 17:30 sharp is therefore *after close*.
* The **receipt day** of an instant is its own day when that day is a workday and the
  instant is before close (so 07:00, 12:00, 12:45 and 13:30 all count as that day);
  otherwise — at or after close, or on a weekend or holiday that is not a make-up
  workday — it is the next workday. This follows the 12345-hotline rule that matters
  registered outside working time are counted from the next working day.
* ``end_of_working_day`` is close of office on the receipt day;
  ``add_working_days(n)`` is close of office on the n-th workday after the receipt day
  (so n=0 is ``end_of_working_day``, and the receipt day itself is never counted as
  one of the n days: 民法典 art. 201, "开始的当日不计入").
* ``add_working_hours`` counts only time inside office periods of workdays. Time
  before opening, over lunch (12:00–13:30), after close and on days off counts nothing;
  the result is the *earliest* instant with that much office time behind it, so
  one hour from 11:00 is 12:00 (not 13:30) and one hour from 12:00 is 14:30.
* Asia/Shanghai has had no daylight saving since 1991: local = UTC+8 all year.

A deadline is **provisional** when any day from the start's local date to the
deadline's local date lies in a year without official (State Council) data. Such a
year is not guessed: only weekends and the rows a manager entered by hand count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

# Every calendar has at least one workday a week; this bounds each search so a
# corrupt calendar (every day off) fails loudly instead of looping forever.
_SEARCH_LIMIT_DAYS = 3660


@dataclass(frozen=True)
class OfficeHours:
    """The office periods of a workday, local wall-clock times, sorted, non-overlapping."""

    periods: tuple[tuple[time, time], ...] = (
        (time(8, 30), time(12, 0)),
        (time(13, 30), time(17, 30)),
    )

    def __post_init__(self) -> None:
        if not self.periods:
            raise ValueError("office hours need at least one period")
        previous_end: time | None = None
        for start, end in self.periods:
            if start.tzinfo is not None or end.tzinfo is not None:
                raise ValueError("office hours are local wall-clock times (naive)")
            if not start < end:
                raise ValueError(f"office period {start}–{end} ends before it starts")
            if previous_end is not None and start < previous_end:
                raise ValueError("office periods must be sorted and must not overlap")
            previous_end = end

    @property
    def opens(self) -> time:
        return self.periods[0][0]

    @property
    def closes(self) -> time:
        return self.periods[-1][1]

    @property
    def day_length(self) -> timedelta:
        """Office time in one workday (7.5 h by default)."""
        anchor = date(2000, 1, 3)
        return sum(
            (
                datetime.combine(anchor, end) - datetime.combine(anchor, start)
                for start, end in self.periods
            ),
            timedelta(),
        )


@dataclass(frozen=True)
class WorkCalendar:
    """Which dates are workdays, which years are official, and when the office is open.

    ``days_off`` are statutory holidays and substituted days off on any day of the
    week; ``make_up_workdays`` are weekend days worked instead (调休). A date cannot be
    both. Weekends are off and weekdays are workdays unless listed.
    """

    days_off: frozenset[date] = frozenset()
    make_up_workdays: frozenset[date] = frozenset()
    known_years: frozenset[int] = frozenset()
    office_hours: OfficeHours = field(default_factory=OfficeHours)
    tz: ZoneInfo = SHANGHAI

    def __post_init__(self) -> None:
        clash = self.days_off & self.make_up_workdays
        if clash:
            raise ValueError(f"dates both off and worked: {sorted(clash)}")

    def is_workday(self, d: date) -> bool:
        if d in self.make_up_workdays:
            return True
        if d in self.days_off:
            return False
        return d.weekday() < 5

    def is_provisional(self, d: date) -> bool:
        """True when ``d``'s year has no official data: weekdays only, not guessed."""
        return d.year not in self.known_years

    def next_workday(self, d: date) -> date:
        """The first workday strictly after ``d``."""
        for offset in range(1, _SEARCH_LIMIT_DAYS):
            candidate = d + timedelta(days=offset)
            if self.is_workday(candidate):
                return candidate
        raise ValueError(f"no workday within {_SEARCH_LIMIT_DAYS} days after {d}")

    def close_of(self, d: date) -> datetime:
        """Close of office on ``d`` as an aware local datetime."""
        return datetime.combine(d, self.office_hours.closes, tzinfo=self.tz)

    def provisional_between(self, first: date, last: date) -> bool:
        """Whether any day from ``first`` to ``last`` (either order) is provisional."""
        low, high = sorted((first, last))
        return any(year not in self.known_years for year in range(low.year, high.year + 1))


@dataclass(frozen=True)
class Deadline:
    """An instant (always stored as UTC) and whether it rests on unofficial calendar data."""

    at: datetime
    provisional: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "at", _require_aware(self.at).astimezone(UTC))

    @classmethod
    def fixed(cls, at: datetime) -> Deadline:
        """A deadline given as an instant (a promised time): no calendar involved."""
        return cls(at=at, provisional=False)


def _require_aware(dt: datetime) -> datetime:
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"naive datetime {dt!r}: pass an aware datetime")
    return dt


def _local(dt: datetime, cal: WorkCalendar) -> datetime:
    return _require_aware(dt).astimezone(cal.tz)


def _deadline(start_local: datetime, at_local: datetime, cal: WorkCalendar) -> Deadline:
    return Deadline(
        at=at_local,
        provisional=cal.provisional_between(start_local.date(), at_local.date()),
    )


def receipt_day(start: datetime, cal: WorkCalendar) -> date:
    """The workday ``start`` counts as: its own day if a workday before close, else the next."""
    local = _local(start, cal)
    day = local.date()
    if cal.is_workday(day) and local.time() < cal.office_hours.closes:
        return day
    return cal.next_workday(day)


def end_of_working_day(start: datetime, cal: WorkCalendar) -> Deadline:
    """Close of office on the receipt day of ``start`` (see the module docstring)."""
    return add_working_days(start, 0, cal)


def add_working_days(start: datetime, n: int, cal: WorkCalendar) -> Deadline:
    """Close of office on the n-th workday after the receipt day of ``start``.

    n=0 is the receipt day itself. Strictly increasing in n.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    day = receipt_day(start, cal)
    for _ in range(n):
        day = cal.next_workday(day)
    return _deadline(_local(start, cal), cal.close_of(day), cal)


def add_calendar_days(start: datetime, n: int, cal: WorkCalendar) -> Deadline:
    """Close of office on the local date n calendar days after ``start``'s date.

    When that date is not a workday (or, for n=0, the office has already closed) the
    period ends at close of the next workday, as 民法典 art. 203 extends a period whose
    last day is a holiday. Used where a rule counts 自然日 rather than 工作日.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    local = _local(start, cal)
    if n == 0:
        return end_of_working_day(start, cal)
    midnight = datetime.combine(local.date() + timedelta(days=n), time(0), tzinfo=cal.tz)
    day = receipt_day(midnight, cal)
    return _deadline(local, cal.close_of(day), cal)


def _periods_of(day: date, cal: WorkCalendar) -> list[tuple[datetime, datetime]]:
    if not cal.is_workday(day):
        return []
    return [
        (datetime.combine(day, start, tzinfo=cal.tz), datetime.combine(day, end, tzinfo=cal.tz))
        for start, end in cal.office_hours.periods
    ]


def add_working_time(start: datetime, delta: timedelta, cal: WorkCalendar) -> Deadline:
    """Move ``delta`` of office time from ``start``; a negative delta moves backwards.

    Forwards: the earliest instant t with ``working_time_between(start, t) == delta``.
    Backwards: the latest instant t with ``working_time_between(t, start) == -delta``
    (so 4 h before 17:30 is 13:30, and 5 h before it is 11:00). Zero returns ``start``.
    """
    local = _local(start, cal)
    if not delta:
        return _deadline(local, local, cal)
    forward = delta > timedelta(0)
    remaining = abs(delta)
    day = local.date()
    step = timedelta(days=1 if forward else -1)
    for _ in range(_SEARCH_LIMIT_DAYS * 2):
        periods = _periods_of(day, cal)
        for period_start, period_end in periods if forward else reversed(periods):
            if forward:
                lo, hi = max(period_start, local), period_end
            else:
                lo, hi = period_start, min(period_end, local)
            if hi <= lo:
                continue
            available = hi - lo
            if remaining <= available:
                at = lo + remaining if forward else hi - remaining
                return _deadline(local, at, cal)
            remaining -= available
        day += step
    raise ValueError("working time out of the calendar's reach")


def add_working_hours(start: datetime, hours: float, cal: WorkCalendar) -> Deadline:
    """``add_working_time`` in hours (may be fractional or negative)."""
    return add_working_time(start, timedelta(hours=float(hours)), cal)


def working_time_between(a: datetime, b: datetime, cal: WorkCalendar) -> timedelta:
    """Office time between two instants; negative when ``b`` is before ``a``."""
    lo, hi = _local(a, cal), _local(b, cal)
    if hi < lo:
        return -working_time_between(b, a, cal)
    total = timedelta()
    day = lo.date()
    while day <= hi.date():
        for period_start, period_end in _periods_of(day, cal):
            overlap = min(period_end, hi) - max(period_start, lo)
            if overlap > timedelta(0):
                total += overlap
        day += timedelta(days=1)
    return total


def next_office_instant(at: datetime, cal: WorkCalendar) -> Deadline:
    """``at`` itself when the office is open then (lunch counts as open), else next opening.

    "Open" here means between opening and close of a workday: a reminder due over
    lunch is still due, one due at night or on a holiday waits for the next morning.
    """
    local = _local(at, cal)
    hours = cal.office_hours
    if cal.is_workday(local.date()) and hours.opens <= local.time() < hours.closes:
        return _deadline(local, local, cal)
    day = local.date()
    if not (cal.is_workday(day) and local.time() < hours.opens):
        day = cal.next_workday(day)
    return _deadline(local, datetime.combine(day, hours.opens, tzinfo=cal.tz), cal)


def earliest(*deadlines: Deadline | None) -> Deadline:
    """The soonest of the given deadlines, ignoring ``None`` (e.g. no promised time).

    On a tie a firm deadline beats a provisional one: the instant is known for sure.
    """
    present = [d for d in deadlines if d is not None]
    if not present:
        raise ValueError("earliest() needs at least one deadline")
    return min(present, key=lambda d: (d.at, d.provisional))
