"""Thin tasks of the core app."""

from __future__ import annotations

from celery import shared_task

from firstask.core.services import record_worker_heartbeat


@shared_task(name="firstask.core.tasks.record_heartbeat")
def record_heartbeat() -> int:
    from celery import current_task

    hostname = getattr(current_task.request, "hostname", None) or "worker"
    return record_worker_heartbeat(hostname=hostname).pk


@shared_task(name="firstask.core.tasks.refresh_planner_statistics")
def refresh_planner_statistics() -> None:
    from firstask.core.services import refresh_query_planner_statistics

    refresh_query_planner_statistics()
