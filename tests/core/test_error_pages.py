"""Every error a user can meet is a page in their language (defect 4, issue 15).

Django's own pages are bare English ("Bad Request (400)", "CSRF verification failed").
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_bad_request_page_is_chinese(client):
    response = client.get(reverse("login"), HTTP_HOST="evil.example")
    assert response.status_code == 400
    body = response.content.decode()
    assert "无法处理" in body
    assert "Bad Request" not in body


def test_a_failed_session_write_is_a_chinese_400_not_bare_english(receptionist, monkeypatch):
    from django.contrib.sessions.backends.base import UpdateError
    from django.contrib.sessions.backends.db import SessionStore

    client = Client(raise_request_exception=False)
    client.force_login(receptionist)

    def fail(self, must_create=False):
        raise UpdateError  # e.g. the session row was removed meanwhile

    # Two minutes after login the page refreshes the idle clock, so it saves the session.
    monkeypatch.setattr(SessionStore, "save", fail)
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        response = client.get(reverse("home"))
    body = response.content.decode()
    assert response.status_code == 400
    assert "无法处理" in body and "Bad Request" not in body


def test_csrf_failure_page_is_chinese(receptionist):
    client = Client(enforce_csrf_checks=True)
    client.force_login(receptionist)
    response = client.post(reverse("tickets:intake"), {"matter": "x"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "表单已过期" in body
    assert "CSRF verification failed" not in body


def test_404_and_403_pages_are_chinese(client, receptionist):
    client.force_login(receptionist)
    assert "页面不存在" in client.get("/no-such-page/").content.decode()
    assert client.get(reverse("admin:index")).status_code == 403


def test_favicon_is_a_real_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # the ICO header
