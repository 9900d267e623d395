"""Registration is all or nothing (defect 2) and happens once per form (defect 3).

"Answered on the spot" used to be a second transaction: if the answer step failed, a
``received`` inquiry stayed behind and the clerk got a 500. The same intake form posted
twice at once, then once more on "resubmit", gave three inquiries.
"""

from __future__ import annotations

import dataclasses
import threading
import uuid

import pytest
from django.db import DatabaseError, connections
from django.test import Client
from django.urls import reverse
from django.utils import translation

from firstask.tickets import services
from firstask.tickets.actions import ACTIONS
from firstask.tickets.choices import EventKind, State
from firstask.tickets.models import DaySequence, Ticket, TicketEvent
from tests.threads import run_at_once
from tests.tickets.conftest import DEFAULT_REGISTRATION, INTAKE_FORM

FORM = INTAKE_FORM


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def answer_step_fails(monkeypatch):
    def broken(ticket, actor, now, data):
        raise DatabaseError("disk I/O error while writing the answer")

    failing = dataclasses.replace(ACTIONS["answer"], handler=broken)
    monkeypatch.setitem(ACTIONS._by_name, "answer", failing)


@pytest.mark.django_db
def test_a_failed_answer_step_leaves_no_inquiry_behind(receptionist, answer_step_fails):
    with pytest.raises(services.RegistrationFailed):
        services.register_ticket(
            actor=receptionist, data=DEFAULT_REGISTRATION, answer_on_the_spot="请到 27 号窗口"
        )
    assert not Ticket.objects.exists()
    assert not TicketEvent.objects.exists()
    assert DaySequence.objects.filter(last__gt=0).count() == 0  # no number used up


@pytest.mark.django_db
def test_a_failed_answer_step_at_the_desk_is_a_message_not_a_500(receptionist, answer_step_fails):
    client = Client(raise_request_exception=False)
    client.force_login(receptionist)
    response = client.post(
        reverse("tickets:intake_channel", args=["walk_in"]),
        {**FORM, "finish_on_the_spot": "on", "answer_text": "请到 27 号窗口办理"},
    )
    assert response.status_code == 400
    assert "什么也没有保存" in response.content.decode()
    assert response.context["form"]["matter"].value() == FORM["matter"]  # input kept
    assert not Ticket.objects.exists()


@pytest.mark.django_db
def test_on_the_spot_registration_is_closed_with_real_history(receptionist):
    ticket = services.register_ticket(
        actor=receptionist, data=DEFAULT_REGISTRATION, answer_on_the_spot="请到 27 号窗口"
    )
    assert ticket.state == State.CLOSED
    steps = list(ticket.events.order_by("pk").values_list("kind", "from_state", "to_state"))
    assert steps == [
        (EventKind.REGISTERED, "", State.RECEIVED),
        (EventKind.ANSWERED, State.RECEIVED, State.ANSWERED),
        (EventKind.FOLLOWED_UP, State.ANSWERED, State.FOLLOWED_UP),
        (EventKind.CLOSED, State.FOLLOWED_UP, State.CLOSED),
    ]


def _token_of(client) -> str:
    page = client.get(reverse("tickets:intake_channel", args=["walk_in"]))
    return str(page.context["form"]["submission"].value())


@pytest.mark.django_db
def test_the_same_form_posted_twice_registers_one_inquiry(client, receptionist):
    client.force_login(receptionist)
    token = _token_of(client)
    url = reverse("tickets:intake_channel", args=["walk_in"])
    first = client.post(url, {**FORM, "submission": token})
    again = client.post(url, {**FORM, "submission": token})  # the browser's "resubmit"
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert Ticket.objects.count() == 1
    shown = client.get(again["Location"]).content.decode()
    assert "已经提交过" in shown
    # A new form is a new inquiry.
    client.post(url, {**FORM, "submission": _token_of(client)})
    assert Ticket.objects.count() == 2


@pytest.mark.django_db
def test_each_rendered_form_has_its_own_token(client, receptionist):
    client.force_login(receptionist)
    assert _token_of(client) != _token_of(client)


@pytest.mark.django_db
def test_someone_elses_token_is_refused(client, receptionist, handler):
    token = uuid.uuid4()
    services.register_once(actor=receptionist, data=DEFAULT_REGISTRATION, token=token)
    client.force_login(handler)
    response = client.post(
        reverse("tickets:intake_channel", args=["walk_in"]), {**FORM, "submission": str(token)}
    )
    assert response.status_code == 403
    assert Ticket.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_concurrent_double_submission_registers_one_inquiry(receptionist):
    url = reverse("tickets:intake_channel", args=["walk_in"])
    token = str(uuid.uuid4())
    posts = 4
    barrier = threading.Barrier(posts)
    results: list[tuple[int, str]] = []
    lock = threading.Lock()

    def post() -> None:
        client = Client(raise_request_exception=False)
        client.force_login(receptionist)
        try:
            barrier.wait()
            response = client.post(
                url,
                {**FORM, "finish_on_the_spot": "on", "answer_text": "已答复", "submission": token},
            )
            with lock:
                results.append((response.status_code, response.get("Location", "")))
        finally:
            connections.close_all()

    run_at_once(post, posts)
    assert Ticket.objects.count() == 1
    ticket = Ticket.objects.get()
    assert ticket.state == State.CLOSED
    assert sorted(results) == [(302, reverse("tickets:detail", args=[ticket.number]))] * posts
