"""The holidays package's CN data against the State Council notices (pure)."""

from __future__ import annotations

from datetime import date

import pytest

from firstask.workdays.package_data import HOLIDAY, WORKDAY, official_years, rows_for_year

# 国务院办公厅关于2026年部分节假日安排的通知 (国办发明电〔2025〕7号): the weekdays off
# and the weekend days worked. Weekend days inside a block change no count.
NOTICE_2026_WEEKDAYS_OFF = {
    date(2026, 1, 1), date(2026, 1, 2),
    date(2026, 2, 16), date(2026, 2, 17), date(2026, 2, 18), date(2026, 2, 19),
    date(2026, 2, 20), date(2026, 2, 23),
    date(2026, 4, 6),
    date(2026, 5, 1), date(2026, 5, 4), date(2026, 5, 5),
    date(2026, 6, 19),
    date(2026, 9, 25),
    date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 5), date(2026, 10, 6), date(2026, 10, 7),
}  # fmt: skip
NOTICE_2026_WORKDAYS = {
    date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28),
    date(2026, 5, 9), date(2026, 9, 20), date(2026, 10, 10),
}  # fmt: skip


def test_official_years_are_the_encoded_notices():
    years = official_years()
    assert set(range(2001, 2027)) <= years
    assert 2027 not in years  # computed by the package, but guessed: never seeded


def test_2026_matches_the_state_council_notice():
    rows = rows_for_year(2026)
    weekdays_off = {r.date for r in rows if r.kind == HOLIDAY and r.date.weekday() < 5}
    assert weekdays_off == NOTICE_2026_WEEKDAYS_OFF
    assert {r.date for r in rows if r.kind == WORKDAY} == NOTICE_2026_WORKDAYS
    assert all(r.name for r in rows)
    by_date = {r.date: r for r in rows}
    assert by_date[date(2026, 10, 1)].name == "国庆节"
    assert by_date[date(2026, 10, 10)].note == "休息日 2026-10-07"


def test_a_year_without_official_data_is_refused():
    with pytest.raises(ValueError):
        rows_for_year(2027)
