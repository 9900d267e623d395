"""The email relay: sends the outbox rows the sweep wrote, each at most once.

Requests and the sweep only write ``Notification`` rows; this runs in the worker (beat,
every minute), so a slow or absent mail server never slows a page and Redis being
down never fails one.

Exactly-once as far as a database can promise:
- a batch of pending rows is claimed with one conditional UPDATE (``… WHERE id IN (…)
  AND email_status = 'pending'``) tagged with this run's token, so two relays never
  take the same row;
- each row is marked ``sent`` (conditionally, on our token) *before* it is handed to
  the mail backend and put back to ``pending`` with a backoff if the backend raises.
  A worker killed between the two loses that one email rather than ever sending it
  twice; the inbox entry is there either way;
- rows claimed by a run that died before reaching them stay ``sending`` until the
  lease expires, then go back to ``pending`` — they were never handed over.
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from firstask.notify.choices import EmailStatus, WarningKind
from firstask.notify.models import Notification
from firstask.notify.texts import (
    headline,
    local_time,
    message_text,
    recipient_language,
    summary,
)

MAX_ATTEMPTS = getattr(settings, "NOTIFY_EMAIL_MAX_ATTEMPTS", 5)
BACKOFF = timedelta(minutes=1)  # 1, 2, 4, 8 … minutes
BACKOFF_MAX = timedelta(hours=1)
LEASE = timedelta(minutes=15)  # longer than the task's hard time limit
BATCH = 100


@dataclass
class DeliveryResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0
    released: int = 0


def backoff(attempts: int) -> timedelta:
    """Wait before attempt ``attempts + 1``: doubling from one minute, at most an hour."""
    return min(BACKOFF * (2 ** max(attempts - 1, 0)), BACKOFF_MAX)


def deliver_pending(now: datetime | None = None, *, limit: int = BATCH) -> DeliveryResult:
    """Send the email of up to ``limit`` due outbox rows; see the module docstring."""
    now = now or timezone.now()
    result = DeliveryResult()
    result.released = Notification.objects.filter(
        email_status=EmailStatus.SENDING, claimed_at__lt=now - LEASE
    ).update(email_status=EmailStatus.PENDING, claimed_by="")
    token = uuid.uuid4().hex
    ids = list(
        Notification.objects.filter(email_status=EmailStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    if not ids:
        return result
    Notification.objects.filter(pk__in=ids, email_status=EmailStatus.PENDING).update(
        email_status=EmailStatus.SENDING, claimed_by=token, claimed_at=now
    )
    rows = Notification.objects.filter(
        claimed_by=token, email_status=EmailStatus.SENDING
    ).select_related("recipient", "ticket")
    mail = get_connection(fail_silently=False)
    try:
        for row in rows:
            _deliver_one(row, token, now, mail, result)
    finally:
        _close_quietly(mail)
    return result


def _deliver_one(row: Notification, token: str, now: datetime, mail, result) -> None:
    mine = Notification.objects.filter(
        pk=row.pk, claimed_by=token, email_status=EmailStatus.SENDING
    )
    user = row.recipient
    if not user.email or not user.is_active:
        mine.update(email_status=EmailStatus.SKIPPED, claimed_by="")
        result.skipped += 1
        return
    if not mine.update(email_status=EmailStatus.SENT, sent_at=now, attempts=F("attempts") + 1):
        return  # the lease ran out and another run took it: theirs now
    try:
        message = compose(row)
        message.connection = mail
        message.send()
    except Exception as exc:  # any backend failure: retry later, never crash the batch
        _close_quietly(mail)
        attempts = row.attempts + 1
        gave_up = attempts >= MAX_ATTEMPTS
        Notification.objects.filter(pk=row.pk).update(
            email_status=EmailStatus.FAILED if gave_up else EmailStatus.PENDING,
            sent_at=None,
            claimed_by="",
            next_attempt_at=now + backoff(attempts),
            last_error=f"{type(exc).__name__}: {exc}"[:500],
        )
        if gave_up:
            result.failed += 1
        else:
            result.retrying += 1
        return
    result.sent += 1


def compose(row: Notification) -> EmailMessage:
    """The email for one notification, in the recipient's language."""
    if row.kind == WarningKind.MESSAGE:
        return _compose_message(row)
    number = row.ticket.number if row.ticket_id else ""
    with translation.override(recipient_language(row.recipient)):
        subject = headline(number, row.kind, row.level, row.deadline)
        body = render_to_string(
            "notify/email.txt",
            {
                "notification": row,
                "summary": summary(row.kind, row.level, row.deadline),
                "deadline": local_time(row.deadline),
                "number": number,
                "link": _ticket_link(number),
            },
        )
    return EmailMessage(
        subject=subject.replace("\n", " "),
        body=body,
        to=[row.recipient.email],
        headers={"X-Firstask-Notification": str(row.pk)},
    )


def _compose_message(row: Notification) -> EmailMessage:
    with translation.override(recipient_language(row.recipient)):
        text = message_text(row.message)
        link = (row.message or {}).get("link") or ""
        if link:
            link = getattr(settings, "FIRSTASK_SITE_URL", "").rstrip("/") + link
        body = render_to_string(
            "notify/message_email.txt", {"notification": row, "text": text, "link": link}
        )
    return EmailMessage(
        subject=text.replace("\n", " ")[:200],
        body=body,
        to=[row.recipient.email],
        headers={"X-Firstask-Notification": str(row.pk)},
    )


def _ticket_link(number: str) -> str:
    if not number:
        return ""
    base = getattr(settings, "FIRSTASK_SITE_URL", "").rstrip("/")
    return f"{base}{reverse('tickets:detail', args=[number])}"


def _close_quietly(mail) -> None:
    with contextlib.suppress(Exception):  # a broken SMTP connection may fail to QUIT too
        mail.close()
