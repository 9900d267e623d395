"""Every event is the real step (defect 6); the department list keeps the one visibility
rule (defect 7)."""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse

from firstask.tickets.choices import EventKind, State
from tests.factories import make_staff
from tests.tickets.conftest import act

pytestmark = pytest.mark.django_db


def test_a_dissatisfied_follow_up_records_followed_up_then_reopened(with_result, receptionist):
    ticket = act(
        with_result, "follow_up", receptionist, method="phone", satisfaction="dissatisfied"
    )
    assert ticket.state == State.REFERRED
    last_two = list(
        ticket.events.order_by("-pk").values_list("kind", "from_state", "to_state")[:2]
    )[::-1]
    assert last_two == [
        (EventKind.FOLLOWED_UP, State.REFERRED, State.FOLLOWED_UP),
        (EventKind.REOPENED, State.FOLLOWED_UP, State.REFERRED),
    ]


def test_every_event_starts_where_the_previous_one_ended(with_result, receptionist):
    act(with_result, "follow_up", receptionist, method="phone", satisfaction="dissatisfied")
    steps = list(with_result.events.order_by("pk").values_list("from_state", "to_state"))
    for (_from, previous_to), (next_from, _to) in itertools.pairwise(steps):
        assert next_from == previous_to, steps


def test_the_department_list_shows_only_what_its_reader_may_open(
    client, referred, realestate, handler, department_head
):
    clerk = make_staff("clerk", department=realestate, post="内勤")  # neither handler nor head
    client.force_login(clerk)
    page = client.get(reverse("tickets:department"))
    assert page.status_code == 200
    assert referred.number not in page.content.decode()
    assert referred.visitor_name not in page.content.decode()
    assert client.get(reverse("tickets:detail", args=[referred.number])).status_code == 404

    for allowed in (handler, department_head):
        client.force_login(allowed)
        assert referred.number in client.get(reverse("tickets:department")).content.decode()
