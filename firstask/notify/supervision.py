"""The 督办 clock: an unanswered supervision order past its reply deadline warns its
addressee and reaches the leader who issued it — exactly once.

The order row is the schedule (``next_warning_at``, partial index on unanswered
orders). The warning is claimed with the same unique WarningClaim as the ticket
ladder — key (ticket, "supervision", overdue, the order's deadline, the order as the
claim's ``subject``) — inserted with ``ignore_conflicts`` and read back by this run's
token, so a twin sweep, a redelivered message or a rerun after a killed worker sends
nothing twice. The order is part of the key because one inquiry may carry several
orders with the same reply deadline (to the handler and to the first responder, say):
each is its own warning to its own addressee. It is one more table
entry of the ladder (kind SUPERVISION, level OVERDUE, recipients: addressee and issuer).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from firstask.notify.choices import EmailStatus, WarningKind, WarningLevel
from firstask.notify.models import Notification, WarningClaim
from firstask.notify.notices import with_deputies
from firstask.org.selectors import deputies_of
from firstask.tickets.choices import EventKind
from firstask.tickets.models import SupervisionOrder, TicketEvent

BATCH = 500

# The ladder's table entry for 督办: who is told when an order is overdue.
SUPERVISION_RUNG = {
    "kind": WarningKind.SUPERVISION,
    "level": WarningLevel.OVERDUE,
    "to": ("addressee_id", "issued_by_id"),
}


def sweep_supervision(now: datetime | None = None) -> int:
    """Warn every overdue unanswered order once; returns the number of warnings sent."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    with transaction.atomic():
        due = list(
            SupervisionOrder.objects.select_for_update()
            .filter(replied_at__isnull=True, next_warning_at__lte=now)
            .select_related("ticket")
            .order_by("next_warning_at", "pk")[:BATCH]
        )
        if not due:
            return 0
        WarningClaim.objects.bulk_create(
            [
                WarningClaim(
                    ticket_id=o.ticket_id,
                    kind=SUPERVISION_RUNG["kind"],
                    level=SUPERVISION_RUNG["level"],
                    deadline=o.reply_due_at,
                    subject=o.pk,
                    claimed_at=now,
                    claimed_by=token,
                )
                for o in due
            ],
            ignore_conflicts=True,
        )
        won = dict(WarningClaim.objects.filter(claimed_by=token).values_list("subject", "pk"))
        people = {getattr(o, f) for o in due for f in SUPERVISION_RUNG["to"]}
        away = deputies_of(people, now)
        events, notifications = [], []
        for order in due:
            claim_id = won.pop(order.pk, None)
            if claim_id is None:
                continue
            to, _cc = with_deputies(
                [getattr(order, f) for f in SUPERVISION_RUNG["to"]], [], now, away
            )
            events.append(
                TicketEvent(
                    ticket_id=order.ticket_id,
                    kind=EventKind.WARNING,
                    at=now,
                    from_state=order.ticket.state,
                    to_state=order.ticket.state,
                    data={
                        "kind": SUPERVISION_RUNG["kind"],
                        "level": SUPERVISION_RUNG["level"],
                        "deadline": order.reply_due_at.isoformat(),
                        "warning_id": claim_id,
                        "order_id": order.pk,
                        "to": to,
                        "cc": [],
                    },
                )
            )
            notifications.extend(
                Notification(
                    recipient_id=user_id,
                    ticket_id=order.ticket_id,
                    warning_id=claim_id,
                    kind=SUPERVISION_RUNG["kind"],
                    level=SUPERVISION_RUNG["level"],
                    deadline=order.reply_due_at,
                    created_at=now,
                    email_status=EmailStatus.PENDING,
                    next_attempt_at=now,
                )
                for user_id in to
            )
        TicketEvent.objects.bulk_create(events)
        Notification.objects.bulk_create(notifications)
        SupervisionOrder.objects.filter(pk__in=[o.pk for o in due]).update(next_warning_at=None)
    return len(events)
