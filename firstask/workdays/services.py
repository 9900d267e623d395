"""Writes to the calendar: seeding from the ``holidays`` package, importing a notice.

Precedence, so that neither write undoes a manager's work: a notice import replaces
the package's rows (and an earlier import) for its year and wins on the dates it
names; seeding only ever touches rows it created itself (source "seeded") and never a
year that was imported from a notice. Rows a manager typed by hand survive both,
except where a notice names the same date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from firstask.workdays import package_data, selectors
from firstask.workdays.models import CalendarDay, CalendarYear, DaySource
from firstask.workdays.notice import NoticeDay

# The product went live in 2025; older years only add rows nobody looks at.
FIRST_SEEDED_YEAR = 2025


@dataclass
class SeedResult:
    seeded: list[int] = field(default_factory=list)  # years written from the package
    kept: list[int] = field(default_factory=list)  # years already imported from a notice
    unavailable: list[int] = field(default_factory=list)  # no official data in the package


def seed_calendar(years: Iterable[int] | None = None) -> SeedResult:
    """Write the package's official data for ``years`` (default: every official year
    from ``FIRST_SEEDED_YEAR``). Idempotent; years without official data are reported,
    never guessed."""
    official = package_data.official_years()
    wanted = sorted(
        set(years) if years is not None else {y for y in official if y >= FIRST_SEEDED_YEAR}
    )
    result = SeedResult()
    with transaction.atomic():
        for year in wanted:
            if year not in official:
                result.unavailable.append(year)
                continue
            if CalendarYear.objects.filter(year=year, origin=DaySource.NOTICE).exists():
                result.kept.append(year)
                continue
            _seed_year(year)
            result.seeded.append(year)
    selectors.clear_calendar_cache()
    return result


def _seed_year(year: int) -> None:
    rows = {row.date: row for row in package_data.rows_for_year(year)}
    CalendarDay.objects.filter(date__year=year, source=DaySource.SEEDED).exclude(
        date__in=list(rows)
    ).delete()
    taken = set(
        CalendarDay.objects.filter(date__in=list(rows))
        .exclude(source=DaySource.SEEDED)
        .values_list("date", flat=True)
    )
    for day, row in rows.items():
        if day in taken:
            continue
        CalendarDay.objects.update_or_create(
            date=day,
            defaults={
                "kind": row.kind,
                "name": row.name,
                "note": row.note,
                "source": DaySource.SEEDED,
            },
        )
    CalendarYear.objects.update_or_create(
        year=year,
        defaults={
            "official": True,
            "origin": DaySource.SEEDED,
            "source": package_data.package_version(),
            "imported_at": timezone.now(),
        },
    )


@dataclass
class ImportResult:
    year: int
    written: int
    replaced_manual: list[date]  # hand-entered rows the notice overrode


@transaction.atomic
def import_notice(*, year: int, days: list[NoticeDay], source: str) -> ImportResult:
    """Make ``days`` (from ``notice.parse_notice``) the official calendar of ``year``.

    All or nothing: one transaction. The year's rows from the package or an earlier
    notice are replaced; hand-entered rows on other dates stay.
    """
    by_date = {day.date: day for day in days}
    CalendarDay.objects.filter(
        date__year=year, source__in=[DaySource.SEEDED, DaySource.NOTICE]
    ).exclude(date__in=list(by_date)).delete()
    replaced_manual = sorted(
        CalendarDay.objects.filter(date__in=list(by_date), source=DaySource.MANUAL).values_list(
            "date", flat=True
        )
    )
    for day in days:
        CalendarDay.objects.update_or_create(
            date=day.date,
            defaults={"kind": day.kind, "name": day.name, "source": DaySource.NOTICE, "note": ""},
        )
    CalendarYear.objects.update_or_create(
        year=year,
        defaults={
            "official": True,
            "origin": DaySource.NOTICE,
            "source": source,
            "imported_at": timezone.now(),
        },
    )
    selectors.clear_calendar_cache()
    return ImportResult(year=year, written=len(days), replaced_manual=replaced_manual)
