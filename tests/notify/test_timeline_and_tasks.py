"""Warnings on the ticket's timeline; thin tasks; beat's schedule; no broker in requests."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from config.celery import app
from firstask.notify.models import Notification
from firstask.notify.tasks import deliver_notifications, sweep_warnings_task
from firstask.tickets.choices import EventKind
from firstask.tickets.models import Ticket, TicketEvent
from tests.notify.conftest import bulk_tickets
from tests.tickets.conftest import act, intake_post, register

pytestmark = pytest.mark.django_db


def test_a_warning_shows_on_the_tickets_timeline(client, receptionist, desk_head):
    ticket = bulk_tickets(receptionist, due=1)[0]
    sweep_warnings_task.apply()
    client.force_login(receptionist)
    page = client.get(reverse("tickets:detail", args=[ticket.number])).content.decode()
    assert 'data-kind="warning"' in page


def test_the_timeline_line_is_translated_at_render_time(receptionist, desk_head):
    ticket = bulk_tickets(receptionist, due=1)[0]
    sweep_warnings_task.apply()
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.WARNING)
    template = Template("{% load notify %}{{ e.data|warning_summary }}")
    with translation.override("en"):
        line = template.render(Context({"e": event}))
    due = timezone.localtime(ticket.due_at)
    assert line == (
        f"Overdue: answer or refer the inquiry was due {due:%Y-%m-%d %H:%M}; "
        "the department head is told."
    )
    assert Template("{% load notify %}{{ d|warning_summary }}").render(Context({"d": {}})) == ""


def test_the_tasks_are_thin_and_report_counts(receptionist, desk_head):
    bulk_tickets(receptionist, due=3)
    report = sweep_warnings_task.apply(kwargs={"batch_size": 2}).get()
    assert report["warnings"] == 3 and report["batches"] == 2
    sent = deliver_notifications.apply().get()
    assert sent["sent"] == 6 and len(mail.outbox) == 6


def test_beat_runs_the_sweep_every_two_minutes_and_the_relay_every_minute():
    schedule = {entry["task"]: entry for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["firstask.notify.tasks.sweep_warnings_task"]["schedule"] == 120.0
    assert schedule["firstask.notify.tasks.deliver_notifications"]["schedule"] == 60.0
    assert {
        "firstask.notify.tasks.sweep_warnings_task",
        "firstask.notify.tasks.deliver_notifications",
    } <= set(app.tasks.keys())
    assert sweep_warnings_task.soft_time_limit < sweep_warnings_task.time_limit


def test_requests_never_publish_to_the_broker(
    client, receptionist, handler, realestate, monkeypatch
):
    """Registering and moving a ticket only writes rows: any publish here would fail."""

    def no_broker(*args, **kwargs):
        raise AssertionError("a request tried to talk to the broker")

    monkeypatch.setattr("celery.app.task.Task.apply_async", no_broker)
    monkeypatch.setattr(app, "send_task", no_broker)
    client.force_login(receptionist)
    response = intake_post(client, matter="咨询")
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    response = client.post(
        reverse("tickets:action", args=[ticket.number, "refer"]),
        {
            "refer-version": ticket.version,
            "refer-department": realestate.pk,
            "refer-summary": "转办",
        },
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.state == "referred"
    assert Notification.objects.count() == 0  # warnings come later, from the sweep


def test_a_closed_ticket_is_never_warned_even_with_a_stale_schedule(receptionist, desk_head):
    ticket = bulk_tickets(receptionist, due=1)[0]
    Ticket.objects.filter(pk=ticket.pk).update(state="closed")  # the schedule left behind
    assert sweep_warnings_task.apply().get()["tickets"] == 0
    assert not Notification.objects.exists()


def test_a_registered_ticket_is_on_the_schedule_from_the_start(receptionist):
    ticket = register(receptionist, category="consultation")
    assert ticket.next_warning_at == ticket.due_soon_at
    act(ticket, "answer", receptionist, kind="on_the_spot", text="已答复")
    ticket.refresh_from_db()
    assert ticket.next_warning_at == ticket.due_soon_at  # the follow-up clock now
