"""Pure helpers: Shanghai instants and a calendar built from the holidays package."""

from __future__ import annotations

from datetime import datetime

from firstask.workdays.maths import SHANGHAI, WorkCalendar
from firstask.workdays.package_data import WORKDAY, rows_for_year


def sh(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware Asia/Shanghai instant."""
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def package_calendar(*years: int, known: tuple[int, ...] | None = None) -> WorkCalendar:
    """The official calendar of ``years`` exactly as the holidays package has it."""
    rows = [row for year in years for row in rows_for_year(year)]
    return WorkCalendar(
        days_off=frozenset(r.date for r in rows if r.kind != WORKDAY),
        make_up_workdays=frozenset(r.date for r in rows if r.kind == WORKDAY),
        known_years=frozenset(years if known is None else known),
    )
