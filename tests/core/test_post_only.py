"""GET on an action URL of any app: a page in the user's language that links back to
where the button is (``core.http.post_only``), never Django's blank 405 (issue 9, 10).

The ticket actions go straight back to the ticket page (tests/tickets/
test_action_urls_and_register_days.py); every other app shows this page."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

DAY = date(2026, 12, 1)


def assert_friendly_405(client: Client, url: str, back: str) -> None:
    """Chinese by default, English after the switch; 405 with Allow, a link back."""
    for language, heading in (
        ("zh-hans", "这个地址属于页面上的按钮"),
        ("en", "This address belongs to a button"),
    ):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 405, url
        assert response["Allow"] == "POST"
        assert heading in page, (language, url)
        assert f'href="{back}" data-testid="back"' in page


@pytest.mark.parametrize(
    ("name", "kwargs", "back"),
    [
        ("inspection:draw_sample", {"day": DAY}, ("inspection:day", {"day": DAY})),
        ("inspection:amend", {"day": DAY}, ("inspection:day", {"day": DAY})),
        ("inspection:finding", {"pk": 7, "item_id": 3}, ("inspection:sample", {"pk": 7})),
    ],
)
def test_get_on_an_inspection_action_url(client, inspector, name, kwargs, back):
    client.force_login(inspector)
    assert_friendly_405(client, reverse(name, kwargs=kwargs), reverse(back[0], kwargs=back[1]))


@pytest.mark.parametrize(
    ("name", "kwargs"), [("notify:mark_read", {"pk": 1}), ("notify:mark_all_read", {})]
)
def test_get_on_a_notify_action_url(client, receptionist, name, kwargs):
    client.force_login(receptionist)
    assert_friendly_405(client, reverse(name, kwargs=kwargs), reverse("notify:inbox"))


@pytest.mark.parametrize(
    ("name", "page"),
    [
        ("case_note", "case"),
        ("case_decide", "case"),
        ("case_dismiss", "case"),
        ("case_appeal", "case"),
        ("case_appeal_decide", "case"),
        ("commendation_decide", "commendation"),
        ("complaint_answer", "complaint"),
    ],
)
def test_get_on_an_accountability_action_url(client, leader, name, page):
    client.force_login(leader)
    url = reverse(f"accountability:{name}", args=[5])
    assert_friendly_405(client, url, reverse(f"accountability:{page}", args=[5]))


def test_get_on_the_reports_generate_url(client, manager):
    client.force_login(manager)
    assert_friendly_405(client, reverse("reports:generate"), reverse("reports:reports"))


@pytest.mark.parametrize(
    ("name", "extra"),
    [
        ("tickets:casework", ["attach"]),
        ("tickets:part_sign", [3]),
        ("tickets:part_report", [3]),
        ("tickets:supervision_reply", [3]),
        ("tickets:receipt_code", []),
    ],
)
def test_get_on_a_ticket_casework_url(client, receptionist, name, extra):
    client.force_login(receptionist)
    url = reverse(name, args=["20261201-0001", *extra])
    assert_friendly_405(client, url, reverse("tickets:detail", args=["20261201-0001"]))


def test_get_on_the_logout_url_keeps_the_session(client, receptionist):
    client.force_login(receptionist)
    assert_friendly_405(client, reverse("logout"), reverse("home"))
    assert client.get(reverse("home")).status_code == 200  # still signed in
    assert client.post(reverse("logout")).status_code == 302


def test_other_methods_get_the_same_page(client, receptionist):
    client.force_login(receptionist)
    response = client.put(reverse("notify:mark_all_read"))
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert 'data-testid="method-not-allowed"' in response.content.decode()
