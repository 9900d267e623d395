"""Template helpers for inquiries: masked phones, state badges.

People's names and the labels of stored codes are the shared ``person`` and ``label``
filters (firstask/core/templatetags/firstask.py, in every template)."""

from __future__ import annotations

from django import template

from firstask.tickets import timeline
from firstask.tickets.choices import State
from firstask.tickets.phones import mask_phone

register = template.Library()


@register.filter
def masked(phone: str) -> str:
    return mask_phone(phone)


@register.filter
def state_badge(state: str) -> str:
    return {
        State.RECEIVED: "secondary",
        State.ANSWERED: "info",
        State.REFERRED: "primary",
        State.FOLLOWED_UP: "warning",
        State.CLOSED: "success",
        State.VOID: "dark",
    }.get(state, "secondary")


@register.inclusion_tag("tickets/_event.html")
def timeline_event(event) -> dict:
    """One timeline entry: ``{% timeline_event e %}`` (lines from tickets.timeline)."""
    return {
        "event": event,
        "moved": bool(event.from_state) and event.from_state != event.to_state,
        "lines": timeline.lines(event.kind, event.data),
    }
