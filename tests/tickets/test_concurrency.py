"""Twenty people press the same button at once: one wins, nineteen hear "already handled"."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, connections

from firstask.tickets import services
from firstask.tickets.choices import EventKind
from firstask.tickets.integrity import check_integrity
from firstask.tickets.models import Ticket
from tests.threads import run_at_once
from tests.tickets.conftest import act, register

pytestmark = pytest.mark.django_db(transaction=True)

ATTEMPTS = 20


@pytest.fixture(autouse=True)
def _records_stay_consistent(transactional_db):
    """After every race: the auditor's integrity check finds nothing (before the flush)."""
    yield
    report = check_integrity()
    assert report.ok, [v.as_dict() for v in report.examples]


def race(action: str, ticket: Ticket, actor, **data) -> list[str]:
    """Run ``ATTEMPTS`` threads that all try ``action`` with the version they loaded."""
    version = ticket.version
    barrier = threading.Barrier(ATTEMPTS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt() -> None:
        try:
            barrier.wait()
            services.ticket_transition(
                ticket_id=ticket.pk, action=action, actor=actor, expected_version=version, **data
            )
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

    run_at_once(attempt, ATTEMPTS)
    return outcomes


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
