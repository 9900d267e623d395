"""Plain messages other apps post (kind "message"): an inbox entry with a link, and an
email from the same outbox row, both in the reader's language."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop

from firstask.notify.models import Notification
from firstask.notify.relay import deliver_pending
from firstask.notify.services import post_message

pytestmark = pytest.mark.django_db

TEXT = gettext_noop("Case %(case)s: your appeal was decided (%(outcome)s).")


def appeal_decided(recipient, case: str, outcome: str, case_pk: int) -> None:
    """The message accountability posts when an appeal is decided."""
    params = {"case": case, "outcome": outcome}
    link = f"/accountability/cases/{case_pk}/"
    post_message(recipient=recipient, text=TEXT, params=params, translate=("outcome",), link=link)


def test_a_posted_message_shows_in_the_inbox_translated_with_its_link(client, receptionist):
    appeal_decided(receptionist, "ZR2026-00001", "Withdrawn", 1)
    client.force_login(receptionist)
    page = client.get(reverse("notify:inbox")).content.decode()
    assert "案件 ZR2026-00001：您的申诉已有复查决定（已撤销）。" in page
    assert 'href="/accountability/cases/1/"' in page


def test_a_posted_message_is_mailed_once_by_the_relay(receptionist, settings):
    settings.FIRSTASK_SITE_URL = "https://firstask.example"
    appeal_decided(receptionist, "X", "Upheld", 7)
    with translation.override("en"):
        assert deliver_pending().sent == 1
    assert deliver_pending().sent == 0
    (email,) = mail.outbox
    assert "案件 X" in email.subject and "维持原决定" in email.subject
    assert "https://firstask.example/accountability/cases/7/" in email.body
    assert Notification.objects.get().email_status == "sent"


def test_a_broken_message_never_breaks_the_inbox(client, receptionist):
    post_message(recipient=receptionist, text="Case %(case)s", params={})
    client.force_login(receptionist)
    assert client.get(reverse("notify:inbox")).status_code == 200
