"""One promise on every paper: the receipt, the handover slip and the ticket page of a
referred case print the same promised time, and an approved extension moves all three."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from firstask.tickets.models import Ticket
from tests.fixtures.infra import login_as
from tests.tickets.conftest import act, extend, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def printed_promises(page: Page, live_server: Any, ticket: Ticket) -> list[str]:
    referral = ticket.referrals.latest("pk")
    urls = [
        reverse("tickets:receipt", args=[ticket.number]),
        reverse("tickets:handover", args=[ticket.number, referral.pk]),
        reverse("tickets:detail", args=[ticket.number]),
    ]
    seen = []
    for url in urls:
        page.goto(live_server.url + url)
        page.emulate_media(media="print")
        promised = page.get_by_test_id("promised-at")
        expect(promised).to_be_visible()
        seen.append(promised.inner_text().strip())
        page.emulate_media(media="screen")
    return seen


def test_receipt_slip_and_page_print_the_same_promised_time(
    live_server: Any, page: Page, receptionist: Any, realestate: Any, handler: Any, password: str
) -> None:
    ticket = register(receptionist, category="complaint")
    act(ticket, "refer", receptionist, department=realestate, handler=None, summary="投诉转办")
    ticket = Ticket.objects.get(pk=ticket.pk)
    expected = timezone.localtime(ticket.promised_at).strftime("%Y-%m-%d %H:%M")
    login_as(page, live_server, receptionist, password)
    assert printed_promises(page, live_server, ticket) == [expected] * 3
    # The department's handling deadline never ends after the promise.
    assert ticket.handle_due_at <= ticket.promised_at


def test_an_approved_extension_moves_the_promise_on_all_three(
    live_server: Any,
    page: Page,
    receptionist: Any,
    realestate: Any,
    handler: Any,
    department_head: Any,
    password: str,
) -> None:
    ticket = register(receptionist, category="business")
    act(ticket, "refer", receptionist, department=realestate, handler=None, summary="过户转办")
    act(ticket, "sign_for", handler)
    before = Ticket.objects.get(pk=ticket.pk).promised_at
    until = timezone.localtime(before + timedelta(days=7)).replace(
        hour=17, minute=30, second=0, microsecond=0
    )
    extend(ticket, handler, department_head, until, "需外调档案", "已电话告知来访人新的期限")
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.promised_at == ticket.extended_until == until
    login_as(page, live_server, receptionist, password)
    assert printed_promises(page, live_server, ticket) == [until.strftime("%Y-%m-%d %H:%M")] * 3
    # The slip's handling deadline moved with it.
    page.goto(
        live_server.url
        + reverse("tickets:handover", args=[ticket.number, ticket.referrals.latest("pk").pk])
    )
    expect(page.get_by_test_id("handover-deadline")).to_contain_text(
        until.strftime("%Y-%m-%d %H:%M")
    )
    # From now on the visitor must be told of progress at least every 24 hours.
    assert ticket.progress_due_at is not None
