"""Out-of-range values any logged-in user can send are refused, never a 500 (defect 10).

Year 1 and year 9999 made "previous day / next day" overflow; a 20-digit id overflowed
the database's integer; a follow-up dated in year 3 was stored.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from firstask.tickets.models import Ticket
from tests.tickets.conftest import intake_post

pytestmark = pytest.mark.django_db

HOSTILE_DAYS = ["0001-01-01", "9999-12-31", "2026-02-30", "1900-01-01"]


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.parametrize("day", HOSTILE_DAYS)
def test_inspection_day_pages_out_of_range_are_404(inspector, day):
    client = _client(inspector)
    for name in ("inspection:day", "inspection:report", "inspection:sign_off"):
        response = client.get(reverse(name, args=[day]))
        assert response.status_code == 404, (name, day, response.status_code)


@pytest.mark.parametrize("day", HOSTILE_DAYS)
def test_inspection_date_picker_out_of_range_shows_today(inspector, day):
    response = _client(inspector).get(reverse("inspection:today"), {"day": day})
    assert response.status_code == 200


@pytest.mark.parametrize("matter", ["99999999999999999999", "-5", "1e9", "０１"])
def test_directory_templates_with_a_huge_matter_id(receptionist, matter):
    response = _client(receptionist).get(reverse("directory:templates"), {"matter": matter})
    assert response.status_code == 200
    assert response.json()["matter"] is None


@pytest.mark.parametrize(
    ("channel", "field", "value"),
    [
        ("phone", "call_time", "0001-01-01T00:00"),
        ("phone", "call_time", "9999-12-31T23:59"),
        ("phone", "call_time", "2003-05-01T09:00"),
        ("letter", "letter_date", "0001-01-01"),
        ("letter", "letter_date", "9999-12-31"),
        ("walk_in", "promised_at", "9999-12-31T23:59"),
    ],
)
def test_intake_dates_out_of_range_are_field_errors(receptionist, channel, field, value):
    response = intake_post(_client(receptionist), channel, **{field: value})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Ticket.objects.exists()


def test_a_call_earlier_today_is_accepted(receptionist):
    earlier = timezone.localtime() - timezone.timedelta(minutes=30)
    response = intake_post(
        _client(receptionist), "phone", call_time=earlier.strftime("%Y-%m-%dT%H:%M")
    )
    assert response.status_code == 302
