"""What the ``holidays`` package knows about China's official calendar — no ORM.

The package computes CN holidays for any year up to its ``end_year`` (2100), but only
the years whose State Council notice (国务院办公厅关于…部分节假日安排的通知) its
maintainers encoded are *official*: those are the keys of
``ChinaStaticHolidays.special_public_holidays`` (each notice's substituted days off
and the weekend days worked for them; 2001–2026 in holidays 0.108). For any other
year the package still returns the statutory days plus "observed" days from a generic
weekend rule — a guess that is wrong for most years (no 调休 Saturdays at all), so we
never seed from it: the manager imports the notice instead.

The package lists the statutory days and substituted days off; the weekend days inside
a holiday block that were off anyway (e.g. Sunday 2026-10-04) are not listed, which
changes no working-day count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import holidays
from holidays.countries.china import ChinaStaticHolidays

HOLIDAY = "holiday"
WORKDAY = "workday"


@dataclass(frozen=True)
class SeedRow:
    date: date
    kind: str  # HOLIDAY or WORKDAY, the codes of models.DayKind
    name: str
    note: str = ""


def package_version() -> str:
    return f"holidays {holidays.__version__}"


def official_years() -> frozenset[int]:
    """Years for which the installed package encodes the State Council notice."""
    return frozenset(
        int(year) for year in getattr(ChinaStaticHolidays, "special_public_holidays", {})
    )


def rows_for_year(year: int) -> list[SeedRow]:
    """Days off and make-up workdays of an official ``year``, Chinese names, by date.

    Raises ValueError for a year without official data: callers must not guess.
    """
    if year not in official_years():
        raise ValueError(f"holidays has no official CN data for {year}")
    cn = holidays.China(years=year, language="zh_CN")
    rows = [
        SeedRow(date=day, kind=HOLIDAY, name="；".join(cn.get_list(day)))
        for day in sorted(cn)
        if day.year == year
    ]
    # weekend_workdays holds every cross-year make-up day the package knows (e.g.
    # 2001-12-29 from the 2002 notice) whatever years were asked for; each is seeded
    # with the year it falls in.
    moved_to = _days_off_by_workday(cn)
    rows.extend(
        SeedRow(
            date=day,
            kind=WORKDAY,
            name="调休上班",
            note=f"休息日 {moved_to[day].isoformat()}" if day in moved_to else "",
        )
        for day in sorted(cn.weekend_workdays)
        if day.year == year
    )
    return sorted(rows, key=lambda row: row.date)


def _days_off_by_workday(cn: holidays.HolidayBase) -> dict[date, date]:
    """Map each make-up workday to the day off it pays for, read from the day-off names."""
    found: dict[date, date] = {}
    for workday in cn.weekend_workdays:
        marker = workday.isoformat()
        for day, name in cn.items():
            if marker in name:
                found[workday] = day
    return found
