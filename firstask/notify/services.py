"""Changes a person makes to their own inbox. Warnings themselves come from sweep.py,
emails from relay.py; nothing here touches the broker."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404
from django.utils import timezone

from firstask.notify.choices import WarningKind
from firstask.notify.models import Notification


def mark_read(*, user, notification_id: int, now: datetime | None = None) -> Notification:
    """Mark one of ``user``'s notifications read; someone else's is a 404, not a 403,
    so ids cannot be probed."""
    notification = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if notification is None:
        raise Http404
    if notification.read_at is None:
        notification.read_at = now or timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def mark_all_read(*, user, now: datetime | None = None) -> int:
    """Mark every unread notification of ``user`` read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )


def post_message(
    *,
    recipient,
    text: str,
    params: dict | None = None,
    link: str = "",
    cc: bool = False,
    translate: tuple[str, ...] = (),
) -> Notification:
    """Put a message in ``recipient``'s inbox and the email outbox, in the caller's
    transaction (so it exists exactly when the change it reports does).

    ``text`` is an untranslated msgid with %(name)s placeholders filled from ``params``
    when shown or sent, in the reader's language; mark it with ``gettext_noop`` where it
    is written so it reaches the catalogue. Params named in ``translate`` are msgids too
    (a label such as an outcome) and are translated the same way. ``link`` is a local
    path.
    """
    return Notification.objects.create(
        recipient=recipient,
        kind=WarningKind.MESSAGE,
        level=0,
        cc=cc,
        message={
            "text": text,
            "params": dict(params or {}),
            "translate": list(translate),
            "link": link,
        },
    )
