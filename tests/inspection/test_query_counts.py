"""The audit page costs a fixed number of queries, whatever the number of tickets."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from firstask.tickets.choices import AnswerKind, ReturnReason
from tests.inspection.conftest import DAY, on
from tests.tickets.conftest import act, follow_up, register

pytestmark = pytest.mark.django_db

LIMIT = 20


def count_queries(client, url: str) -> int:
    """Statements sent to the database, less the SAVEPOINTs the test transaction adds."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return sum(1 for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"])


def busy_day(n: int, receptionist, handler, realestate, day_offset: int) -> None:
    """``n`` tickets of every shape: on the spot, referred and signed, returned, followed up,
    with phrases, without phone — so every rule and every table has rows to chew on."""
    for i in range(n):
        with on(day_offset, "09:00"):
            ticket = register(receptionist, visitor_phone="" if i % 7 == 0 else "13812345678")
            shape = i % 5
            if shape == 0:
                act(ticket, "answer", receptionist, kind=AnswerKind.ON_THE_SPOT, text="不知道")
                follow_up(ticket, receptionist, remarks="")
                act(ticket, "close", receptionist)
            elif shape in (1, 2, 3):
                act(
                    ticket,
                    "refer",
                    receptionist,
                    department=realestate,
                    handler=None,
                    summary=ticket.matter,
                )
        with on(day_offset, "10:00"):
            if shape == 1:
                act(ticket, "sign_for", handler)
                act(ticket, "post_progress", handler, note="没 办 法")
            elif shape == 2:
                act(ticket, "return_referral", handler, reason=ReturnReason.UNCLEAR, note="不清楚")


@pytest.mark.parametrize("viewer", ["inspector", "department_head"])
def test_the_audit_page_does_not_grow_with_the_day(
    client, request, receptionist, handler, realestate, viewer
):
    busy_day(5, receptionist, handler, realestate, day_offset=0)
    busy_day(60, receptionist, handler, realestate, day_offset=1)
    client.force_login(request.getfixturevalue(viewer))
    small = count_queries(client, reverse("inspection:day", args=[DAY.isoformat()]))
    next_day = DAY.replace(day=DAY.day + 1).isoformat()
    big = count_queries(client, reverse("inspection:day", args=[next_day]))
    assert small == big <= LIMIT, (small, big)


def test_the_report_does_not_grow_with_the_day(
    client, inspector, receptionist, handler, realestate
):
    busy_day(5, receptionist, handler, realestate, day_offset=0)
    busy_day(60, receptionist, handler, realestate, day_offset=1)
    client.force_login(inspector)
    small = count_queries(client, reverse("inspection:report", args=[DAY.isoformat()]))
    next_day = DAY.replace(day=DAY.day + 1).isoformat()
    big = count_queries(client, reverse("inspection:report", args=[next_day]))
    assert small == big <= LIMIT, (small, big)


def test_the_days_inquiries_are_read_by_index_not_from_the_whole_history(
    receptionist, handler, realestate
):
    """Registered that day, touched that day, due that day, gone quiet: each branch is
    an index read, so the audit costs the same at a million inquiries as at 10,000.
    (Written as one OR, PostgreSQL read every inquiry ever registered.)"""
    from django.db.models import Q

    from firstask.inspection.selectors import _day_tickets, day_bounds

    busy_day(5, receptionist, handler, realestate, day_offset=0)
    start, end = day_bounds(DAY)
    day = _day_tickets(Q(), start, end, end)
    assert day.count() == 5
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # a tiny table is cheaper to scan: forbid it
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = day.explain()
        assert "Seq Scan on tickets_ticket " not in plan, plan
    else:
        plan = day.explain()  # SEARCH: an index range; SCAN: every row
        assert "SCAN tickets_ticket" not in plan, plan
