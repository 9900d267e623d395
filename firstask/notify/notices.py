"""Notices from the inquiry layer (a chase, a supervision order, a co-department's part)
become inbox rows and email outbox rows here, in the caller's transaction.

A recipient away on a running absence also has their deputy told (代岗).
"""

from __future__ import annotations

from datetime import datetime

from firstask.notify.choices import EmailStatus
from firstask.notify.models import Notification
from firstask.org.selectors import deputies_of


def with_deputies(
    to: list[int], cc: list[int], at: datetime, away: dict[int, list[int]] | None = None
) -> tuple[list[int], list[int]]:
    """(to, cc) with each absent person's deputies added beside them."""
    away = deputies_of(set(to) | set(cc), at) if away is None else away
    new_to = list(dict.fromkeys([*to, *(d for u in to for d in away.get(u, []))]))
    new_cc = [u for u in dict.fromkeys([*cc, *(d for u in cc for d in away.get(u, []))])]
    return new_to, [u for u in new_cc if u not in new_to]


def deliver_notice(*, sender, ticket, kind, level, to, cc, deadline, at, **_kwargs) -> None:
    to, cc = with_deputies(list(to), list(cc), at)
    Notification.objects.bulk_create(
        Notification(
            recipient_id=user_id,
            ticket=ticket,
            kind=kind,
            level=level,
            cc=is_cc,
            deadline=deadline,
            created_at=at,
            email_status=EmailStatus.PENDING,
            next_attempt_at=at,
        )
        for user_id, is_cc in [(u, False) for u in to] + [(u, True) for u in cc]
    )
