"""The incremental refresh finds the days that changed — by the event log, by deadlines
passing without an event, by a repeat visit pointing back — and only those; the beat
tasks are thin and the monthly report is written on the first working day, once."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from firstask.reports.models import RefreshState, Report, TicketFact
from firstask.reports.monthly import first_workday_of_month, generate_due_reports
from firstask.reports.refresh import SETTLE, deadlines_passed, rebuild, refresh_changed
from firstask.reports.tasks import monthly_reports_task, refresh_measures_task
from firstask.tickets.choices import AnswerKind
from firstask.tickets.models import TicketEvent
from firstask.workdays.models import CalendarDay, DayKind
from firstask.workdays.selectors import clear_caches
from tests.directory.factories import MatterFactory
from tests.tickets.conftest import act, register

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(d: date, hhmm: str = "09:00") -> datetime:
    h, m = map(int, hhmm.split(":"))
    return datetime(d.year, d.month, d.day, h, m, tzinfo=SHANGHAI)


def fact(ticket) -> TicketFact:
    return TicketFact.objects.get(ticket=ticket)


MON, TUE = date(2026, 11, 2), date(2026, 11, 3)


@pytest.fixture
def old(receptionist):
    # This organisation gives business inquiries three working days to be answered
    # (the default is the same day), so the deadline passes days after registration.
    from firstask.workdays.models import DeadlinePolicy
    from firstask.workdays.selectors import clear_policy_cache

    DeadlinePolicy.objects.filter(category="business", urgency="").update(answer_days=3)
    clear_policy_cache()
    with time_machine.travel(at(MON), tick=False):
        ticket = register(receptionist)
    with time_machine.travel(at(MON, "18:00"), tick=False):
        rebuild(MON, MON)
    return ticket


def test_a_change_to_an_old_inquiry_recomputes_its_registration_day(old, receptionist):
    assert fact(old).responded == 0
    with time_machine.travel(at(date(2026, 11, 10)), tick=False):
        act(old, "answer", receptionist, kind=AnswerKind.ON_THE_SPOT, text="答复")
    days = refresh_changed(now=at(date(2026, 11, 10), "12:00"))
    assert MON in days
    assert date(2026, 11, 5) not in days  # untouched days are left alone
    assert fact(old).responded == 1


def test_a_deadline_passing_without_an_event_is_a_change(old):
    assert fact(old).answer_overdue == 0
    days = refresh_changed(now=old.answer_due_at + timedelta(hours=1))
    assert MON in days
    assert fact(old).answer_overdue == 1 and fact(old).overdue == 1


def test_passed_deadlines_are_found_without_reading_every_inquiry(old):
    """The beat task asks this every few minutes: a scan of the whole history would
    grow with it (a million inquiries), so the query must be an index read."""
    from django.db import connection

    since = old.answer_due_at - timedelta(minutes=1)
    passed = deadlines_passed(since, old.answer_due_at + timedelta(hours=1))
    assert list(passed.values_list("pk", flat=True)) == [old.pk]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # a tiny table is cheaper to scan: forbid it
            cursor.execute("SET LOCAL enable_seqscan = off")
        assert "Seq Scan" not in passed.explain()
    else:
        plan = passed.explain()  # SEARCH: an index range; SCAN: every row
        assert "SCAN tickets_ticket" not in plan and "SEARCH tickets_ticket" in plan, plan


def test_repeat_visits_are_looked_up_by_index_when_almost_none_exist(old):
    """Nearly every inquiry has no repeat_of: SQLite's statistics then make the index
    look useless and the refresh read every inquiry per batch (1.2 s at a million)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from firstask.reports.refresh import inputs_for

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as the nightly task does: all repeat_of NULL
    with CaptureQueriesContext(connection) as ctx:
        inputs_for(
            [
                {
                    "pk": old.pk,
                    "received_at": old.received_at,
                    "state": "received",
                    "category": old.category,
                }
            ]
        )
    (lookup,) = [q["sql"] for q in ctx.captured_queries if "repeat_of_id IN" in q["sql"]]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + lookup)
            assert "Seq Scan" not in str(cursor.fetchall())
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + lookup)
            plan = str(cursor.fetchall())
            assert "SCAN tickets_ticket" not in plan and "SEARCH tickets_ticket" in plan, plan


