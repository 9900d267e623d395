"""Every view of a full phone number is logged; no number sits in a cookie (defect 12).

The admin's ticket page and its search by phone showed full numbers with no record, and
the ticket page's "show full number" put it in the ``messages`` cookie — signed, but
readable by anyone who looks at the browser's cookies on a shared desk PC.
"""

from __future__ import annotations

import base64
import zlib

import pytest
from django.urls import reverse

from firstask.tickets.choices import EventKind

pytestmark = pytest.mark.django_db

PHONE = "13812345678"


def _cookie_text(client) -> str:
    """Every cookie's value, with Django's signed/compressed payloads opened up."""
    texts = []
    for morsel in client.cookies.values():
        value = morsel.value
        texts.append(value)
        payload = value.split(":")[0]
        compressed = payload.startswith(".")
        try:
            raw = base64.urlsafe_b64decode(payload.lstrip(".") + "=" * (-len(payload) % 4))
            texts.append((zlib.decompress(raw) if compressed else raw).decode("utf-8", "ignore"))
        except Exception:
            pass
    return "\n".join(texts)


def _looks(ticket) -> list[dict]:
    return list(ticket.events.filter(kind=EventKind.PHONE_REVEALED).values_list("data", flat=True))


def test_revealing_on_the_ticket_page_keeps_the_number_out_of_cookies(client, referred, inspector):
    client.force_login(inspector)
    response = client.post(reverse("tickets:reveal_phone", args=[referred.number]))
    assert response.status_code == 200
    assert PHONE in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert PHONE not in _cookie_text(client)
    assert len(_looks(referred)) == 1
    # The next page is masked again.
    page = client.get(reverse("tickets:detail", args=[referred.number])).content.decode()
    assert PHONE not in page


def test_the_admin_ticket_page_logs_the_full_number_it_shows(client, referred, manager):
    client.force_login(manager)
    response = client.get(reverse("admin:tickets_ticket_change", args=[referred.pk]))
    assert response.status_code == 200
    assert PHONE in response.content.decode()
    assert _looks(referred) == [{"via": "admin"}]
    event = referred.events.get(kind=EventKind.PHONE_REVEALED)
    assert event.actor == manager


def test_the_admin_search_by_phone_logs_each_match(client, referred, manager):
    client.force_login(manager)
    changelist = reverse("admin:tickets_ticket_changelist")
    response = client.get(changelist, {"q": "138 1234 5678"})
    assert referred.number in response.content.decode()
    assert _looks(referred) == [{"via": "admin search"}]
    # Partial digits no longer find numbers without a record.
    response = client.get(changelist, {"q": "1234567"})
    assert referred.number not in response.content.decode()
    assert len(_looks(referred)) == 1
