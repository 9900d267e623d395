"""Helpers for inquiry tests: tickets registered and moved through the real service."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from firstask.tickets import services
from firstask.tickets.choices import AnswerKind, Category, Channel, FollowUpMethod, Satisfaction

DEFAULT_REGISTRATION = {
    "channel": Channel.WALK_IN,
    "category": Category.BUSINESS,
    "urgency": "normal",
    "visitor_name": "李明",
    "visitor_phone": "13812345678",
    "matter": "咨询二手房过户需要准备哪些材料",
}

# The event kinds of an inquiry referred, signed for, handled, called back and closed.
WHOLE_LIFE = ["registered", "referred", "signed_for", "progress", "result", "followed_up", "closed"]


def register(actor, **overrides):
    return services.register_ticket(actor=actor, data={**DEFAULT_REGISTRATION, **overrides})


def act(ticket, action, actor, **data):
    return services.ticket_transition(ticket_id=ticket.pk, action=action, actor=actor, **data)


def answer(ticket, actor, text: str, kind=AnswerKind.ON_THE_SPOT, **data):
    """The first responder answers the visitor (on the spot unless `kind` says otherwise)."""
    return act(ticket, "answer", actor, kind=kind, text=text, **data)


def follow_up(ticket, actor, satisfaction=Satisfaction.SATISFIED, **data):
    """The first responder calls the visitor back (回访) and records how satisfied they are."""
    return act(
        ticket, "follow_up", actor, method=FollowUpMethod.PHONE, satisfaction=satisfaction, **data
    )


# The register form as the browser posts it (form field names), filled in the least way.
INTAKE_FORM = {
    "visitor_name": "李明",
    "visitor_phone": "13812345678",
    "category": "business",
    "urgency": "normal",
    "matter": "咨询二手房过户",
}


def intake_post(client, channel="walk_in", **fields):
    """Post the register form of `channel`: INTAKE_FORM with `fields` changed."""
    data = {**INTAKE_FORM, **fields}
    return client.post(reverse("tickets:intake_channel", args=[channel]), data)


def extend(ticket, handler, head, until, reason="需调取档案", visitor_notice="已电话告知"):
    """延期: the handler asks for time until `until`, the head approves and the visitor
    has been told."""
    act(ticket, "request_extension", handler, reason=reason, until=until)
    return act(
        ticket, "decide_extension", head, approved=True, note="同意", visitor_notice=visitor_notice
    )


def away(person, deputy, *, start_hours=-1, end_hours=24, reason: str = "年休假"):
    """代岗: `person` is away from `start_hours` to `end_hours` from now; `deputy` stands in."""
    from firstask.org.models import Absence

    now = timezone.now()
    return Absence.objects.create(
        person=person,
        deputy=deputy,
        starts_at=now + timedelta(hours=start_hours),
        ends_at=now + timedelta(hours=end_hours),
        reason=reason,
        created_by=person,
    )


def supervise(ticket, leader, addressee, hours: float = 4, instruction: str = "请说明进展"):
    """督办: the leader orders `addressee` to reply on `ticket` within `hours`."""
    from firstask.tickets import casework

    return casework.issue_supervision(
        ticket_id=ticket.pk,
        actor=leader,
        addressee_id=addressee.pk,
        instruction=instruction,
        reply_due_at=timezone.now() + timedelta(hours=hours),
    )


@pytest.fixture
def ticket(receptionist):
    return register(receptionist)


@pytest.fixture
def referred(ticket, receptionist, realestate, handler):
    return act(
        ticket,
        "refer",
        receptionist,
        department=realestate,
        handler=None,
        summary="二手房过户",
        suggestion="请告知材料清单",
    )


@pytest.fixture
def signed(referred, handler):
    return act(referred, "sign_for", handler)


@pytest.fixture
def with_result(signed, handler):
    return act(signed, "record_result", handler, result="已电话告知所需材料")
