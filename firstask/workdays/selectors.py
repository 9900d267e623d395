"""The calendar and policies as pure values, cached in-process.

The transition service asks for these on every ticket change and the sweep for every
batch, so once warm they cost no query. A save or delete of any calendar or policy row
in this process clears the cache at once and again on commit (signals.py); other
processes (workers, beat, other gunicorn workers) see the change within
``CACHE_SECONDS``. Bulk writes send no signals: services clear the cache themselves.
A cold load is a fixed number of queries: three for the calendar, one for policies.
"""

from __future__ import annotations

import threading
import time as _time
from collections.abc import Callable
from datetime import date
from typing import Generic, TypeVar

from firstask.workdays.deadlines import PolicyValue
from firstask.workdays.maths import OfficeHours, WorkCalendar
from firstask.workdays.models import (
    CalendarDay,
    CalendarYear,
    DayKind,
    DeadlinePolicy,
    OfficeHoursSetting,
)

CACHE_SECONDS = 60.0

T = TypeVar("T")


class _Memo(Generic[T]):
    """One value, reloaded when cleared or older than ``CACHE_SECONDS``.

    A clear that lands while a load is running bumps the generation, so the load's
    (possibly pre-change) result is returned to its caller but not kept.
    """

    def __init__(self, loader: Callable[[], T]) -> None:
        self._loader = loader
        self._lock = threading.Lock()
        self._entry: tuple[T, float] | None = None
        self._generation = 0

    def get(self) -> T:
        entry = self._entry
        if entry is not None and _time.monotonic() < entry[1]:
            return entry[0]
        with self._lock:
            generation = self._generation
            value = self._loader()
            if generation == self._generation:
                self._entry = (value, _time.monotonic() + CACHE_SECONDS)
            return value

    def clear(self) -> None:
        self._generation += 1
        self._entry = None


def _load_calendar() -> WorkCalendar:
    days_off: set[date] = set()
    make_up: set[date] = set()
    for day, kind in CalendarDay.objects.values_list("date", "kind"):
        (make_up if kind == DayKind.WORKDAY else days_off).add(day)
    known = CalendarYear.objects.filter(official=True).values_list("year", flat=True)
    setting = OfficeHoursSetting.objects.first()
    return WorkCalendar(
        days_off=frozenset(days_off),
        make_up_workdays=frozenset(make_up),
        known_years=frozenset(known),
        office_hours=setting.to_value() if setting else OfficeHours(),
    )


def _load_policies() -> dict[tuple[str, str], PolicyValue]:
    return {(row.category, row.urgency): row.to_value() for row in DeadlinePolicy.objects.all()}


_calendar: _Memo[WorkCalendar] = _Memo(_load_calendar)
_policies: _Memo[dict[tuple[str, str], PolicyValue]] = _Memo(_load_policies)

FALLBACK_POLICY = PolicyValue()


def work_calendar() -> WorkCalendar:
    """The organisation's calendar as a pure value (cached)."""
    return _calendar.get()


def missing_years(today: date) -> list[int]:
    """This year and next, where not official: the manager must import their notice.

    Next year is asked for as soon as the year starts because the State Council
    publishes in November and a 15-working-day limit set in December already reaches
    into January.
    """
    known = work_calendar().known_years
    return [year for year in (today.year, today.year + 1) if year not in known]


def policy_for(category: str, urgency: str = "") -> PolicyValue:
    """The limits for a category and urgency: the exact row, else the category's row
    for any urgency, else ``FALLBACK_POLICY`` (a category nobody configured yet)."""
    rows = _policies.get()
    return rows.get((category, urgency)) or rows.get((category, "")) or FALLBACK_POLICY


def clear_calendar_cache() -> None:
    _calendar.clear()


def clear_policy_cache() -> None:
    _policies.clear()


def clear_caches() -> None:
    """Forget everything cached here (tests call it between cases; rollbacks send no signal)."""
    clear_calendar_cache()
    clear_policy_cache()
