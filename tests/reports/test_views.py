"""The measures pages: who sees what, a fixed number of queries, exports equal to the
page, drill-downs that list exactly the inquiries behind a number."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from firstask.reports.models import Report
from firstask.reports.refresh import rebuild
from tests.reports.conftest import MEASURED_AT

pytestmark = pytest.mark.django_db

SEPTEMBER = "period=month&start=2026-09-01"
LIMIT = 20


@pytest.fixture
def built(known):
    with time_machine.travel(MEASURED_AT, tick=False):
        rebuild(date(2026, 9, 1), date(2026, 9, 30))
    return known


def _get(client, user, url, password="x"):
    client.force_login(user)
    return client.get(url)


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return sum(1 for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"])


# --- who sees what ----------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("reports:overview"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("who", ["manager", "leader", "inspector"])
def test_leaders_managers_inspectors_see_everyone(client, built, who, request):
    user = request.getfixturevalue(who)
    response = _get(client, user, reverse("reports:overview") + "?" + SEPTEMBER)
    assert response.status_code == 200
    assert response.context["values"]["registrations"] == 5
    assert response.context["breakdown"].code == "department"


def test_staff_see_only_their_own_numbers(client, built, outsider):
    response = _get(client, outsider, reverse("reports:overview") + "?" + SEPTEMBER)
    assert response.status_code == 200
    assert response.context["values"]["registrations"] == 0  # registered none
    drill = client.get(reverse("reports:inquiries") + "?" + SEPTEMBER + "&count=registered")
    assert drill.context["page"].paginator.count == 0


def test_staff_narrowing_cannot_widen_scope(client, built, outsider, front_desk):
    url = reverse("reports:overview") + f"?{SEPTEMBER}&department={front_desk.pk}"
    response = _get(client, outsider, url)
    assert response.context["values"]["registrations"] == 0


def test_receptionist_sees_own(client, built, receptionist):
    response = _get(client, receptionist, reverse("reports:overview") + "?" + SEPTEMBER)
    assert response.context["values"]["registrations"] == 5
    assert response.context["breakdown"].code == "channel"


def test_head_sees_department(client, built, department_head, realestate):
    response = _get(client, department_head, reverse("reports:overview") + "?" + SEPTEMBER)
    assert response.context["scope"].department_id == realestate.pk
    assert response.context["values"]["registrations"] == 0  # front desk registered them
    assert response.context["breakdown"].code == "staff"


def test_reports_list_refused_to_staff_and_heads(client, built, receptionist, department_head):
    for user in (receptionist, department_head):
        assert _get(client, user, reverse("reports:reports")).status_code == 403


def test_only_managers_and_inspectors_generate(client, built, leader, manager):
    client.force_login(leader)
    url = reverse("reports:generate")
    assert client.post(url, {"kind": "month", "start": "2026-09-01"}).status_code == 403
    client.force_login(manager)
    response = client.post(url, {"kind": "month", "start": "2026-09-01"})
    assert response.status_code == 302
    assert Report.objects.get().version == 1


def test_bad_period_input_is_an_error_not_a_500(client, built, manager):
    client.force_login(manager)
    for query in ("period=custom&start=2026-09-10", "period=month&start=nonsense", "period=zz"):
        response = client.get(reverse("reports:overview") + "?" + query)
        assert response.status_code == 200
    assert client.get(reverse("reports:breakdown", args=["nope"])).status_code == 404
    assert client.get(reverse("reports:inquiries") + "?count=evil").status_code == 404
    assert client.get(reverse("reports:export", args=["overview", "pdf"])).status_code == 404


# --- queries ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,args,query",
    [
        ("reports:overview", [], SEPTEMBER),
        ("reports:overview", [], "period=year&start=2026-01-01"),
        ("reports:overview", [], "period=custom&start=2026-09-10&end=2026-10-20"),
        ("reports:breakdown", ["department"], SEPTEMBER),
        ("reports:breakdown", ["staff"], SEPTEMBER),
        ("reports:breakdown", ["channel"], SEPTEMBER),
        ("reports:breakdown", ["category"], "period=week&start=2026-09-28"),
        ("reports:inquiries", [], SEPTEMBER + "&count=registered"),
        ("reports:export", ["overview", "xlsx"], SEPTEMBER),
        ("reports:export", ["department", "csv"], SEPTEMBER),
        ("reports:reports", [], ""),
    ],
)
def test_pages_have_a_fixed_number_of_queries(client, built, manager, name, args, query):
    client.force_login(manager)
    url = reverse(name, args=args) + ("?" + query if query else "")
    n = count_queries(client, url)
    assert n <= LIMIT


def test_report_print_view_queries(client, built, manager):
    client.force_login(manager)
    client.post(reverse("reports:generate"), {"kind": "month", "start": "2026-09-01"})
    report = Report.objects.get()
    assert count_queries(client, reverse("reports:report", args=[report.pk])) <= LIMIT
    assert count_queries(client, reverse("reports:report_xlsx", args=[report.pk])) <= LIMIT


# --- exports equal the page ------------------------------------------------------------


def test_excel_holds_the_page_numbers(client, built, manager):
    client.force_login(manager)
    page = client.get(reverse("reports:breakdown", args=["channel"]) + "?" + SEPTEMBER)
    table = page.context["table"]
    response = client.get(reverse("reports:export", args=["channel", "xlsx"]) + "?" + SEPTEMBER)
    assert response["Content-Type"].startswith("application/vnd.openxml")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header[1] == "登记量"  # Chinese by default
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(table.rows)
    for got, row in zip(rows, table.rows, strict=True):
        assert got[0] == str(row[0].value)
        # Excel keeps 15 significant digits, as the page shows far fewer.
        assert list(got[1:]) == [
            c.value if c.value is None else pytest.approx(c.value, rel=1e-12) for c in row[1:]
        ]
    assert sheet["D2"].number_format == "0.0%"


def test_csv_holds_the_page_numbers(client, built, manager):
    client.force_login(manager)
    response = client.get(reverse("reports:export", args=["overview", "csv"]) + "?" + SEPTEMBER)
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][1] == "5"  # registrations


def test_drill_down_lists_the_inquiries_behind_the_number(client, built, manager):
    client.force_login(manager)
    url = reverse("reports:inquiries") + "?" + SEPTEMBER + "&count=returned"
    response = client.get(url)
    numbers = [t.number for t in response.context["page"]]
    assert numbers == [built.tickets[4].number]


def test_report_versions_never_overwrite(client, built, manager):
    client.force_login(manager)
    for _ in range(2):
        client.post(reverse("reports:generate"), {"kind": "month", "start": "2026-09-15"})
    assert list(Report.objects.order_by("version").values_list("version", flat=True)) == [1, 2]
    report = Report.objects.get(version=2)
    response = client.get(reverse("reports:report", args=[report.pk]))
    assert response.status_code == 200
    assert b"<svg" in response.content
    xlsx = client.get(reverse("reports:report_xlsx", args=[report.pk]))
    book = load_workbook(io.BytesIO(xlsx.content))
    assert len(book.sheetnames) == 5


def test_mystery_shopper_averages_in_scope(
    client, built, manager, receptionist, outsider, inspector
):
    from firstask.inspection.models import MysteryShop

    for scores in ((8, 9, 7), (6, 7, 9)):
        MysteryShop.objects.create(
            visited_on=date(2026, 9, 15),
            desk="综合窗口",
            staff=receptionist,
            scenario="咨询过户",
            attitude=scores[0],
            knowledge=scores[1],
            speed=scores[2],
            recorded_by=inspector,
        )
    client.force_login(manager)
    mystery = client.get(reverse("reports:overview") + "?" + SEPTEMBER).context["mystery"]
    assert mystery == {"visits": 2, "attitude": 7.0, "knowledge": 8.0, "speed": 8.0}
    client.force_login(outsider)
    assert (
        client.get(reverse("reports:overview") + "?" + SEPTEMBER).context["mystery"]["visits"] == 0
    )
