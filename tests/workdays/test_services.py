"""Seeding from the holidays package and importing a notice never undo a manager's work."""

from __future__ import annotations

from datetime import date

import pytest

from firstask.workdays.maths import add_working_days
from firstask.workdays.models import CalendarDay, CalendarYear, DayKind, DaySource
from firstask.workdays.notice import parse_notice
from firstask.workdays.selectors import work_calendar
from firstask.workdays.services import import_notice, seed_calendar
from tests.workdays.helpers import sh

pytestmark = pytest.mark.django_db

NOTICE_2027 = """
2027-01-01 holiday 元旦
2027-02-05~2027-02-11 holiday 春节
2027-02-20 workday 春节调休
"""


def test_seeding_is_idempotent_and_official():
    first = seed_calendar()
    count = CalendarDay.objects.count()
    second = seed_calendar()
    assert first.seeded == second.seeded == [2025, 2026]
    assert CalendarDay.objects.count() == count
    year = CalendarYear.objects.get(year=2026)
    assert year.official and year.origin == DaySource.SEEDED and year.source.startswith("holidays")
    assert CalendarDay.objects.get(date=date(2026, 10, 10)).kind == DayKind.WORKDAY


def test_seeding_never_guesses_a_year():
    result = seed_calendar([2027])
    assert result.unavailable == [2027] and not result.seeded
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()


def test_seeding_keeps_manual_rows_and_drops_its_own_stale_ones():
    CalendarDay.objects.create(date=date(2026, 10, 8), kind=DayKind.HOLIDAY, name="本地休息")
    CalendarDay.objects.create(
        date=date(2026, 3, 3), kind=DayKind.HOLIDAY, name="旧数据", source=DaySource.SEEDED
    )
    seed_calendar([2026])
    assert CalendarDay.objects.get(date=date(2026, 10, 8)).source == DaySource.MANUAL
    assert not CalendarDay.objects.filter(date=date(2026, 3, 3)).exists()


def test_import_makes_the_year_official_and_deadlines_firm():
    received = sh(2027, 2, 4, 10)  # Thursday before Spring Festival 2027
    before = add_working_days(received, 1, work_calendar())
    assert before.provisional and before.at == sh(2027, 2, 5, 17, 30)

    result = import_notice(
        year=2027, days=parse_notice(2027, NOTICE_2027), source="国办发明电〔2026〕1号"
    )

    assert result.written == 9  # 1 + 7 + 1
    year = CalendarYear.objects.get(year=2027)
    assert year.official and year.origin == DaySource.NOTICE and year.imported_at
    after = add_working_days(received, 1, work_calendar())
    assert not after.provisional and after.at == sh(2027, 2, 12, 17, 30)


def test_import_replaces_seeded_rows_and_wins_over_manual_ones_on_its_dates():
    seed_calendar([2026])
    CalendarDay.objects.create(date=date(2026, 11, 18), kind=DayKind.HOLIDAY, name="本地休息")
    CalendarDay.objects.filter(date=date(2026, 10, 10)).update(source=DaySource.MANUAL)
    days = parse_notice(2026, "2026-10-01~2026-10-07 holiday 国庆节\n2026-10-10 workday 国庆调休")

    result = import_notice(year=2026, days=days, source="国办发明电〔2025〕7号")

    assert result.replaced_manual == [date(2026, 10, 10)]
    assert not CalendarDay.objects.filter(date=date(2026, 2, 17)).exists()  # seeded, replaced
    assert CalendarDay.objects.get(date=date(2026, 11, 18)).source == DaySource.MANUAL  # kept
    assert CalendarDay.objects.get(date=date(2026, 10, 10)).source == DaySource.NOTICE
    assert CalendarDay.objects.filter(date__year=2026, source=DaySource.NOTICE).count() == 8
    assert seed_calendar([2026]).kept == [2026]  # a later seed leaves the notice alone
    assert not CalendarDay.objects.filter(date=date(2026, 2, 17)).exists()
