"""The sweep's promises: each warning once — twice run, run at once, or cut off half
way — at a fixed number of queries per batch, and nothing read when nothing is due."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from firstask.core.services import refresh_query_planner_statistics
from firstask.notify import sweep as sweep_module
from firstask.notify.models import Notification, WarningClaim, WarningSchedule
from firstask.notify.schedule import restore_sqlite_triggers
from firstask.notify.sweep import due_tickets, sweep_warnings
from firstask.tickets.choices import EventKind
from firstask.tickets.models import Ticket, TicketEvent
from firstask.workdays.selectors import policy_for, work_calendar
from tests.notify.conftest import bulk_tickets
from tests.threads import run_at_once
from tests.tickets.conftest import act, register

CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK", "BEGIN", "COMMIT")


def statements(ctx: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if not q["sql"].startswith(CONTROL)]


def warm_caches() -> None:
    """A running worker has its calendar and policies cached (one load per minute)."""
    work_calendar()
    policy_for("business", "normal")


@pytest.mark.django_db
def test_sweeping_twice_sends_nothing_new(receptionist, desk_head):
    bulk_tickets(receptionist, due=12)
    first = sweep_warnings()
    second = sweep_warnings()
    assert (first.warnings, first.notifications) == (12, 24)  # head + cc first responder
    assert (second.tickets, second.warnings, second.notifications) == (0, 0, 0)
    assert WarningClaim.objects.count() == 12
    assert TicketEvent.objects.filter(kind=EventKind.WARNING).count() == 12


@pytest.mark.django_db
@pytest.mark.parametrize("due", [5, 50])
def test_queries_are_fixed_per_batch_whatever_the_number_due(receptionist, desk_head, due):
    bulk_tickets(receptionist, due=due, idle=20, closed=20)
    warm_caches()
    with CaptureQueriesContext(connection) as ctx:
        result = sweep_warnings()
    assert result.batches == 1 and result.warnings == due
    # read · absent recipients' deputies (代岗) · recheck · claim · read back the claims
    # · events · notifications · reschedule: on both databases, one statement each
    # whether the batch holds 5 tickets or 50
    assert len(statements(ctx)) == 8, statements(ctx)


@pytest.mark.django_db
def test_batches_cost_the_same_each(receptionist, desk_head):
    bulk_tickets(receptionist, due=45)
    warm_caches()
    with CaptureQueriesContext(connection) as ctx:
        result = sweep_warnings(batch_size=20)
    assert result.batches == 3 and result.warnings == 45
    assert len(statements(ctx)) == 3 * 8


@pytest.mark.django_db
def test_an_idle_sweep_is_one_indexed_query_that_reads_no_ticket(receptionist, desk_head):
    bulk_tickets(receptionist, due=30, idle=200, closed=600)
    sweep_warnings()
    with CaptureQueriesContext(connection) as ctx:
        idle = sweep_warnings()
    assert idle.tickets == 0 and idle.batches == 0
    assert len(statements(ctx)) == 1


@pytest.mark.django_db
def test_the_due_query_uses_the_partial_index(receptionist):
    bulk_tickets(receptionist, due=5, idle=300, closed=3000)
    refresh_query_planner_statistics()  # nightly in production (core.tasks)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # A test-sized table is cheaper to scan; ask what the plan is once it is not.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
        plan = due_tickets(timezone.now(), limit=500).explain()
    assert "notify_schedule_due" in plan, plan
    assert "TEMP B-TREE" not in plan and " Sort " not in plan, plan  # the index's order


@pytest.mark.django_db
def test_the_sweep_moves_only_the_schedule_never_the_ticket(receptionist, desk_head):
    ticket = bulk_tickets(receptionist, due=1)[0]
    before = Ticket.objects.values().get(pk=ticket.pk)
    sweep_warnings()
    after = Ticket.objects.values().get(pk=ticket.pk)
    assert {k for k in before if before[k] != after[k]} == set()
    # The overdue rung is sent; the leader escalation is what it waits for next.
    moved = WarningSchedule.objects.get(ticket=ticket).next_at
    assert moved is not None and moved > timezone.now()


@pytest.mark.django_db
def test_the_database_keeps_the_schedule_from_the_tickets(receptionist, desk_head):
    """Registered, moved on by a sweep, reset by a transition, cleared when it closes."""
    ticket = register(receptionist, category="consultation")
    assert WarningSchedule.objects.get(ticket=ticket).next_at == ticket.due_soon_at
    Ticket.objects.filter(pk=ticket.pk).update(
        next_warning_at=timezone.now() - timedelta(minutes=1),
        due_soon_at=timezone.now() - timedelta(minutes=1),
    )
    assert sweep_warnings().warnings == 1
    swept = WarningSchedule.objects.get(ticket=ticket).next_at
    assert swept > timezone.now()  # the sweep's own step, not the ticket's column
    ticket = act(ticket, "answer", receptionist, kind="on_the_spot", text="已答复")
    assert WarningSchedule.objects.get(ticket=ticket).next_at == ticket.next_warning_at
    assert ticket.next_warning_at == ticket.due_soon_at  # the follow-up clock's ladder
    Ticket.objects.filter(pk=ticket.pk).update(state="closed")  # however it is written
    assert WarningSchedule.objects.get(ticket=ticket).next_at is None


@pytest.mark.django_db
def test_a_ticket_changed_between_read_and_claim_is_not_warned(
    receptionist, desk_head, monkeypatch
):
    """Answered a second after the sweep read it: no warning about a met deadline."""
    ticket = register(receptionist, category="consultation")
    Ticket.objects.filter(pk=ticket.pk).update(
        next_warning_at=timezone.now() - timedelta(minutes=1),
        due_soon_at=timezone.now() - timedelta(minutes=1),
    )
    real = sweep_module._unchanged

    def answer_first(batch):
        act(ticket, "answer", receptionist, kind="on_the_spot", text="已答复")
        return real(batch)

    monkeypatch.setattr(sweep_module, "_unchanged", answer_first)
    result = sweep_warnings()
    assert result.stale == 1 and result.warnings == 0
    assert not WarningClaim.objects.exists()


@pytest.mark.django_db
def test_a_batch_cut_off_half_way_leaves_nothing_and_the_rerun_sends_once(
    receptionist, desk_head, monkeypatch
):
    """What ``kill -9`` does to a batch: its transaction never commits."""
    bulk_tickets(receptionist, due=10)
    real = sweep_module.insert_rows

    def die(model, *args, **kwargs):  # killed after the claims and events, before the rest
        if model is Notification:
            raise SystemExit("worker killed")
        return real(model, *args, **kwargs)

    monkeypatch.setattr(sweep_module, "insert_rows", die)
    with pytest.raises(SystemExit):
        sweep_warnings()
    assert not WarningClaim.objects.exists()
    assert not TicketEvent.objects.filter(kind=EventKind.WARNING).exists()
    assert WarningSchedule.objects.filter(next_at__lte=timezone.now()).count() == 10

    monkeypatch.setattr(sweep_module, "insert_rows", real)
    assert sweep_warnings().warnings == 10
    assert sweep_warnings().warnings == 0
    assert Notification.objects.count() == 20


@pytest.mark.django_db
def test_the_database_refuses_a_second_claim_of_the_same_warning(receptionist):
    ticket = bulk_tickets(receptionist, due=1)[0]
    key = {"ticket": ticket, "kind": "answer", "level": 2, "deadline": ticket.due_at}
    WarningClaim.objects.create(**key, claimed_by="a")
    with pytest.raises(IntegrityError), transaction.atomic():
        WarningClaim.objects.create(**key, claimed_by="b")


@pytest.mark.django_db
def test_a_time_budget_stops_between_batches_and_the_next_sweep_carries_on(receptionist, desk_head):
    bulk_tickets(receptionist, due=30)
    first = sweep_warnings(batch_size=10, time_budget=0)
    assert first.more and first.batches == 1 and first.warnings == 10
    rest = sweep_warnings(batch_size=10)
    assert rest.warnings == 20 and not rest.more


def _race(sweeps: int, now) -> list[str]:
    barrier = threading.Barrier(sweeps)
    outcomes: list[str] = []

    def one() -> None:
        try:
            barrier.wait(timeout=10)
            result = sweep_warnings(now, batch_size=7)
            outcomes.append(f"ok {result.warnings}")
        except Exception as exc:
            outcomes.append(f"error {exc!r}")
        finally:
            connections.close_all()

    run_at_once(one, sweeps, timeout=120)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_sweeps_running_at_once_send_each_warning_once(receptionist, desk_head):
    bulk_tickets(receptionist, due=40)
    outcomes = _race(4, timezone.now())
    assert all(o.startswith("ok") for o in outcomes), outcomes
    assert sum(int(o.split()[1]) for o in outcomes) == 40
    assert WarningClaim.objects.count() == 40
    assert TicketEvent.objects.filter(kind=EventKind.WARNING).count() == 40
    assert Notification.objects.count() == 80


@pytest.mark.django_db(transaction=True)
def test_the_claims_alone_stop_a_double_even_without_the_freshness_check(
    receptionist, desk_head, monkeypatch
):
    """Belt and braces: with the re-read disabled, every sweep believes the whole batch
    is its own; only the unique claims stand between them and a double warning."""
    monkeypatch.setattr(sweep_module, "_unchanged", lambda batch: batch)
    bulk_tickets(receptionist, due=40)
    outcomes = _race(4, timezone.now())
    assert all(o.startswith("ok") for o in outcomes), outcomes
    assert sum(int(o.split()[1]) for o in outcomes) == 40
    assert TicketEvent.objects.filter(kind=EventKind.WARNING).count() == 40
    assert Notification.objects.count() == 80


@pytest.mark.django_db
def test_sqlite_schedule_triggers_come_back_after_a_table_rebuild(receptionist):
    """SQLite drops a table's triggers when ``migrate`` rebuilds it; the post-migrate
    hook puts them back and copies the schedule again from the tickets."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL alters tables in place: its triggers stay")
    ticket = bulk_tickets(receptionist, due=1)[0]
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER notify_schedule_update")
    Ticket.objects.filter(pk=ticket.pk).update(next_warning_at=None)  # missed: no trigger
    assert WarningSchedule.objects.get(ticket=ticket).next_at is not None
    restore_sqlite_triggers()
    assert WarningSchedule.objects.get(ticket=ticket).next_at is None
    Ticket.objects.filter(pk=ticket.pk).update(next_warning_at=timezone.now())
    assert WarningSchedule.objects.get(ticket=ticket).next_at is not None  # fires again
