"""Inspectors read everything and change nothing: every mutating URL of the tickets app
(intake, each action, distilling an answer template) refuses them, and the ticket, its
version and its history stay as they were.

Showing the full phone number is allowed: it is a read, and it is logged (an inspector
checking a case may need to call the visitor back — 回访抽查); it adds a
"phone revealed" event but never changes the ticket itself.

The walk is over the tickets app's URL patterns, so a URL added there later fails this
test until it is classified here.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from firstask.org.roles import Role
from firstask.tickets import urls as ticket_urls
from firstask.tickets.choices import Channel, EventKind
from firstask.tickets.models import Ticket, TicketEvent
from tests.factories import make_staff
from tests.tickets.conftest import INTAKE_FORM, act, register, supervise

pytestmark = pytest.mark.django_db

READ_ONLY = {
    "history",
    "mine",
    "department",
    "follow_up",
    "search",
    "register",
    "ledger",
    "ledger_xlsx",
    "detail",
    "receipt",
    "handover",
    "notice",
    "follow_up_record",
    "supervision",
    "absences",
    "attachment",
}
MUTATING = {
    "intake",
    "intake_channel",
    "action",
    "reveal_phone",
    "save_template",
    "casework",
    "supervision_reply",
    "part_sign",
    "part_report",
    "receipt_code",
    "attach_to",
}


@pytest.fixture(params=["inspector", "inspector_who_also_handles"])
def snoop(request, inspector, realestate):
    if request.param == "inspector":
        return inspector
    # Whatever else they are, an inspector may not act: here also a handler of the
    # very department the referrals go to.
    return make_staff("snoop", department=realestate, roles=[Role.QUALITY_INSPECTOR, Role.HANDLER])


def test_every_tickets_url_is_classified():
    names = {p.name for p in ticket_urls.urlpatterns}
    assert names == READ_ONLY | MUTATING


def frozen(ticket: Ticket) -> tuple:
    ticket.refresh_from_db()
    return ticket.state, ticket.version, ticket.events.count(), ticket.updated_at


@pytest.mark.parametrize("channel", ["", *Channel.values])
def test_intake_refuses_inspectors(client, snoop, channel):
    client.force_login(snoop)
    url = (
        reverse("tickets:intake_channel", args=[channel]) if channel else reverse("tickets:intake")
    )
    data = {**INTAKE_FORM, "matter": "咨询"}
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    assert not Ticket.objects.exists()


def _ready(action, receptionist, handler, realestate, general_office):
    """A ticket on which ``action`` is possible, and the person who may take it."""
    ticket = register(receptionist)
    refer = {"department": realestate, "handler": None, "summary": "过户"}
    if action in ("answer", "refer", "void"):
        return ticket, receptionist
    if action == "assign":
        act(ticket, "refer", receptionist, department=general_office, handler=None, summary="?")
        return ticket, None  # the general office's staff; not needed for the refusal
    act(ticket, "refer", receptionist, **refer)
    if action in ("sign_for", "return_referral"):
        return ticket, handler
    act(ticket, "sign_for", handler)
    if action in ("post_progress", "record_result"):
        return ticket, handler
    act(ticket, "record_result", handler, result="已办结")
    if action == "follow_up":
        return ticket, receptionist
    act(ticket, "follow_up", receptionist, method="phone", satisfaction="satisfied", remarks="")
    return ticket, receptionist  # close


def _payload(action: str, ticket: Ticket, realestate) -> dict:
    fields = {
        "answer": {"kind": "not_permitted", "text": "按规定不能办理"},
        "refer": {"department": realestate.pk, "summary": "过户"},
        "assign": {"department": realestate.pk, "summary": ""},
        "sign_for": {},
        "return_referral": {"reason": "not_ours", "note": "非本科室"},
        "post_progress": {"note": "正在办理"},
        "record_result": {"result": "已办结"},
        "follow_up": {"method": "phone", "satisfaction": "satisfied"},
        "close": {},
        "void": {"reason": "重复登记"},
    }[action]
    return {f"{action}-{k}": v for k, v in {**fields, "version": ticket.version}.items()}


ACTIONS = [
    "answer",
    "refer",
    "assign",
    "sign_for",
    "return_referral",
    "post_progress",
    "record_result",
    "follow_up",
    "close",
    "void",
]


@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_refuses_inspectors(
    client, snoop, receptionist, handler, realestate, general_office, action
):
    ticket, owner = _ready(action, receptionist, handler, realestate, general_office)
    before = frozen(ticket)
    data = _payload(action, ticket, realestate)
    url = reverse("tickets:action", args=[ticket.number, action])
    client.force_login(snoop)
    assert client.post(url, data).status_code == 403
    assert frozen(ticket) == before
    if owner is not None:  # the same post from the right person goes through: it was valid
        client.force_login(owner)
        assert client.post(url, data).status_code == 302
        assert frozen(ticket)[1] == before[1] + 1


def test_revealing_the_phone_is_a_logged_read(client, snoop, receptionist):
    ticket = register(receptionist)
    before = frozen(ticket)
    client.force_login(snoop)
    shown = client.post(reverse("tickets:reveal_phone", args=[ticket.number]))
    assert shown.status_code == 200  # the number is on this response only, not in a cookie
    state, version, events, updated = frozen(ticket)
    assert (state, version, updated) == (before[0], before[1], before[3])
    assert events == before[2] + 1
    assert TicketEvent.objects.filter(ticket=ticket, actor=snoop).get().kind == (
        EventKind.PHONE_REVEALED
    )


def test_distilling_a_template_refuses_inspectors(client, snoop, receptionist):
    from firstask.directory.models import AnswerTemplate

    ticket = register(receptionist)
    act(ticket, "answer", receptionist, kind="on_the_spot", text="已答复")
    act(ticket, "follow_up", receptionist, method="phone", satisfaction="satisfied", remarks="")
    act(ticket, "close", receptionist)
    before = frozen(ticket)
    client.force_login(snoop)
    url = reverse("tickets:save_template", args=[ticket.number])
    data = {"template-title": "过户材料", "template-text": "已答复"}
    assert client.post(url, data).status_code == 403
    assert frozen(ticket) == before and not AnswerTemplate.objects.exists()
    client.force_login(receptionist)  # the same post from the first responder goes through
    assert client.post(url, data).status_code == 302
    assert AnswerTemplate.objects.count() == 1


def test_the_callers_history_is_not_for_inspectors(client, snoop):
    client.force_login(snoop)
    assert client.get(reverse("tickets:history"), {"phone": "13812345678"}).status_code == 403


CASEWORK = {
    "supervise": {"instruction": "请说明", "reply_due_at": "2099-01-01T10:00"},
    "chase": {"note": "催一下"},
    "add_co_department": {"request": "协助"},
    "merge_into": {"reason": "重复"},
}


@pytest.mark.parametrize("name", list(CASEWORK))
def test_casework_actions_refuse_inspectors(client, snoop, receptionist, realestate, social, name):
    """督办, 催办, 协办 and merge change nothing when an inspector posts."""
    ticket = register(receptionist)
    act(ticket, "refer", receptionist, department=realestate, handler=None, summary="过户")
    other = register(receptionist)
    before = frozen(ticket)
    data = dict(CASEWORK[name])
    if name == "supervise":
        data["addressee"] = receptionist.pk
    if name == "add_co_department":
        data["department"] = social.pk
    if name == "merge_into":
        data["survivor"] = other.number
    payload = {f"{name}-{k}": v for k, v in {**data, "version": ticket.version}.items()}
    client.force_login(snoop)
    url = reverse("tickets:action", args=[ticket.number, name])
    assert client.post(url, payload).status_code in (400, 403)
    assert frozen(ticket) == before


def test_attaching_refuses_inspectors(client, snoop, receptionist):
    ticket = register(receptionist)
    before = frozen(ticket)
    client.force_login(snoop)
    url = reverse("tickets:casework", args=[ticket.number, "attach"])
    assert client.post(url, {}).status_code == 403
    assert frozen(ticket) == before


def test_casework_records_refuse_inspectors(
    client, snoop, receptionist, realestate, social, leader
):
    from firstask.tickets import casework

    ticket = register(receptionist)
    act(ticket, "refer", receptionist, department=realestate, handler=None, summary="过户")
    co = casework.add_co_department(ticket_id=ticket.pk, actor=receptionist, department=social)
    order = supervise(ticket, leader, receptionist, hours=2, instruction="请说明")
    before = frozen(ticket)
    client.force_login(snoop)
    n = ticket.number
    for url, data in [
        (
            reverse("tickets:supervision_reply", args=[n, order.pk]),
            {f"reply-{order.pk}-reply": "x"},
        ),
        (reverse("tickets:part_sign", args=[n, co.pk]), {}),
        (reverse("tickets:part_report", args=[n, co.pk]), {f"part-{co.pk}-part": "x"}),
        (reverse("tickets:receipt_code", args=[n]), {}),
    ]:
        assert client.post(url, data).status_code == 403, url
    assert frozen(ticket) == before
