"""A fresh demo shows the product at work: warnings in the inboxes of ``head`` and
``leader``, red and yellow lights on their lists, an extension and a pause."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from firstask.notify.models import Notification
from firstask.tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())
    return {u.username: u for u in get_user_model().objects.all()}


def test_fresh_demo_warns_head_and_leader_and_lights_their_lists(client, demo):
    for name in ("head", "leader"):
        assert Notification.objects.filter(recipient=demo[name]).exists(), name
        client.force_login(demo[name])
        inbox = client.get(reverse("notify:inbox")).content.decode()
        assert "事项" in inbox and "超期" in inbox, name
        lights = client.get(reverse("tickets:search")).content.decode()
        assert 'data-light="red"' in lights, name
        assert 'data-light="yellow"' in lights, name
    client.force_login(demo["head"])
    department = client.get(reverse("tickets:department")).content.decode()
    assert 'data-light="red"' in department and "待签收" in department


def test_fresh_demo_has_an_extension_a_pause_and_every_warning_kind(demo):
    assert Ticket.objects.filter(extended_until__isnull=False).exists()
    assert Ticket.objects.filter(paused_at__isnull=False).exists()
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert {"answer", "sign_for", "handle", "progress"} <= kinds, kinds
