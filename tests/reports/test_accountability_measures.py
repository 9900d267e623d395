"""Complaint rate, violations and commendations come from the accountability app's
register (issue 11) through its counting selectors, in the user's scope."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from firstask.reports.refresh import rebuild
from tests.accountability.conftest import commend, decide, on, open_case
from tests.accountability.world import complaint_about
from tests.reports.conftest import MEASURED_AT

pytestmark = pytest.mark.django_db

SEPTEMBER = "period=month&start=2026-09-01"


@pytest.fixture
def registered(known, receptionist, inspector, leader, office_head):
    with on(2026, 9, 29):
        complaint_about(receptionist, office_head, received_on=date(2026, 9, 29))
        decide(open_case(inspector, receptionist), leader)
        commend(inspector, receptionist, leader)
    with on(2026, 10, 2):  # October: outside the period
        complaint_about(receptionist, office_head, received_on=date(2026, 10, 2))
    with time_machine.travel(MEASURED_AT, tick=False):
        rebuild(date(2026, 9, 1), date(2026, 9, 30))
    return known


def test_overview_counts_the_register(client, registered, manager):
    client.force_login(manager)
    response = client.get(reverse("reports:overview") + "?" + SEPTEMBER)
    counts = response.context["accountability"]
    assert (counts["complaints"], counts["violations"], counts["commendations"]) == (1, 1, 1)
    # 1 complaint over 5 inquiries registered = 200 per 1,000.
    assert response.context["values"]["complaint_rate"] == pytest.approx(200)
    assert b'data-testid="violations">1<' in response.content


def test_staff_see_their_own_counts_only(client, registered, receptionist, outsider):
    client.force_login(receptionist)
    own = client.get(reverse("reports:overview") + "?" + SEPTEMBER).context["accountability"]
    assert (own["complaints"], own["violations"], own["commendations"]) == (1, 1, 1)
    client.force_login(outsider)
    other = client.get(reverse("reports:overview") + "?" + SEPTEMBER).context["accountability"]
    assert (other["complaints"], other["violations"], other["commendations"]) == (0, 0, 0)


def test_monthly_report_lists_violations_and_commendations(client, registered, manager):
    client.force_login(manager)
    client.post(reverse("reports:generate"), {"kind": "month", "start": "2026-09-01"})
    from firstask.reports.models import Report

    report = Report.objects.get()
    assert report.data["accountability"]["violations"] == 1
    assert sum(report.data["accountability"]["sanctions"].values()) >= 1
    page = client.get(reverse("reports:report", args=[report.pk]))
    assert b'data-testid="report-sanctions"' in page.content
