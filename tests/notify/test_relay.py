"""The email relay: each notification mailed once; failures retried with backoff, then
given up; nothing is ever sent twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone, translation

from firstask.notify import relay
from firstask.notify.choices import EmailStatus
from firstask.notify.models import Notification
from firstask.notify.relay import deliver_pending
from firstask.notify.sweep import sweep_warnings
from firstask.notify.texts import headline
from tests.notify.conftest import bulk_tickets

pytestmark = pytest.mark.django_db

FAILING = "tests.notify.failing_mail.FailingBackend"


@pytest.fixture
def outbox(receptionist, desk_head):
    """Two overdue answers: four notifications (head and copy), all pending."""
    bulk_tickets(receptionist, due=2)
    sweep_warnings()
    assert Notification.objects.filter(email_status=EmailStatus.PENDING).count() == 4
    return Notification.objects.order_by("pk")


def test_each_notification_is_mailed_once(outbox, desk_head):
    first = deliver_pending()
    again = deliver_pending()
    assert first.sent == 4 and again.sent == 0
    assert len(mail.outbox) == 4
    assert sorted(m.to[0] for m in mail.outbox).count(desk_head.email) == 2
    assert set(outbox.values_list("email_status", flat=True)) == {EmailStatus.SENT}
    assert all(n.attempts == 1 and n.sent_at for n in outbox)


def test_the_mail_says_what_and_links_to_the_ticket(outbox):
    deliver_pending()
    row = outbox.select_related("ticket", "recipient").first()
    message = next(
        m for m in mail.outbox if m.extra_headers["X-Firstask-Notification"] == str(row.pk)
    )
    with translation.override("zh-hans"):  # the default language, no preference stored
        assert message.subject == headline(row.ticket.number, row.kind, row.level, row.deadline)
    assert f"/tickets/{row.ticket.number}/" in message.body


def test_a_failing_server_is_retried_with_backoff_then_given_up(outbox):
    now = timezone.now()
    with override_settings(EMAIL_BACKEND=FAILING):
        first = deliver_pending(now)
        assert first.retrying == 4 and first.sent == 0
        row = outbox.first()
        assert row.email_status == EmailStatus.PENDING and row.attempts == 1
        assert row.next_attempt_at == now + timedelta(minutes=1)
        assert "connection refused" in row.last_error
        # Not due again before its backoff ends…
        assert deliver_pending(now + timedelta(seconds=59)).retrying == 0
        # …then 2, 4, 8 minutes apart, and after the fifth attempt it gives up.
        when = now
        for attempt, wait in ((2, 1), (3, 2), (4, 4)):
            when += timedelta(minutes=wait)
            assert deliver_pending(when).retrying == 4
            row.refresh_from_db()
            assert row.attempts == attempt
            assert row.next_attempt_at == when + relay.backoff(attempt)
        when += timedelta(minutes=8)
        assert deliver_pending(when).failed == 4
    row.refresh_from_db()
    assert row.email_status == EmailStatus.FAILED and row.attempts == relay.MAX_ATTEMPTS
    assert deliver_pending(when + timedelta(days=1)).sent == 0
    assert mail.outbox == []


def test_a_server_that_comes_back_gets_the_retries(outbox):
    now = timezone.now()
    with override_settings(EMAIL_BACKEND=FAILING):
        deliver_pending(now)
    assert deliver_pending(now + timedelta(minutes=1)).sent == 4
    assert len(mail.outbox) == 4


def test_no_address_or_inactive_is_skipped_not_retried(outbox, desk_head, receptionist):
    desk_head.email = ""
    desk_head.save(update_fields=["email"])
    receptionist.is_active = False
    receptionist.save(update_fields=["is_active"])
    result = deliver_pending()
    assert result.skipped == 4 and mail.outbox == []
    assert set(outbox.values_list("email_status", flat=True)) == {EmailStatus.SKIPPED}


def test_two_relays_never_take_the_same_row(outbox):
    """The second relay's claim finds the rows no longer pending."""
    now = timezone.now()
    Notification.objects.update(
        email_status=EmailStatus.SENDING, claimed_by="other", claimed_at=now
    )
    assert deliver_pending(now).sent == 0
    assert mail.outbox == []


def test_rows_claimed_by_a_dead_relay_go_back_after_the_lease(outbox):
    """Claimed, never handed to the mail server (a sent row is marked before sending)."""
    claimed = timezone.now()
    Notification.objects.update(
        email_status=EmailStatus.SENDING, claimed_by="dead", claimed_at=claimed
    )
    assert deliver_pending(claimed + timedelta(minutes=5)).sent == 0
    later = deliver_pending(claimed + relay.LEASE + timedelta(seconds=1))
    assert later.released == 4 and later.sent == 4
    assert len(mail.outbox) == 4


def test_a_row_marked_sent_is_never_sent_again(outbox):
    """The mark comes before the hand-over: a crash in between loses, never doubles."""
    Notification.objects.update(email_status=EmailStatus.SENT, sent_at=timezone.now())
    assert deliver_pending(timezone.now() + timedelta(days=1)).sent == 0
    assert mail.outbox == []
