"""Pure calendar maths at the boundaries (no database).

The 2025/2026 calendar comes from the holidays package, which encodes the State
Council notices (2026: 国办发明电〔2025〕7号); test_package_data pins it to the notice.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from firstask.workdays.maths import (
    SHANGHAI,
    Deadline,
    OfficeHours,
    WorkCalendar,
    add_calendar_days,
    add_working_days,
    add_working_hours,
    earliest,
    end_of_working_day,
    next_office_instant,
    receipt_day,
    working_time_between,
)
from tests.workdays.helpers import sh

H = timedelta(hours=1)


def utc(year, month, day, hour=0, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# --- National Day 2026: Oct 1-7 off, Sun Sep 20 and Sat Oct 10 worked -------------------


def test_national_day_2026_days(cal):
    assert all(not cal.is_workday(date(2026, 10, d)) for d in range(1, 8))
    assert date(2026, 10, 8).weekday() == 3 and cal.is_workday(date(2026, 10, 8))
    assert date(2026, 10, 10).weekday() == 5 and cal.is_workday(date(2026, 10, 10))
    assert date(2026, 9, 20).weekday() == 6 and cal.is_workday(date(2026, 9, 20))
    assert not cal.is_workday(date(2026, 10, 11))
    assert not cal.is_workday(date(2026, 9, 25))  # Mid-Autumn, a Friday


@pytest.mark.parametrize(
    ("n", "expected_day"),
    [
        (0, date(2026, 9, 30)),
        (1, date(2026, 10, 8)),
        (2, date(2026, 10, 9)),
        (3, date(2026, 10, 10)),
        (4, date(2026, 10, 12)),
    ],
)
def test_working_days_across_national_day(cal, n, expected_day):
    deadline = add_working_days(sh(2026, 9, 30, 10), n, cal)
    assert deadline.at == datetime.combine(expected_day, time(17, 30), tzinfo=SHANGHAI)
    assert deadline.provisional is False


def test_registered_during_national_day_counts_from_october_8(cal):
    assert end_of_working_day(sh(2026, 10, 3, 10), cal).at == sh(2026, 10, 8, 17, 30)
    assert add_working_days(sh(2026, 10, 1, 9), 1, cal).at == sh(2026, 10, 9, 17, 30)


def test_sunday_make_up_workday_before_mid_autumn(cal):
    assert add_working_days(sh(2026, 9, 18, 10), 1, cal).at == sh(2026, 9, 20, 17, 30)


def test_working_hours_across_national_day(cal):
    assert add_working_hours(sh(2026, 9, 30, 16, 30), 2, cal).at == sh(2026, 10, 8, 9, 30)
    assert working_time_between(sh(2026, 9, 30, 17), sh(2026, 10, 8, 9), cal) == H


# --- Spring Festival 2026: Feb 15-23 off, Saturdays Feb 14 and 28 worked ------------------


def test_spring_festival_2026_days(cal):
    assert cal.is_workday(date(2026, 2, 14)) and cal.is_workday(date(2026, 2, 28))
    assert all(not cal.is_workday(date(2026, 2, d)) for d in range(15, 24))
    assert cal.is_workday(date(2026, 2, 24))


def test_working_days_across_spring_festival(cal):
    friday = sh(2026, 2, 13, 10)
    assert add_working_days(friday, 1, cal).at == sh(2026, 2, 14, 17, 30)
    assert add_working_days(friday, 2, cal).at == sh(2026, 2, 24, 17, 30)
    assert end_of_working_day(sh(2026, 2, 14, 9), cal).at == sh(2026, 2, 14, 17, 30)
    assert add_working_days(sh(2026, 2, 26, 10), 2, cal).at == sh(2026, 2, 28, 17, 30)
    assert end_of_working_day(sh(2026, 2, 27, 18), cal).at == sh(2026, 2, 28, 17, 30)


def test_registered_during_spring_festival_counts_from_february_24(cal):
    assert receipt_day(sh(2026, 2, 15, 10), cal) == date(2026, 2, 24)
    assert add_working_days(sh(2026, 2, 18, 10), 1, cal).at == sh(2026, 2, 25, 17, 30)


def test_working_time_over_spring_festival(cal):
    # Fri 17:00-17:30, all of Saturday the 14th, Tue 24th 08:30-09:00.
    between = working_time_between(sh(2026, 2, 13, 17), sh(2026, 2, 24, 9), cal)
    assert between == timedelta(hours=8, minutes=30)


# --- office-hour edges (Tuesday 2026-11-17) ---------------------------------------------


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [
        (7, 0, sh(2026, 11, 17, 17, 30)),
        (12, 0, sh(2026, 11, 17, 17, 30)),
        (13, 30, sh(2026, 11, 17, 17, 30)),
        (17, 29, sh(2026, 11, 17, 17, 30)),
        (17, 30, sh(2026, 11, 18, 17, 30)),
        (23, 0, sh(2026, 11, 18, 17, 30)),
    ],
)
def test_end_of_working_day_edges(cal, hour, minute, expected):
    assert end_of_working_day(sh(2026, 11, 17, hour, minute), cal).at == expected


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        ((11, 0), 1, sh(2026, 11, 17, 12)),  # lands on the lunch break: stays at 12:00
        ((12, 0), 1, sh(2026, 11, 17, 14, 30)),  # lunch counts nothing
        ((12, 45), 1, sh(2026, 11, 17, 14, 30)),
        ((13, 30), 4, sh(2026, 11, 17, 17, 30)),
        ((16, 30), 1, sh(2026, 11, 17, 17, 30)),
        ((16, 30), 1.5, sh(2026, 11, 18, 9)),
        ((17, 30), 1, sh(2026, 11, 18, 9, 30)),
        ((8, 0), 3.75, sh(2026, 11, 17, 13, 45)),
        ((10, 0), 0, sh(2026, 11, 17, 10)),
    ],
)
def test_add_working_hours_edges(cal, start, hours, expected):
    assert add_working_hours(sh(2026, 11, 17, *start), hours, cal).at == expected


def test_add_working_hours_backwards(cal):
    close = sh(2026, 11, 17, 17, 30)
    assert add_working_hours(close, -4, cal).at == sh(2026, 11, 17, 13, 30)
    assert add_working_hours(close, -5, cal).at == sh(2026, 11, 17, 11)
    assert add_working_hours(sh(2026, 11, 17, 8, 30), -1, cal).at == sh(2026, 11, 16, 16, 30)
    assert add_working_hours(sh(2026, 11, 16, 9), -1, cal).at == sh(2026, 11, 13, 17)


def test_working_time_between_edges(cal):
    tue = (2026, 11, 17)
    assert working_time_between(sh(*tue, 12), sh(*tue, 13, 30), cal) == timedelta(0)
    assert working_time_between(sh(*tue, 11), sh(*tue, 14, 30), cal) == 2 * H
    assert working_time_between(sh(*tue, 7), sh(*tue, 19), cal) == timedelta(hours=7.5)
    assert working_time_between(sh(*tue, 17, 30), sh(2026, 11, 18, 8, 30), cal) == timedelta(0)
    assert working_time_between(sh(*tue, 14, 30), sh(*tue, 11), cal) == -2 * H
    # Friday afternoon to Monday morning: the weekend counts nothing.
    assert working_time_between(sh(2026, 11, 13, 17), sh(2026, 11, 16, 9), cal) == H


def test_next_office_instant(cal):
    assert next_office_instant(sh(2026, 11, 17, 12, 30), cal).at == sh(2026, 11, 17, 12, 30)
    assert next_office_instant(sh(2026, 11, 17, 7), cal).at == sh(2026, 11, 17, 8, 30)
    assert next_office_instant(sh(2026, 11, 17, 17, 30), cal).at == sh(2026, 11, 18, 8, 30)
    assert next_office_instant(sh(2026, 10, 2, 10), cal).at == sh(2026, 10, 8, 8, 30)


def test_custom_office_hours():
    one_period = WorkCalendar(office_hours=OfficeHours(periods=((time(9), time(17)),)))
    assert one_period.office_hours.day_length == 8 * H
    assert add_working_hours(sh(2026, 11, 17, 12), 1, one_period).at == sh(2026, 11, 17, 13)
    assert end_of_working_day(sh(2026, 11, 17, 16), one_period).at == sh(2026, 11, 17, 17)


@pytest.mark.parametrize(
    "periods",
    [
        (),
        ((time(12), time(9)),),
        ((time(8), time(12)), (time(11), time(17))),
        ((time(8, tzinfo=UTC), time(12)),),
    ],
)
def test_office_hours_validation(periods):
    with pytest.raises(ValueError):
        OfficeHours(periods=periods)


def test_a_date_cannot_be_both_off_and_worked():
    with pytest.raises(ValueError):
        WorkCalendar(
            days_off=frozenset({date(2026, 10, 10)}),
            make_up_workdays=frozenset({date(2026, 10, 10)}),
        )


# --- a year without official data ---------------------------------------------------------


def test_deadline_in_unconfigured_year_is_weekdays_only_and_provisional(cal):
    assert cal.is_provisional(date(2027, 1, 1)) and not cal.is_provisional(date(2026, 12, 31))
    inside = add_working_days(sh(2026, 12, 29, 10), 1, cal)
    assert inside == Deadline(at=sh(2026, 12, 30, 17, 30), provisional=False)
    # 2027-01-01 is a Friday: without the notice it counts as a workday, flagged.
    crossing = add_working_days(sh(2026, 12, 31, 10), 1, cal)
    assert crossing == Deadline(at=sh(2027, 1, 1, 17, 30), provisional=True)
    assert end_of_working_day(sh(2027, 3, 1, 10), cal).provisional is True
    assert add_working_hours(sh(2026, 12, 31, 17), 1, cal).provisional is True


def test_rows_entered_for_an_unofficial_year_count_but_stay_provisional():
    cal = WorkCalendar(days_off=frozenset({date(2027, 1, 1)}), known_years=frozenset({2026}))
    deadline = add_working_days(sh(2026, 12, 31, 10), 1, cal)
    assert deadline == Deadline(at=sh(2027, 1, 4, 17, 30), provisional=True)


# --- Asia/Shanghai and UTC ------------------------------------------------------------------


def test_results_are_utc_and_shanghai_is_utc_plus_8_all_year(cal):
    for month in (1, 7):  # no daylight saving: winter and summer alike
        deadline = end_of_working_day(sh(2026, month, 15, 10), cal)
        assert deadline.at.tzinfo is UTC
        assert deadline.at == utc(2026, month, 15, 9, 30)
    offsets = {sh(2026, 1, 1).replace(month=m).utcoffset() for m in range(1, 13)}
    assert offsets == {timedelta(hours=8)}


def test_local_date_not_utc_date_decides_the_day(cal):
    # 2026-09-29 16:30 UTC is 00:30 on the 30th in Shanghai.
    assert end_of_working_day(utc(2026, 9, 29, 16, 30), cal).at == utc(2026, 9, 30, 9, 30)
    # 09:30 UTC is 17:30 local: closed, so the next workday after National Day.
    assert end_of_working_day(utc(2026, 9, 30, 9, 30), cal).at == utc(2026, 10, 8, 9, 30)


def test_any_aware_zone_is_accepted_and_naive_is_refused(cal):
    new_york = datetime(2026, 9, 29, 22, 0, tzinfo=ZoneInfo("America/New_York"))  # 10:00 CST
    assert end_of_working_day(new_york, cal).at == utc(2026, 9, 30, 9, 30)
    with pytest.raises(ValueError):
        end_of_working_day(datetime(2026, 9, 30, 10), cal)
    with pytest.raises(ValueError):
        Deadline(at=datetime(2026, 9, 30, 10))


# --- calendar days and earliest -------------------------------------------------------------


def test_add_calendar_days(cal):
    assert add_calendar_days(sh(2026, 11, 17, 10), 2, cal).at == sh(2026, 11, 19, 17, 30)
    # Ends on a Saturday: extended to the next workday (民法典 art. 203).
    assert add_calendar_days(sh(2026, 11, 13, 10), 1, cal).at == sh(2026, 11, 16, 17, 30)
    # Ends on National Day.
    assert add_calendar_days(sh(2026, 9, 28, 10), 3, cal).at == sh(2026, 10, 8, 17, 30)
    assert add_calendar_days(sh(2026, 11, 17, 18), 0, cal) == end_of_working_day(
        sh(2026, 11, 17, 18), cal
    )
    with pytest.raises(ValueError):
        add_calendar_days(sh(2026, 11, 17, 10), -1, cal)


def test_negative_working_days_are_refused(cal):
    with pytest.raises(ValueError):
        add_working_days(sh(2026, 11, 17, 10), -1, cal)


def test_earliest():
    firm = Deadline(at=sh(2026, 11, 17, 17, 30))
    provisional = Deadline(at=sh(2026, 11, 17, 17, 30), provisional=True)
    sooner = Deadline(at=sh(2026, 11, 17, 12), provisional=True)
    assert earliest(firm, sooner) == sooner
    assert earliest(provisional, firm) == firm  # a tie: the firm one
    assert earliest(firm, None) == firm
    with pytest.raises(ValueError):
        earliest(None)
