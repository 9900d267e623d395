"""A task queued by the web process runs on a real worker, through a real redis-server.

This is the chain an operator relies on: request process → Redis → worker → database →
/healthz. Eager tasks would prove none of it, so nothing here is mocked.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from firstask.core.models import WorkerHeartbeat
from firstask.core.tasks import record_heartbeat
from tests.fixtures.infra import CeleryWorker, wait_for

pytestmark = pytest.mark.integration

TASK_TIMEOUT = 30.0


def heartbeat_from(worker: CeleryWorker) -> WorkerHeartbeat | None:
    return WorkerHeartbeat.objects.filter(hostname=worker.nodename).first()


def test_heartbeat_queued_by_web_runs_on_worker_and_health_reports_it(
    celery_worker: CeleryWorker, client: Client
) -> None:
    before = client.get(reverse("healthz")).json()
    assert before["worker"] == "stale", "no heartbeat yet: health must not claim a worker"

    record_heartbeat.delay()

    beat = wait_for(lambda: heartbeat_from(celery_worker), timeout=TASK_TIMEOUT)
    assert beat is not None, f"worker {celery_worker.nodename} wrote no heartbeat within 30 s"

    after = client.get(reverse("healthz"))
    assert after.status_code == 200
    body = after.json()
    assert (body["database"], body["worker"]) == ("ok", "ok")
    assert body["last_heartbeat"] == beat.beat_at.isoformat()


def test_task_queued_while_worker_is_dead_runs_once_a_worker_is_back(
    celery_worker: CeleryWorker,
) -> None:
    """The queue is Redis, not the worker: work queued during an outage is not lost."""
    celery_worker.kill()
    assert not celery_worker.alive

    record_heartbeat.delay()
    assert WorkerHeartbeat.objects.count() == 0

    celery_worker.start()
    beat = wait_for(lambda: heartbeat_from(celery_worker), timeout=TASK_TIMEOUT)
    assert beat is not None, "the task queued while the worker was down never ran"
