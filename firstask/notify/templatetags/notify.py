"""Template helpers: warning lines for the inbox and the ticket timeline."""

from __future__ import annotations

from django import template
from django.utils.dateparse import parse_datetime

from firstask.notify.choices import WarningKind
from firstask.notify.texts import badge, headline, message_text, summary

register = template.Library()


@register.filter
def warning_summary(data: dict) -> str:
    """A warning event's ``data`` as one translated line: ``{{ e.data|warning_summary }}``."""
    if not isinstance(data, dict) or "kind" not in data:
        return ""
    deadline = parse_datetime(data.get("deadline") or "")
    return summary(data["kind"], int(data.get("level") or 0), deadline)


@register.filter
def notification_text(notification) -> str:
    if notification.kind == WarningKind.MESSAGE:
        return message_text(notification.message)
    number = notification.ticket.number if notification.ticket_id else ""
    return headline(number, notification.kind, notification.level, notification.deadline)


@register.inclusion_tag("notify/_badge.html")
def notification_badge(notification) -> dict:
    """``{% notification_badge n %}``: what kind of line this is, at a glance."""
    tone, words = badge(notification.kind, notification.level)
    return {"tone": tone, "words": words}
