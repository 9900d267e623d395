"""core.db: many rows in one statement, the same values on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from firstask.core.db import CompiledValues, fetch_values, in_document, insert_rows, update_rows
from firstask.tickets.models import Ticket, TicketEvent
from tests.notify.conftest import bulk_tickets

CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK", "BEGIN", "COMMIT")


def statements(ctx: CaptureQueriesContext) -> int:
    return sum(1 for q in ctx.captured_queries if not q["sql"].startswith(CONTROL))


@pytest.mark.django_db
def test_rows_go_in_and_come_back_exactly_in_one_statement_each(receptionist):
    tickets = bulk_tickets(receptionist, due=3)
    at = datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=UTC)  # microseconds kept
    data = {"kind": "answer", "to": [1, 2], "note": '引号 " 和 \\ 反斜杠', "empty": None}
    rows = [
        (t.pk, "warning", None, at + timedelta(seconds=i), "received", "received", "", data)
        for i, t in enumerate(tickets)
    ]
    fields = ("ticket", "kind", "actor", "at", "from_state", "to_state", "note", "data")
    with CaptureQueriesContext(connection) as ctx:
        insert_rows(TicketEvent, fields, rows)
        read = fetch_values(
            TicketEvent.objects.filter(kind="warning").order_by("at").values_list("at", "data")
        )
    assert statements(ctx) == 2
    assert [tuple(r) for r in read] == [(at + timedelta(seconds=i), data) for i in range(3)]
    assert all(r[0].utcoffset() == timedelta(0) for r in read)


@pytest.mark.django_db
def test_columns_given_once_land_in_every_row_in_one_statement(receptionist):
    """``same=``: the batch's instant, an empty note and no actor are sent once, not
    per row — and every row holds them, exact to the microsecond."""
    tickets = bulk_tickets(receptionist, due=3)
    at = datetime(2026, 3, 2, 9, 30, 15, 654321, tzinfo=UTC)
    rows = [(t.pk, "received", "received", {"n": i}) for i, t in enumerate(tickets)]
    same = {"kind": "warning", "actor": None, "at": at, "note": "同一批"}
    with CaptureQueriesContext(connection) as ctx:
        insert_rows(TicketEvent, ("ticket", "from_state", "to_state", "data"), rows, same=same)
    assert statements(ctx) == 1
    read = TicketEvent.objects.filter(kind="warning").order_by("pk")
    assert [(e.ticket_id, e.data, e.actor_id, e.at, e.note) for e in read] == [
        (t.pk, {"n": i}, None, at, "同一批") for i, t in enumerate(tickets)
    ]
    with pytest.raises(TypeError):
        insert_rows(TicketEvent, ("ticket",), [(tickets[0].pk,)], same={"data": {}})


@pytest.mark.django_db
def test_an_update_row_whose_condition_no_longer_holds_is_left_alone(receptionist):
    first, second = bulk_tickets(receptionist, due=2)
    later = datetime(2030, 1, 1, 8, 0, 0, 1, tzinfo=UTC)
    rows = [
        (later, first.pk, first.next_warning_at),  # still what we read: moved on
        (later, second.pk, first.next_warning_at - timedelta(days=1)),  # changed: skipped
    ]
    with CaptureQueriesContext(connection) as ctx:
        changed = update_rows(Ticket, ["next_warning_at"], ["id", "next_warning_at"], rows)
    assert changed == 1 and statements(ctx) == 1
    values = dict(Ticket.objects.values_list("pk", "next_warning_at"))
    assert values[first.pk] == later
    assert values[second.pk] == second.next_warning_at


@pytest.mark.django_db
def test_a_conflicting_insert_is_skipped_and_the_rest_kept(receptionist):
    from firstask.notify.models import WarningClaim

    ticket = bulk_tickets(receptionist, due=1)[0]
    fields = ("ticket", "kind", "level", "deadline", "claimed_at", "claimed_by")
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    insert_rows(WarningClaim, fields, [(ticket.pk, "answer", 2, ticket.due_at, now, "a")])
    again = (ticket.pk, "answer", 2, ticket.due_at, now, "b")
    new = (ticket.pk, "answer", 3, now, now, "b")
    insert_rows(WarningClaim, fields, [again, new], ignore_conflicts=True)
    assert sorted(WarningClaim.objects.values_list("level", "claimed_by")) == [(2, "a"), (3, "b")]


@pytest.mark.django_db
def test_one_compiled_query_reads_any_number_of_ids(receptionist):
    """``in_document``: the ids as one JSON parameter, so one compiled SQL serves every
    batch, whatever its size (the warning sweep's re-read)."""
    tickets = bulk_tickets(receptionist, due=5)
    compiled = CompiledValues.of(
        Ticket.objects.filter(in_document(Ticket, "id")).order_by("pk").values_list("pk")
    )
    ids = [t.pk for t in tickets]
    assert [r[0] for r in compiled.fetch((json.dumps(ids[:2]),))] == ids[:2]
    assert [r[0] for r in compiled.fetch((json.dumps(ids),))] == ids
    assert compiled.fetch(("[]",)) == []
