"""/healthz: the database must answer; the worker is reported, never required.

A load balancer polls this page. It reads the newest worker heartbeat row instead of
talking to the broker, so a Redis outage shows up as "worker: stale" and never as a
slow or failing probe that takes the web tier out of rotation.
"""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from firstask.core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def _health(client):
    response = client.get(reverse("healthz"))
    return response, response.json()


def test_healthy_database_without_worker(client):
    response, body = _health(client)
    assert response.status_code == 200
    assert body["database"] == "ok"
    assert body["worker"] == "stale"
    assert body["last_heartbeat"] is None


def test_fresh_heartbeat_reports_the_worker_ok(client):
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        WorkerHeartbeat.objects.create(hostname="celery@desk", beat_at=now - timedelta(seconds=30))
        response, body = _health(client)
    assert response.status_code == 200
    assert body["worker"] == "ok"
    assert body["last_heartbeat"] is not None


def test_old_heartbeat_is_stale_but_still_200(client):
    now = timezone.now()
    WorkerHeartbeat.objects.create(hostname="celery@desk", beat_at=now - timedelta(minutes=10))
    with time_machine.travel(now, tick=False):
        response, body = _health(client)
    assert response.status_code == 200
    assert body["worker"] == "stale"


def test_health_needs_no_login_and_is_not_cached(client):
    response, _body = _health(client)
    assert response.status_code == 200  # not a redirect to the login page
    assert "no-cache" in response.headers.get("Cache-Control", "")


def test_health_never_touches_the_broker(client):
    """If the page tried the broker, one of these would raise and the probe would fail."""
    from kombu import Connection

    from config.celery import app

    boom = ConnectionError("broker must not be contacted from a request")
    with (
        mock.patch.object(Connection, "connect", side_effect=boom) as connect,
        mock.patch.object(Connection, "ensure_connection", side_effect=boom) as ensure,
        mock.patch.object(app, "connection", side_effect=boom) as app_connection,
        mock.patch.object(app, "connection_for_write", side_effect=boom) as for_write,
    ):
        WorkerHeartbeat.objects.create(hostname="celery@desk", beat_at=timezone.now())
        response, body = _health(client)
    assert response.status_code == 200
    assert body == {"database": "ok", "worker": "ok", "last_heartbeat": mock.ANY}
    for patched in (connect, ensure, app_connection, for_write):
        patched.assert_not_called()


def test_database_down_is_503(client):
    """The one thing the probe does require: a failing database takes the node out."""
    with mock.patch.object(connection, "cursor", side_effect=RuntimeError("db down")):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_health_is_get_only(client):
    assert client.post(reverse("healthz")).status_code == 405
