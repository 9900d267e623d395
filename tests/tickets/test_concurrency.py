"""Twenty people press the same button at once: one wins, nineteen hear "already handled"."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, connections

from firstask.tickets import services
from firstask.tickets.choices import EventKind
from firstask.tickets.integrity import check_integrity
from firstask.tickets.models import Ticket
from tests.threads import run_all_at_once, run_at_once
from tests.tickets.conftest import act, register

pytestmark = pytest.mark.django_db(transaction=True)

ATTEMPTS = 20


@pytest.fixture(autouse=True)
def _records_stay_consistent(transactional_db):
    """After every race: the auditor's integrity check finds nothing (before the flush)."""
    yield
    report = check_integrity()
    assert report.ok, [v.as_dict() for v in report.examples]


def race_all(transitions: list[Callable[[], object]]) -> list[str]:
    """Run each transition in its own thread, all released at once; their outcomes."""
    barrier = threading.Barrier(len(transitions))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(transition: Callable[[], object]) -> None:
        try:
            barrier.wait()
            transition()
            outcome = "ok"
        except services.TicketConflict:
            outcome = "conflict"
        except PermissionDenied:
            outcome = "denied"
        except Exception as exc:
            outcome = f"error: {exc!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    run_all_at_once([partial(attempt, transition) for transition in transitions])
    return outcomes


def race(action: str, ticket: Ticket, actor, **data) -> list[str]:
    """Run ``ATTEMPTS`` threads that all try ``action`` with the version they loaded."""
    transition = partial(
        services.ticket_transition,
        ticket_id=ticket.pk,
        action=action,
        actor=actor,
        expected_version=ticket.version,
        **data,
    )
    return race_all([transition] * ATTEMPTS)


def test_twenty_concurrent_sign_fors_make_one_success_and_one_event(
    receptionist, realestate, handler
):
    ticket = register(receptionist)
    ticket = act(
        ticket, "refer", receptionist, department=realestate, handler=None, summary="并发测试"
    )
    outcomes = race("sign_for", ticket, handler)
    assert sorted(outcomes) == ["conflict"] * (ATTEMPTS - 1) + ["ok"], outcomes
    assert ticket.events.filter(kind=EventKind.SIGNED_FOR).count() == 1


def test_twenty_concurrent_closes_make_one_close(receptionist):
    ticket = register(receptionist)
    act(ticket, "answer", receptionist, kind="on_the_spot", text="已答复")
    ticket = act(ticket, "follow_up", receptionist, method="counter", satisfaction="satisfied")
    outcomes = race("close", ticket, receptionist)
    assert outcomes.count("ok") == 1 and outcomes.count("conflict") == ATTEMPTS - 1, outcomes
    assert ticket.events.filter(kind=EventKind.CLOSED).count() == 1


def test_concurrent_registrations_get_distinct_numbers(receptionist):
    numbers: list[str] = []
    errors: list[str] = []
    barrier = threading.Barrier(10)

    def one() -> None:
        try:
            barrier.wait()
            numbers.append(register(receptionist).number)
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connections.close_all()

    run_at_once(one, 10)
    assert not errors
    assert len(set(numbers)) == 10
    assert connection.vendor in {"sqlite", "postgresql"}


def test_crossed_merges_make_one_merge_and_no_deadlock(receptionist):
    """Half the crowd merges A into B while the other half merges B into A, each with the
    survivor the form read. Both rows are locked in ascending id order, so on PostgreSQL
    no pair of them waits on each other (a deadlock would come back as an error): one
    merge wins, everyone else hears "already handled"; both tickets' events are there."""
    from tests.tickets.test_casework import make_desk_head

    head = make_desk_head(receptionist)  # heads both inquiries' department
    first, second = register(receptionist), register(receptionist)
    pairs = [(first, second), (second, first)] * (ATTEMPTS // 2)
    merges = [
        partial(
            services.ticket_transition,
            ticket_id=duplicate.pk,
            action="merge_into",
            actor=head,
            expected_version=duplicate.version,
            survivor=survivor,
            reason="重复登记",
        )
        for duplicate, survivor in pairs
    ]
    outcomes = race_all(merges)
    assert sorted(outcomes) == ["conflict"] * (len(pairs) - 1) + ["ok"], outcomes
    merged = Ticket.objects.get(state="merged")
    survivor = Ticket.objects.exclude(pk=merged.pk).get()
    assert merged.merged_into_id == survivor.pk and survivor.is_open
    assert merged.events.filter(kind=EventKind.MERGED).count() == 1
    assert survivor.events.filter(kind=EventKind.MERGED_IN).count() == 1
