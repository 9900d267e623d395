"""Warnings through the real parts: redis-server, a Celery worker and beat, kill -9.

Nothing is mocked. A worker cannot be time-travelled, so "the clock moves on" is done
the way the bench does it: the test writes a ticket's stored deadlines into the past,
exactly what ``refresh_deadlines`` would hold once that much time had gone by.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from firstask.notify.choices import EmailStatus
from firstask.notify.models import Notification, WarningClaim, WarningSchedule
from firstask.notify.tasks import deliver_notifications, sweep_warnings_task
from firstask.tickets.choices import EventKind
from firstask.tickets.models import Ticket, TicketEvent
from tests.fixtures.infra import CeleryBeat, CeleryWorker, RedisServer, wait_for
from tests.notify.conftest import assert_each_warning_once, bulk_tickets

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

TIMEOUT = 60.0
RECONNECT_TIMEOUT = 120.0  # a worker backs off up to ~30 s between reconnects


def make_overdue(tickets) -> None:
    """The running clock ran out an hour ago (due soon was five hours ago)."""
    now = timezone.now()
    Ticket.objects.filter(pk__in=[t.pk for t in tickets]).update(
        due_at=now - timedelta(hours=1),
        due_soon_at=now - timedelta(hours=5),
        next_warning_at=now - timedelta(hours=1),
    )


def emails_sent() -> int:
    return Notification.objects.filter(email_status=EmailStatus.SENT).count()


@pytest.fixture
def fast_beat(request, monkeypatch) -> CeleryBeat:
    """A real beat running the sweep and the relay every second (env-driven schedule)."""
    monkeypatch.setenv("FIRSTASK_SWEEP_SECONDS", "1")
    monkeypatch.setenv("FIRSTASK_DELIVER_SECONDS", "1")
    return request.getfixturevalue("celery_beat")


def test_an_overdue_ticket_is_warned_by_the_worker_through_redis(
    celery_worker: CeleryWorker, client: Client, receptionist, desk_head
):
    ticket = bulk_tickets(receptionist, due=1)[0]

    sweep_warnings_task.delay()
    assert wait_for(lambda: Notification.objects.count() == 2, timeout=TIMEOUT), "no warning"
    deliver_notifications.delay()
    assert wait_for(lambda: emails_sent() == 2, timeout=TIMEOUT), "no email went out"

    assert_each_warning_once(1)
    client.force_login(desk_head)
    page = client.get(reverse("notify:inbox")).content.decode()
    assert reverse("tickets:detail", args=[ticket.number]) in page
    assert 'data-testid="inbox-unread">1<' in page


def test_beat_and_worker_warn_on_their_own(
    celery_worker: CeleryWorker, fast_beat: CeleryBeat, client: Client, receptionist, desk_head
):
    tickets = bulk_tickets(receptionist, due=3)
    assert wait_for(lambda: emails_sent() == 6, timeout=TIMEOUT), (
        f"beat + worker sent {emails_sent()} of 6 emails"
    )
    time.sleep(3)  # a few more ticks: nothing new may appear
    assert_each_warning_once(3)
    assert Notification.objects.count() == 6
    client.force_login(receptionist)
    rows = client.get(reverse("notify:inbox")).context["page"].object_list
    assert {n.ticket.number for n in rows} == {t.number for t in tickets}


def test_with_redis_down_requests_succeed_fast_and_warnings_follow_when_it_returns(
    celery_worker: CeleryWorker,
    fast_beat: CeleryBeat,
    redis_server: RedisServer,
    client: Client,
    receptionist,
    department_head,
    realestate,
):
    redis_server.stop()
    assert not redis_server.ping()
    client.force_login(receptionist)
    timings: list[float] = []

    def timed(call: Callable[[], object]):
        started = time.perf_counter()
        response = call()
        timings.append(time.perf_counter() - started)
        assert response.status_code == 302, response.content[:500]
        return response

    for i in range(50):
        timed(
            lambda i=i: client.post(
                reverse("tickets:intake_channel", args=["walk_in"]),
                {
                    "visitor_name": f"来访人{i}",
                    "visitor_phone": "13812345678",
                    "category": "business",
                    "urgency": "normal",
                    "matter": "咨询过户",
                },
            )
        )
    tickets = list(Ticket.objects.order_by("pk"))
    assert len(tickets) == 50
    for ticket in tickets:
        timed(
            lambda ticket=ticket: client.post(
                reverse("tickets:action", args=[ticket.number, "refer"]),
                {
                    "refer-version": ticket.version,
                    "refer-department": realestate.pk,
                    "refer-summary": "转办",
                },
            )
        )
    assert Ticket.objects.filter(state="referred").count() == 50
    assert max(timings) < 2.0, f"slowest request {max(timings):.2f} s with Redis down"

    # The day to sign for passes while Redis is still down: nothing can be warned yet.
    make_overdue(tickets)
    time.sleep(2)
    assert not WarningClaim.objects.exists()

    redis_server.start()
    assert wait_for(lambda: emails_sent() == 100, timeout=RECONNECT_TIMEOUT), (
        f"after Redis returned: {WarningClaim.objects.count()} warnings, "
        f"{emails_sent()} of 100 emails"
    )
    assert_each_warning_once(50)
    assert Notification.objects.filter(recipient=department_head, cc=False).count() == 50
    assert Notification.objects.filter(recipient=receptionist, cc=True).count() == 50


def test_a_worker_killed_mid_sweep_leaves_no_double_and_no_gap(
    celery_worker: CeleryWorker, redis_server: RedisServer, receptionist, desk_head
):
    due = 300
    bulk_tickets(receptionist, due=due)
    # Small batches with a pause: a sweep of ~60 batches, slow enough to kill half way.
    sweep_warnings_task.apply_async(kwargs={"batch_size": 5, "pause": 0.05})
    assert wait_for(lambda: WarningClaim.objects.count() >= 40, timeout=TIMEOUT)
    celery_worker.kill()
    done = WarningClaim.objects.count()
    assert 0 < done < due, f"the sweep was not caught mid-way ({done} of {due})"
    # Whole batches only: every committed claim has its event and both notifications.
    assert TicketEvent.objects.filter(kind=EventKind.WARNING).count() == done
    assert Notification.objects.count() == 2 * done
    # acks_late: the message is still Redis's, unacknowledged, waiting to be redelivered.
    assert redis_server.client().hlen("unacked") == 1

    celery_worker.start()
    redeliver_now(redis_server.url)
    assert wait_for(lambda: WarningClaim.objects.count() == due, timeout=TIMEOUT), (
        f"after the restart: {WarningClaim.objects.count()} of {due} warnings"
    )
    # The next beat tick sends the sweep again too: still nothing twice.
    sweep_warnings_task.delay()
    assert wait_for(lambda: redis_server.client().llen("celery") == 0, timeout=TIMEOUT)
    time.sleep(1)
    assert_each_warning_once(due)
    assert Notification.objects.count() == 2 * due
    assert not WarningSchedule.objects.filter(next_at__lte=timezone.now()).exists()


def redeliver_now(redis_url: str) -> None:
    """What Redis does for an unacknowledged message once ``visibility_timeout`` (1 h)
    has passed, done now: put it back on its queue."""
    from kombu import Connection

    with Connection(redis_url, transport_options={"visibility_timeout": 0}) as connection:
        connection.default_channel.qos.restore_visible(num=100, interval=1)
