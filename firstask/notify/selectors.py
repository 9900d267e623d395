"""Reads of the inbox: one query each, whatever the size of the inbox."""

from __future__ import annotations

from django.db.models import QuerySet

from firstask.notify.models import Notification


def inbox_for(user) -> QuerySet[Notification]:
    """The user's notifications, newest first, with the ticket for the link."""
    return (
        Notification.objects.filter(recipient=user)
        .select_related("ticket")
        .only(
            "pk",
            "kind",
            "level",
            "cc",
            "deadline",
            "message",
            "created_at",
            "read_at",
            "ticket__number",
            "ticket__state",
        )
        .order_by("-created_at", "-pk")
    )


def unread_count(user) -> int:
    """Unread notifications of ``user`` (partial index on unread rows)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
