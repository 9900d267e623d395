"""Every page costs a fixed number of queries, whatever the number of tickets or events."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.tickets.conftest import INTAKE_FORM, act, follow_up, register

pytestmark = pytest.mark.django_db

# The ticket page: +5 for the casework panel (督办 orders, co-departments, attachments,
# merged duplicates, running absences of the viewer), each one query whatever the count.
LIMITS = {"intake": 10, "ticket": 21, "worklist": 13}


def count_queries(client, method: str, url: str, data=None) -> int:
    """Statements sent to the database, less the SAVEPOINTs the test transaction adds."""
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302), (url, response.status_code)
    return sum(
        1
        for q in ctx.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    )


def make_busy_ticket(receptionist, handler, realestate, notes: int):
    ticket = register(receptionist)
    act(ticket, "refer", receptionist, department=realestate, handler=None, summary="转办")
    act(ticket, "sign_for", handler)
    for i in range(notes):
        act(ticket, "post_progress", handler, note=f"进展 {i}")
    return ticket


def test_intake_post_is_cheap_and_constant(client, receptionist):
    client.force_login(receptionist)
    data = {**INTAKE_FORM, "matter": "咨询"}
    url = reverse("tickets:intake_channel", args=["walk_in"])
    register(receptionist)  # a running server has its calendar and policies cached
    first = count_queries(client, "post", url, data)
    for _ in range(5):
        register(receptionist)
    again = count_queries(client, "post", url, data)
    assert first == again <= LIMITS["intake"]


@pytest.mark.parametrize("viewer", ["receptionist", "handler", "inspector"])
def test_ticket_page_does_not_grow_with_its_history(
    client, request, receptionist, handler, realestate, viewer
):
    small = make_busy_ticket(receptionist, handler, realestate, notes=1)
    big = make_busy_ticket(receptionist, handler, realestate, notes=12)
    client.force_login(request.getfixturevalue(viewer))
    a = count_queries(client, "get", reverse("tickets:detail", args=[small.number]))
    b = count_queries(client, "get", reverse("tickets:detail", args=[big.number]))
    assert a == b <= LIMITS["ticket"]


@pytest.mark.parametrize(
    ("worklist", "viewer"),
    [
        ("tickets:mine", "receptionist"),
        ("tickets:follow_up", "receptionist"),
        ("tickets:department", "handler"),
        ("tickets:search", "department_head"),
        ("tickets:search", "inspector"),
    ],
)
def test_worklists_do_not_grow_with_their_rows(
    client, request, receptionist, handler, department_head, realestate, worklist, viewer
):
    user = request.getfixturevalue(viewer)
    make_busy_ticket(receptionist, handler, realestate, notes=0)
    client.force_login(user)
    url = reverse(worklist)
    data = {"q": "李明"} if worklist == "tickets:search" else {}
    few = count_queries(client, "get", url, data)
    for _ in range(30):
        make_busy_ticket(receptionist, handler, realestate, notes=0)
    many = count_queries(client, "get", url, data)
    assert few == many <= LIMITS["worklist"]


def followed_up_times(receptionist, times: int):
    """A ticket called back ``times`` times: every 不满意 but the last sends it back."""
    ticket = register(receptionist)
    for i in range(times):
        act(ticket, "answer", receptionist, kind="on_the_spot", text=f"答复 {i}")
        last = i == times - 1
        follow_up(ticket, receptionist, "satisfied" if last else "dissatisfied")
    return ticket


def test_follow_up_record_does_not_grow_with_its_follow_ups(client, receptionist):
    once = followed_up_times(receptionist, 1)
    thrice = followed_up_times(receptionist, 3)
    assert thrice.follow_ups.count() == 3
    client.force_login(receptionist)
    a = count_queries(client, "get", reverse("tickets:follow_up_record", args=[once.number]))
    b = count_queries(client, "get", reverse("tickets:follow_up_record", args=[thrice.number]))
    assert a == b <= LIMITS["ticket"]


@pytest.mark.parametrize("worklist", ["tickets:mine", "tickets:follow_up"])
def test_a_persons_worklist_reads_their_open_inquiries_not_the_whole_open_set(
    client, receptionist, handler, realestate, worklist
):
    """At a million inquiries PostgreSQL read "我登记的" through the open set's
    ``ticket_open_due`` (≈ 10,000 rows, 8.6 ms) and filtered it by person; the partial
    index ``ticket_responder_open`` is the person's open rows, newest first. On a test's
    tiny tables the planner prefers any index on the person, so the other ones are dropped
    inside the test's transaction: what is left is whether the worklist's conditions still
    imply the partial index's (a new open state added to one and not the other breaks it)."""
    make_busy_ticket(receptionist, handler, realestate, notes=0)
    client.force_login(receptionist)
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse(worklist))
    reads = [
        q["sql"]
        for q in ctx.captured_queries
        if 'FROM "tickets_ticket"' in q["sql"] and "first_responder_id" in q["sql"]
    ]
    assert reads, "the worklist read no inquiries"
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            # SQLite uses a partial index only for a query repeating its IN list; it reads
            # through ticket_responder_state, which is as narrow for the person.
            for sql in reads:
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
                plan = "\n".join(row[-1] for row in cursor.fetchall())
                assert "ticket_responder_" in plan and "ticket_open_due" not in plan, plan
            return
        constraints = connection.introspection.get_constraints(cursor, "tickets_ticket")
        for name, info in constraints.items():
            by_person = info["index"] and info["columns"][:1] == ["first_responder_id"]
            if by_person and name != "ticket_responder_open":
                cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SET LOCAL enable_seqscan = off")
        for sql in reads:
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "ticket_responder_open" in plan, plan
