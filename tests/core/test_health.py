"""/healthz: the database must take a write; the worker and integrity are reported.

A load balancer polls this page. It reads the newest worker heartbeat row instead of
talking to the broker, so a Redis outage shows up as "worker: stale" and never as a
slow or failing probe that takes the web tier out of rotation.
"""

from __future__ import annotations

import contextlib
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from firstask.core.models import HealthProbe, IntegrityRun, WorkerHeartbeat

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
    assert body["database"] == "ok"
    assert body["worker"] == "ok"
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


def test_each_probe_writes_its_heartbeat_row(client):
    """Not SELECT 1: the probe commits a row, so a database that only reads fails it."""
    first = timezone.now()
    with time_machine.travel(first, tick=False):
        _health(client)
    with time_machine.travel(first + timedelta(seconds=5), tick=False):
        _health(client)
    (probe,) = HealthProbe.objects.all()
    assert probe.at == first + timedelta(seconds=5)


@contextlib.contextmanager
def read_only_database():
    """Make the real database engine refuse writes on this connection, as a read-only
    mount (SQLite) or a read-only primary / hot standby (PostgreSQL) does."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = ON")
        else:
            cursor.execute("SET default_transaction_read_only = on")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA query_only = OFF")
            else:
                cursor.execute("SET default_transaction_read_only = off")


@pytest.mark.django_db(transaction=True)
def test_read_only_database_is_503_and_named(client):
    """The defect: SELECT 1 said "ok" while every registration failed."""
    WorkerHeartbeat.objects.create(hostname="celery@desk", beat_at=timezone.now())
    with read_only_database():
        with connection.cursor() as cursor:  # reads still work: SELECT 1 would pass
            cursor.execute("SELECT 1")
        response, body = _health(client)
    assert response.status_code == 503
    assert body["database"] == "read-only"
    assert body["failed"] == ["database"]
    assert body["worker"] == "ok"  # the other parts are still reported
    assert _health(client)[0].status_code == 200  # writable again


def test_stale_worker_is_named_but_still_200(client):
    response, body = _health(client)
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["failed"] == ["worker"]


def test_integrity_violations_are_named_but_still_200(client):
    now = timezone.now()
    WorkerHeartbeat.objects.create(hostname="celery@desk", beat_at=now)
    _response, body = _health(client)
    assert body["integrity"] == "unknown"
    assert body["status"] == "ok"
    IntegrityRun.objects.create(
        started_at=now, finished_at=now, violations=3, counts={"version": 3}
    )
    response, body = _health(client)
    assert response.status_code == 200
    assert body["integrity"] == "violations"
    assert body["integrity_violations"] == 3
    assert body["failed"] == ["integrity"]
    IntegrityRun.objects.create(started_at=now + timedelta(seconds=1), finished_at=now)
    assert _health(client)[1]["integrity"] == "ok"
