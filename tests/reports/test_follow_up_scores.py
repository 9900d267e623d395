"""The follow-up may record 1–5 scores for 服务态度、响应速度、问题解决能力 (003 §4.4.1)
beside the three-level satisfaction: all three or none, shown on the ticket page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from firstask.tickets.models import FollowUp, TicketEvent
from tests.tickets.conftest import act, register

pytestmark = pytest.mark.django_db


def _post(client, ticket, **fields):
    data = {
        "follow_up-version": ticket.version,
        "follow_up-method": "phone",
        "follow_up-satisfaction": "satisfied",
        "follow_up-remarks": "",
        **{f"follow_up-{k}": v for k, v in fields.items()},
    }
    return client.post(reverse("tickets:action", args=[ticket.number, "follow_up"]), data)


@pytest.fixture
def answered(receptionist):
    ticket = register(receptionist)
    return act(ticket, "answer", receptionist, kind="on_the_spot", text="已答复")


def test_scores_are_recorded_with_the_follow_up(client, receptionist, answered):
    client.force_login(receptionist)
    response = _post(client, answered, score_attitude="5", score_speed="4", score_resolution="3")
    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    assert follow_up.scores == (5, 4, 3)
    event = TicketEvent.objects.filter(ticket=answered, kind="followed_up").get()
    assert event.data["score_speed"] == 4
    page = client.get(reverse("tickets:detail", args=[answered.number]))
    assert 'data-testid="follow-up-scores"' in page.content.decode()


def test_scores_are_optional(client, receptionist, answered):
    client.force_login(receptionist)
    assert _post(client, answered).status_code == 302
    assert FollowUp.objects.get().scores is None


def test_some_scores_without_the_others_are_refused_next_to_the_fields(
    client, receptionist, answered
):
    client.force_login(receptionist)
    response = _post(client, answered, score_attitude="5")
    assert response.status_code in (200, 400)
    assert not FollowUp.objects.exists()
    assert "给出全部三项评分，或都不填" in response.content.decode()


def test_out_of_range_scores_are_refused(client, receptionist, answered):
    client.force_login(receptionist)
    _post(client, answered, score_attitude="9", score_speed="4", score_resolution="3")
    assert not FollowUp.objects.exists()
