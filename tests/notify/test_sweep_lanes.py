"""The sweep's lanes: a backlog worked on several PostgreSQL connections at once, every
promise of the one-lane sweep kept — each warning once, whole batches only, the time
budget, a failure that leaves what was committed — and one connection wherever lanes
cannot work (SQLite, inside a transaction, a small sweep)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from firstask.notify import sweep as sweep_module
from firstask.notify.models import Notification, WarningClaim, WarningSchedule
from firstask.notify.sweep import due_tickets, sweep_warnings
from firstask.tickets.choices import EventKind
from firstask.tickets.models import TicketEvent
from tests.notify.conftest import assert_each_warning_once, bulk_tickets
from tests.threads import run_at_once


def lanes_here(asked: int) -> int:
    """Lanes a backlog gets outside a transaction: only PostgreSQL has them."""
    return asked if connection.vendor == "postgresql" else 1


def assert_each_warned_once(due: int) -> None:
    """Each due ticket warned once, both its people told, its schedule moved on."""
    assert_each_warning_once(due)
    assert WarningClaim.objects.values("ticket").distinct().count() == due
    assert Notification.objects.count() == 2 * due  # the desk head, cc the first responder
    assert not WarningSchedule.objects.filter(next_at__lte=timezone.now()).exists()


@pytest.mark.django_db(transaction=True)
def test_a_backlog_is_swept_on_several_connections_each_warning_once(receptionist, desk_head):
    bulk_tickets(receptionist, due=45)
    threads: set[str] = set()
    result = sweep_warnings(
        batch_size=10, lanes=2, after_batch=lambda _: threads.add(threading.current_thread().name)
    )
    assert result.lanes == lanes_here(2)
    assert len(threads) == lanes_here(2)  # the batches really ran on that many threads
    assert (result.tickets, result.warnings, result.notifications) == (45, 45, 90)
    assert not result.more and result.stale == 0
    assert_each_warned_once(45)
    again = sweep_warnings(batch_size=10, lanes=2)
    assert (again.tickets, again.warnings, again.lanes) == (0, 0, 1)


@pytest.mark.django_db(transaction=True)
def test_a_sweep_of_one_batch_or_less_stays_on_one_connection(receptionist, desk_head):
    bulk_tickets(receptionist, due=10)
    result = sweep_warnings(batch_size=10, lanes=2)
    assert (result.lanes, result.batches, result.warnings) == (1, 1, 10)
    # Where lanes may start, the first read asks for a batch per lane and finding one
    # batch's worth knows it is all; one lane reads a batch at a time, so a full one
    # may have more behind it and is followed by a read that finds none.
    assert result.reads == (1 if lanes_here(2) > 1 else 2)
    assert_each_warned_once(10)


@pytest.mark.django_db
def test_inside_a_transaction_the_sweep_stays_on_its_connection(receptionist, desk_head):
    """Other connections cannot see the caller's uncommitted rows: lanes would find
    nothing, and the caller's transaction must stay one."""
    bulk_tickets(receptionist, due=45)
    result = sweep_warnings(batch_size=10, lanes=2)
    assert result.lanes == 1 and result.batches == 5
    assert_each_warned_once(45)


@pytest.mark.django_db
def test_the_lanes_share_the_due_tickets_out_without_overlap(receptionist, desk_head):
    bulk_tickets(receptionist, due=30, idle=10)
    now = timezone.now()
    every = {row[0] for row in due_tickets(now, limit=100)}
    lanes = [{row[0] for row in due_tickets(now, limit=100, lane=(3, k))} for k in range(3)]
    assert len(every) == 30
    assert set().union(*lanes) == every
    assert sum(len(lane) for lane in lanes) == 30
    assert all(pk % 3 == k for k, lane in enumerate(lanes) for pk in lane)


@pytest.mark.django_db(transaction=True)
def test_the_time_budget_stops_every_lane_and_the_next_sweep_carries_on(receptionist, desk_head):
    bulk_tickets(receptionist, due=40)
    first = sweep_warnings(batch_size=5, lanes=2, time_budget=0)
    assert first.more and first.batches == lanes_here(2)  # one batch each, then time is up
    assert first.warnings == 5 * lanes_here(2)
    rest = sweep_warnings(batch_size=5, lanes=2)
    assert not rest.more and first.warnings + rest.warnings == 40
    assert_each_warned_once(40)


@pytest.mark.django_db(transaction=True)
def test_sweeps_in_lanes_running_at_once_send_each_warning_once(receptionist, desk_head):
    bulk_tickets(receptionist, due=60)
    now, outcomes = timezone.now(), []
    barrier = threading.Barrier(3)

    def one() -> None:
        try:
            barrier.wait(timeout=10)
            outcomes.append(sweep_warnings(now, batch_size=7, lanes=2).warnings)
        finally:
            connections.close_all()

    run_at_once(one, 3, timeout=120)
    assert len(outcomes) == 3 and sum(outcomes) == 60, outcomes
    assert_each_warned_once(60)


@pytest.mark.django_db(transaction=True)
def test_a_failing_lane_fails_the_sweep_and_keeps_what_the_others_committed(
    receptionist, desk_head, monkeypatch
):
    bulk_tickets(receptionist, due=40)
    real = sweep_module._sweep_batch

    def odd_ids_fail(batch, now, result):
        if any(t.pk % 2 for t in batch):
            raise RuntimeError("the database went away")
        return real(batch, now, result)

    monkeypatch.setattr(sweep_module, "_sweep_batch", odd_ids_fail)
    with pytest.raises(RuntimeError, match="went away"):
        sweep_warnings(batch_size=10, lanes=2)
    kept = set(WarningClaim.objects.values_list("ticket_id", flat=True))
    if connection.vendor == "postgresql":
        assert len(kept) == 20 and all(pk % 2 == 0 for pk in kept)  # the even lane's
    else:
        assert not kept  # one lane: its first batch held odd ids and was rolled back
    assert TicketEvent.objects.filter(kind=EventKind.WARNING).count() == len(kept)

    monkeypatch.setattr(sweep_module, "_sweep_batch", real)
    assert sweep_warnings(batch_size=10, lanes=2).warnings == 40 - len(kept)
    assert_each_warned_once(40)
