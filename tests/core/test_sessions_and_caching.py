"""Sessions without a write per request (defect 4), no-store on logged-in pages (14).

Every request used to save the session (SESSION_SAVE_EVERY_REQUEST): on SQLite each
reader took the write lock, and a failed write after a committed registration told the
clerk "logged out". The idle timeout must hold with at most one write a minute.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _session_writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]


def _log_in(client, user) -> None:
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def test_reading_pages_does_not_write_the_session_on_every_request(client, receptionist):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _log_in(client, receptionist)
        client.get(reverse("home"))  # the first page after login may note the time
    later = start + timedelta(seconds=20)
    with time_machine.travel(later, tick=False), CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            assert client.get(reverse("home")).status_code == 200
            assert client.get(reverse("tickets:mine")).status_code == 200
    assert _session_writes(queries) == []


def test_idle_timeout_is_kept_by_a_refresh_at_most_once_a_minute(client, receptionist):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _log_in(client, receptionist)
        client.get(reverse("home"))
    # Active every 20 minutes for an hour: each visit moves the expiry, the user stays in.
    for minutes in (20, 40, 60):
        at = start + timedelta(minutes=minutes)
        with time_machine.travel(at, tick=False), CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        assert len(_session_writes(queries)) == 1, minutes
    # 31 idle minutes later the session has expired: back to the login page.
    with time_machine.travel(start + timedelta(minutes=60 + 31), tick=False):
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_logged_in_pages_are_not_stored_by_the_browser(client, receptionist):
    client.force_login(receptionist)
    for url in (reverse("home"), reverse("tickets:mine"), reverse("tickets:intake")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
