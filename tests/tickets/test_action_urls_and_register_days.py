"""GET on an action URL goes back to the ticket (issue 10); a register's ``?day=`` out of
range shows today instead of a 500 (defect 10, issue 15)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "extra"),
    [
        ("tickets:action", ["sign_for"]),
        ("tickets:reveal_phone", []),
        ("tickets:save_template", []),
        ("tickets:action", ["no_such_action"]),
    ],
)
def test_get_on_an_action_url_goes_to_the_ticket_page(client, referred, handler, name, extra):
    client.force_login(handler)
    response = client.get(reverse(name, args=[referred.number, *extra]))
    assert response.status_code == 302
    assert response["Location"] == reverse("tickets:detail", args=[referred.number])


def test_other_methods_are_still_refused(client, referred, handler):
    client.force_login(handler)
    response = client.put(reverse("tickets:action", args=[referred.number, "sign_for"]))
    assert response.status_code == 405


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2026-13-01", "1800-01-01"])
def test_register_with_a_day_out_of_range_shows_today(receptionist, day):
    client = Client(raise_request_exception=False)
    client.force_login(receptionist)
    response = client.get(reverse("tickets:register", args=["walk_in"]), {"day": day})
    assert response.status_code == 200
    assert response.context["day"] == timezone.localdate()


def test_a_follow_up_dated_in_year_3_is_refused(client, with_result, receptionist):
    client.force_login(receptionist)
    url = reverse("tickets:action", args=[with_result.number, "follow_up"])
    for when in ("0003-05-01T10:00", "0001-01-01T00:00", "9999-12-31T23:59"):
        response = client.post(
            url,
            {
                "follow_up-version": with_result.version,
                "follow_up-method": "phone",
                "follow_up-contacted_at": when,
                "follow_up-satisfaction": "satisfied",
            },
        )
        assert response.status_code == 400, when
    assert not with_result.follow_ups.exists()
