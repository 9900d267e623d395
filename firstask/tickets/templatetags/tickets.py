"""Template helpers for inquiries: people's names, masked phones, event labels."""

from __future__ import annotations

from django import template

from firstask.org.models import display_name
from firstask.tickets.choices import (
    AnswerKind,
    EventKind,
    FollowUpMethod,
    ReferralStatus,
    ReturnReason,
    Satisfaction,
    State,
)
from firstask.tickets.phones import mask_phone

register = template.Library()

LABELS = {
    "kind": AnswerKind,
    "method": FollowUpMethod,
    "satisfaction": Satisfaction,
    "reason": ReturnReason,
    "back_to": State,
    "referral": ReferralStatus,
}


@register.filter
def person(user) -> str:
    return display_name(user) if user else "—"


@register.filter
def masked(phone: str) -> str:
    return mask_phone(phone)


@register.filter
def event_label(kind: str) -> str:
    try:
        return EventKind(kind).label
    except ValueError:
        return kind


@register.filter
def code_label(code: str, vocabulary: str) -> str:
    """Translate a stored code at render time: ``{{ code|code_label:"satisfaction" }}``."""
    choices = LABELS.get(vocabulary)
    try:
        return choices(code).label if choices else code
    except ValueError:
        return code


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
