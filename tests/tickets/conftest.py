"""Helpers for inquiry tests: tickets registered and moved through the real service."""

from __future__ import annotations

import pytest

from firstask.tickets import services
from firstask.tickets.choices import Category, Channel

DEFAULT_REGISTRATION = {
    "channel": Channel.WALK_IN,
    "category": Category.BUSINESS,
    "urgency": "normal",
    "visitor_name": "李明",
    "visitor_phone": "13812345678",
    "matter": "咨询二手房过户需要准备哪些材料",
}


def register(actor, **overrides):
    return services.register_ticket(actor=actor, data={**DEFAULT_REGISTRATION, **overrides})


def act(ticket, action, actor, **data):
    return services.ticket_transition(ticket_id=ticket.pk, action=action, actor=actor, **data)


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
