"""督办 warnings: each overdue order warns its own addressee exactly once, even when two
orders on one inquiry share a reply deadline."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.utils import timezone

from firstask.notify.models import Notification, WarningClaim
from firstask.notify.supervision import sweep_supervision
from firstask.notify.sweep import sweep_warnings
from firstask.notify.tasks import sweep_warnings_task
from firstask.tickets.models import TicketEvent
from tests.notify.conftest import bulk_tickets
from tests.tickets.conftest import act, register, supervise

pytestmark = pytest.mark.django_db


def signed_referral(receptionist, handler, realestate):
    ticket = register(receptionist)
    ticket = act(
        ticket,
        "refer",
        receptionist,
        department=realestate,
        handler=None,
        summary="二手房过户",
        suggestion="请告知材料清单",
    )
    return act(ticket, "sign_for", handler)


def test_two_orders_with_the_same_deadline_each_warn_their_addressee_once(
    receptionist, handler, leader, realestate, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    ticket = signed_referral(receptionist, handler, realestate)
    # One leader, one inquiry, the same deadline: to the handler and to the first responder.
    to_handler = supervise(ticket, leader, handler, hours=2, instruction="请今日办结")
    to_responder = supervise(ticket, leader, receptionist, hours=2, instruction="请回访来访人")
    assert to_handler.reply_due_at == to_responder.reply_due_at
    time_machine.shift(timedelta(hours=3))

    assert sweep_supervision() == 2
    assert sweep_supervision() == 0
    sweep_warnings_task()  # beat runs it with the ladder: still nothing new

    warned = Notification.objects.filter(kind="supervision", level=2)
    assert warned.filter(recipient=handler).count() == 1
    assert warned.filter(recipient=receptionist).count() == 1
    assert warned.filter(recipient=leader).count() == 2  # the issuer hears of each order
    events = TicketEvent.objects.filter(ticket=ticket, kind="warning", data__kind="supervision")
    assert sorted(e.data["order_id"] for e in events) == sorted([to_handler.pk, to_responder.pk])
    claims = WarningClaim.objects.filter(ticket=ticket, kind="supervision")
    assert sorted(claims.values_list("subject", flat=True)) == sorted(
        [to_handler.pk, to_responder.pk]
    )


def test_the_ladders_own_claims_are_about_the_inquiry_itself(receptionist, desk_head):
    """The ticket sweep does not name a subject: its claims keep the key they had."""
    bulk_tickets(receptionist, due=2)
    assert sweep_warnings().warnings == 2
    assert set(WarningClaim.objects.values_list("subject", flat=True)) == {0}
    assert sweep_warnings().warnings == 0


def test_the_migration_names_old_claims_and_rearms_the_order_that_lost_its_warning(
    receptionist, handler, leader, realestate, time_machine
):
    """Before notify 0006 the second order shared the first one's claim and was never
    warned; the migration gives the claim its order and puts the other back on schedule."""
    from django.apps import apps

    migration = importlib.import_module("firstask.notify.migrations.0006_claim_subject")
    time_machine.move_to(timezone.now(), tick=False)
    ticket = signed_referral(receptionist, handler, realestate)
    first = supervise(ticket, leader, handler, hours=2)
    second = supervise(ticket, leader, receptionist, hours=2)
    time_machine.shift(timedelta(hours=3))
    assert sweep_supervision() == 2
    # What the old code left: one claim about the inquiry (subject 0), the first
    # order's warning event naming it, and the second order swept without a warning.
    lost = WarningClaim.objects.get(subject=second.pk)
    Notification.objects.filter(warning=lost).delete()
    TicketEvent.objects.filter(data__warning_id=lost.pk).update(data={})  # never written
    lost.delete()
    WarningClaim.objects.filter(subject=first.pk).update(subject=0)

    migration.name_the_orders(apps, None)
    assert list(WarningClaim.objects.values_list("subject", flat=True)) == [first.pk]
    assert sweep_supervision() == 1  # the lost one, once
    assert sweep_supervision() == 0
    warned = Notification.objects.filter(kind="supervision", level=2)
    assert warned.filter(recipient=handler).count() == 1
    assert warned.filter(recipient=receptionist).count() == 1