def test_a_repeat_visit_recomputes_the_day_of_the_visit_it_repeats(receptionist, realestate):
    matter = MatterFactory(name="二手房过户", department=realestate)
    with time_machine.travel(at(MON), tick=False):
        first = register(receptionist, directory_matter=matter)
        act(first, "answer", receptionist, kind=AnswerKind.MATERIALS_MISSING, text="缺身份证")
    with time_machine.travel(at(MON, "09:30"), tick=False):
        act(first, "follow_up", receptionist, method="counter", satisfaction="satisfied")
        act(first, "close", receptionist)
    with time_machine.travel(at(MON, "18:00"), tick=False):
        rebuild(MON, MON)
    assert fact(first).first_time == 1
    with time_machine.travel(at(TUE), tick=False):
        again = register(receptionist, directory_matter=matter)
    assert again.repeat_of_id == first.pk
    refresh_changed(now=at(TUE, "12:00"))
    assert fact(first).first_time == 0  # the notice was not complete after all
    assert fact(again).repeat_visit == 1


def test_fresh_events_are_read_again_next_time(old, receptionist):
    now = at(date(2026, 11, 10), "12:00")
    with time_machine.travel(now - timedelta(minutes=1), tick=False):
        act(old, "answer", receptionist, kind=AnswerKind.ON_THE_SPOT, text="答复")
    fresh = TicketEvent.objects.order_by("-pk").first()
    refresh_changed(now=now)
    # Younger than SETTLE: a slower transaction with a lower id may not be visible yet.
    assert RefreshState.objects.get().last_event_id < fresh.pk
    refresh_changed(now=now + SETTLE + timedelta(minutes=1))
    assert RefreshState.objects.get().last_event_id >= fresh.pk


def test_first_run_builds_everything(receptionist):
    with time_machine.travel(at(MON), tick=False):
        ticket = register(receptionist)
    refresh_changed(now=at(TUE))
    assert fact(ticket).registered == 1


def test_refresh_task_calls_the_service(old):
    with time_machine.travel(at(date(2026, 11, 10)), tick=False):
        assert refresh_measures_task.apply().get() >= 1


def test_monthly_report_on_the_first_working_day_only(old):
    # 1 November 2026 is a Sunday; Monday the 2nd is the first working day.
    assert first_workday_of_month(date(2026, 11, 20)) == MON
    assert generate_due_reports(date(2026, 11, 1)) == []
    written = generate_due_reports(MON)
    assert [(r.kind, r.start) for r in written] == [("month", date(2026, 10, 1))]
    assert generate_due_reports(MON) == []  # once


def test_quarter_and_year_reports_when_they_end(db):
    CalendarDay.objects.create(date=date(2027, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
    clear_caches()
    assert generate_due_reports(date(2027, 1, 1)) == []
    written = generate_due_reports(date(2027, 1, 4))
    assert sorted(r.kind for r in written) == ["month", "quarter", "year"]
    assert Report.objects.get(kind="year").start == date(2026, 1, 1)


def test_monthly_task_is_thin(db):
    with time_machine.travel(at(date(2026, 12, 1)), tick=False):  # a Tuesday
        assert monthly_reports_task.apply().get() == 1


def test_rebuild_command(old, capsys):
    from django.core.management import CommandError, call_command

    call_command("rebuild_measures", "--from", "2026-11-01", "--to", "2026-11-03")
    assert "rebuilt 2026-11-01 – 2026-11-03: 1 inquiries" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("rebuild_measures", "--from", "2026-11-05", "--to", "2026-11-01")
    with pytest.raises(CommandError):
        call_command("rebuild_measures", "--from", "yesterday")
