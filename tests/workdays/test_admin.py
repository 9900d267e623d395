"""Managers keep the calendar in admin; everyone else is refused."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from firstask.workdays.models import (
    CalendarDay,
    CalendarYear,
    DayKind,
    DaySource,
    OfficeHoursSetting,
)
from firstask.workdays.selectors import policy_for, work_calendar
from firstask.workdays.services import seed_calendar

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:workdays_calendaryear_import"
NOTICE = "2027-01-01 holiday 元旦\n2027-02-06~2027-02-12 休 春节\n2027-02-20 workday 春节调休\n"


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.parametrize(
    "url_name",
    [
        "workdays_calendarday_changelist",
        "workdays_calendaryear_changelist",
        "workdays_deadlinepolicy_changelist",
    ],
)
def test_manager_sees_the_calendar_pages(manager_client, url_name):
    seed_calendar([2026])
    response = manager_client.get(reverse(f"admin:{url_name}"))
    assert response.status_code == 200


def test_calendar_days_list_by_year(manager_client):
    seed_calendar([2025, 2026])
    url = reverse("admin:workdays_calendarday_changelist")
    response = manager_client.get(url, {"year": "2026", "kind": "workday"})
    assert response.status_code == 200
    assert [d.date for d in response.context["cl"].result_list] == [
        date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9),
        date(2026, 9, 20), date(2026, 10, 10),
    ]  # fmt: skip
    assert manager_client.get(url, {"q": "国庆"}).status_code == 200


def test_year_list_links_to_the_import(manager_client):
    response = manager_client.get(reverse("admin:workdays_calendaryear_changelist"))
    assert reverse(IMPORT_URL) in response.content.decode()


def test_import_form_is_prefilled_with_the_missing_year(manager_client):
    response = manager_client.get(reverse(IMPORT_URL), {"year": "2027"})
    assert response.status_code == 200
    assert response.context["form"].initial["year"] == "2027"
    assert "style=" not in response.content.decode().split('id="content-main"')[1]


def test_import_saves_logs_and_marks_the_year_official(manager_client, manager):
    response = manager_client.post(
        reverse(IMPORT_URL), {"year": 2027, "source": "国办发明电〔2026〕1号", "text": NOTICE}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?year=2027")
    assert CalendarDay.objects.filter(date__year=2027, source=DaySource.NOTICE).count() == 9
    year = CalendarYear.objects.get(year=2027)
    assert year.official and year.source == "国办发明电〔2026〕1号"
    entry = LogEntry.objects.get(object_id=str(year.pk))
    assert entry.user == manager and "9" in entry.get_change_message()
    assert 2027 in work_calendar().known_years


def test_an_import_with_errors_saves_nothing_and_names_the_lines(manager_client):
    text = NOTICE + "2027-02-30 holiday 错\n2027-03-03 workday 周三\n"
    response = manager_client.post(reverse(IMPORT_URL), {"year": 2027, "source": "x", "text": text})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Line 4:" in page and "Line 5:" in page
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_import_errors_follow_the_interface_language(client, manager):
    """Chinese unless the user switched: the messages are gettext'd at request time."""
    client.force_login(manager)
    response = client.post(reverse(IMPORT_URL), {"year": 2027, "source": "x", "text": "oops"})
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    assert len(response.context["form"].non_field_errors()) == 1


@pytest.mark.parametrize("who", ["receptionist", "handler", "inspector"])
def test_other_staff_are_refused(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(IMPORT_URL)).status_code == 403
    response = client.post(reverse(IMPORT_URL), {"year": 2027, "source": "x", "text": NOTICE})
    assert response.status_code == 403
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse(IMPORT_URL))
    assert response.status_code == 302 and "login" in response["Location"]


def test_editing_a_seeded_day_makes_it_a_manual_override(manager_client):
    seed_calendar([2026])
    day = CalendarDay.objects.get(date=date(2026, 10, 10))
    url = reverse("admin:workdays_calendarday_change", args=[day.pk])
    response = manager_client.post(
        url, {"date": "2026-10-10", "kind": DayKind.HOLIDAY, "name": "本地调整", "note": ""}
    )
    assert response.status_code == 302
    day.refresh_from_db()
    assert day.source == DaySource.MANUAL and day.kind == DayKind.HOLIDAY
    assert not work_calendar().is_workday(date(2026, 10, 10))


def test_office_hours_are_one_editable_row(manager_client):
    response = manager_client.get(reverse("admin:workdays_officehourssetting_changelist"))
    assert response.status_code == 302
    url = reverse("admin:workdays_officehourssetting_change", args=[1])
    assert response["Location"] == url
    data = {"morning_start": "09:00", "morning_end": "12:00",
            "afternoon_start": "14:00", "afternoon_end": "18:00"}  # fmt: skip
    assert manager_client.post(url, data).status_code == 302
    assert work_calendar().office_hours.periods == ((time(9), time(12)), (time(14), time(18)))
    bad = {**data, "afternoon_start": "11:00"}
    assert manager_client.post(url, bad).status_code == 200  # overlaps the morning
    assert OfficeHoursSetting.objects.get().afternoon_start == time(14)
    assert manager_client.get(reverse("admin:workdays_officehourssetting_add")).status_code == 403


def test_policy_edits_apply_at_once(manager_client):
    from firstask.workdays.models import DeadlinePolicy

    policy = DeadlinePolicy.objects.get(category="complaint", urgency="")
    assert policy_for("complaint").handle_days == 5
    url = reverse("admin:workdays_deadlinepolicy_change", args=[policy.pk])
    data = {"category": "complaint", "urgency": "", "answer_days": 5, "sign_for_days": 1,
            "handle_days": 7, "follow_up_days": 1, "progress_hours": 24, "due_soon_hours": 4,
            "escalate_to_leader_after_days": 2}  # fmt: skip
    assert manager_client.post(url, data).status_code == 302
    assert policy_for("complaint").handle_days == 7
    duplicate = {**data, "handle_days": 9}
    response = manager_client.post(reverse("admin:workdays_deadlinepolicy_add"), duplicate)
    assert response.status_code == 200  # one row per category and urgency
