"""The operator console: managers read and search inquiries; changes go through the service."""

from __future__ import annotations

import pytest
from django.urls import reverse

from firstask.tickets.choices import State
from firstask.tickets.models import Ticket, TicketEvent

pytestmark = pytest.mark.django_db


def test_manager_searches_inquiries_by_number_and_phone(client, manager, ticket):
    client.force_login(manager)
    url = reverse("admin:tickets_ticket_changelist")
    assert ticket.number in client.get(url, {"q": ticket.number}).content.decode()
    assert ticket.number in client.get(url, {"q": "13812345678"}).content.decode()


def test_a_forged_change_form_post_changes_nothing(client, manager, ticket):
    client.force_login(manager)
    url = reverse("admin:tickets_ticket_change", args=[ticket.pk])
    assert client.get(url).status_code == 200  # a read-only view
    response = client.post(
        url, {"state": "closed", "matter": "改写", "first_responder": manager.pk}
    )
    assert response.status_code == 403
    ticket.refresh_from_db()
    assert ticket.state == State.RECEIVED and ticket.matter != "改写"


def test_nothing_can_be_deleted(client, manager, ticket):
    client.force_login(manager)
    assert client.post(reverse("admin:tickets_ticket_delete", args=[ticket.pk])).status_code == 403
    event = ticket.events.get()
    assert (
        client.post(reverse("admin:tickets_ticketevent_delete", args=[event.pk])).status_code == 403
    )
    client.post(
        reverse("admin:tickets_ticket_changelist"),
        {"action": "delete_selected", "_selected_action": [ticket.pk], "post": "yes"},
    )
    assert TicketEvent.objects.filter(pk=event.pk).exists()
    assert Ticket.objects.filter(pk=ticket.pk).exists()


def test_void_through_the_admin_goes_through_the_service(client, manager, ticket):
    client.force_login(manager)
    url = reverse("admin:tickets_ticket_void", args=[ticket.pk])
    assert client.post(url, {"reason": ""}).status_code == 200  # the form again, with an error
    ticket.refresh_from_db()
    assert ticket.state == State.RECEIVED
    client.post(url, {"reason": "重复登记"})
    ticket.refresh_from_db()
    assert ticket.state == State.VOID and ticket.void_reason == "重复登记"
    assert ticket.events.filter(kind="voided", actor=manager).count() == 1
    client.post(url, {"reason": "再来一次"})  # already void: refused, nothing new
    assert ticket.events.filter(kind="voided").count() == 1


@pytest.mark.parametrize("who", ["receptionist", "handler", "inspector", "department_head"])
def test_only_managers_enter_the_ticket_admin(client, request, ticket, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("admin:tickets_ticket_changelist")).status_code == 403
    assert (
        client.post(
            reverse("admin:tickets_ticket_void", args=[ticket.pk]), {"reason": "x"}
        ).status_code
        == 403
    )
    ticket.refresh_from_db()
    assert ticket.state == State.RECEIVED
