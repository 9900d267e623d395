"""Every measures view, allowed and refused: anonymous to the login page; staff and heads
see their scope on the measures pages but not the stored reports; leaders read reports;
only managers and inspectors generate them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from firstask.reports.models import Report

pytestmark = pytest.mark.django_db

Q = "?period=month&start=2026-09-01"
SCOPED = [
    ("reports:overview", []),
    ("reports:breakdown", ["staff"]),
    ("reports:inquiries", []),
    ("reports:export", ["overview", "xlsx"]),
]


@pytest.fixture
def report(db):
    return Report.objects.create(kind="month", start="2026-09-01", end="2026-09-30", data={})


def _url(name, args):
    extra = "&count=registered" if name == "reports:inquiries" else ""
    return reverse(name, args=args) + Q + extra


@pytest.mark.parametrize("name,args", SCOPED)
def test_anonymous_goes_to_login(client, name, args):
    response = client.get(_url(name, args))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize("name,args", SCOPED)
@pytest.mark.parametrize("who", ["receptionist", "handler", "department_head", "manager"])
def test_every_staff_member_sees_their_scope(client, request, name, args, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_url(name, args)).status_code == 200


@pytest.mark.parametrize("who", ["receptionist", "department_head", "handler"])
def test_stored_reports_refused_below_leaders(client, request, report, who):
    client.force_login(request.getfixturevalue(who))
    for url in (
        reverse("reports:reports"),
        reverse("reports:report", args=[report.pk]),
        reverse("reports:report_xlsx", args=[report.pk]),
    ):
        assert client.get(url).status_code == 403
    response = client.post(reverse("reports:generate"), {"kind": "month", "start": "2026-09-01"})
    assert response.status_code == 403


@pytest.mark.parametrize("who", ["leader", "manager", "inspector"])
def test_stored_reports_read_by_leaders_managers_inspectors(client, request, report, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("reports:reports")).status_code == 200
    assert client.get(reverse("reports:report", args=[report.pk])).status_code == 200
    xlsx = client.get(reverse("reports:report_xlsx", args=[report.pk]))
    assert xlsx.status_code == 200


def test_inactive_user_is_refused(client, receptionist):
    receptionist.is_active = False
    receptionist.save(update_fields=["is_active"])
    client.force_login(receptionist)
    response = client.get(_url("reports:overview", []))
    assert response.status_code in (302, 403)


def test_generate_is_post_only(client, manager):
    client.force_login(manager)
    assert client.get(reverse("reports:generate")).status_code == 405
