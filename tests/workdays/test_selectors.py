"""The cached calendar and policies: fixed queries cold, none warm, fresh after a change."""

from __future__ import annotations

from datetime import date, time

import pytest

from firstask.workdays import selectors
from firstask.workdays.deadlines import PolicyValue
from firstask.workdays.models import (
    CalendarDay,
    CalendarYear,
    DayKind,
    DeadlinePolicy,
    OfficeHoursSetting,
)
from firstask.workdays.selectors import (
    FALLBACK_POLICY,
    missing_years,
    policy_for,
    work_calendar,
)
from firstask.workdays.services import seed_calendar

pytestmark = pytest.mark.django_db


def test_calendar_loads_in_three_queries_then_none(django_assert_num_queries):
    seed_calendar([2026])
    with django_assert_num_queries(3):
        cal = work_calendar()
    with django_assert_num_queries(0):
        for _ in range(100):
            assert work_calendar() is cal
    assert cal.is_workday(date(2026, 10, 10)) and not cal.is_workday(date(2026, 10, 8 - 1))
    assert 2026 in cal.known_years and 2027 not in cal.known_years


def test_policies_load_in_one_query_then_none(django_assert_num_queries):
    with django_assert_num_queries(1):
        policy_for("complaint", "urgent")
    with django_assert_num_queries(0):
        for category in ("consultation", "business", "report"):
            for urgency in ("", "normal", "urgent", "very_urgent"):
                policy_for(category, urgency)


def test_saving_or_deleting_calendar_rows_refreshes_the_cache():
    assert work_calendar().is_workday(date(2026, 11, 18))
    day = CalendarDay.objects.create(date=date(2026, 11, 18), kind=DayKind.HOLIDAY, name="本地休息")
    assert not work_calendar().is_workday(date(2026, 11, 18))
    day.delete()
    assert work_calendar().is_workday(date(2026, 11, 18))

    year = CalendarYear.objects.create(year=2027, official=True)
    assert 2027 in work_calendar().known_years
    year.official = False
    year.save()
    assert 2027 not in work_calendar().known_years


def test_office_hours_come_from_the_setting():
    assert work_calendar().office_hours.closes == time(17, 30)
    setting = OfficeHoursSetting.objects.get()
    setting.afternoon_end = time(18, 0)
    setting.save()
    assert work_calendar().office_hours.closes == time(18, 0)
    setting.delete()
    assert work_calendar().office_hours.closes == time(17, 30)  # the built-in default


def test_changes_without_signals_show_after_the_cache_expires(monkeypatch):
    work_calendar()
    CalendarYear.objects.bulk_create([CalendarYear(year=2030, official=True)])  # no signal
    assert 2030 not in work_calendar().known_years
    monkeypatch.setattr(selectors, "CACHE_SECONDS", -1.0)
    selectors._calendar._entry = (work_calendar(), 0.0)  # pretend it is old
    assert 2030 in work_calendar().known_years


def test_missing_years():
    assert missing_years(date(2026, 11, 21)) == [2026, 2027]
    seed_calendar([2026])
    assert missing_years(date(2026, 11, 21)) == [2027]
    assert missing_years(date(2025, 3, 1)) == [2025]


def test_default_policies_from_practice():
    assert policy_for("consultation") == PolicyValue(
        answer_days=0, sign_for_days=1, handle_days=0, follow_up_days=1,
        progress_hours=24, due_soon_hours=4, escalate_to_leader_after_days=2,
    )  # fmt: skip
    normal = {
        c: policy_for(c, "normal").handle_days
        for c in ("consultation", "business", "complaint", "report", "help", "suggestion", "leader")
    }
    assert normal == {"consultation": 0, "business": 3, "complaint": 5, "report": 15, "help": 3,
                      "suggestion": 5, "leader": 3}  # fmt: skip
    assert {c: policy_for(c, "urgent").handle_days for c in normal} == {
        "consultation": 0, "business": 1, "complaint": 2, "report": 7, "help": 1,
        "suggestion": 2, "leader": 1,
    }  # fmt: skip
    assert all(policy_for(c, "urgent").answer_days == 0 for c in normal)
    very = policy_for("report", "very_urgent")
    assert (very.answer_days, very.sign_for_days, very.handle_days, very.follow_up_days) == (0,) * 4
    assert DeadlinePolicy.objects.count() == 21


def test_the_most_specific_policy_wins():
    DeadlinePolicy.objects.create(
        category="complaint", urgency="normal", answer_days=2, handle_days=4
    )
    assert policy_for("complaint", "normal").handle_days == 4
    assert policy_for("complaint", "").handle_days == 5
    DeadlinePolicy.objects.filter(category="help").delete()
    assert policy_for("help", "urgent") == FALLBACK_POLICY


def test_a_clear_during_a_load_is_not_lost():
    """A row saved while another thread was loading must not leave the old state cached."""
    loads = []

    def loader():
        loads.append(1)
        if len(loads) == 1:
            memo.clear()  # the save's signal arrives mid-load
        return len(loads)

    memo = selectors._Memo(loader)
    assert memo.get() == 1
    assert memo.get() == 2  # reloaded: the first result was not kept
    assert memo.get() == 2
