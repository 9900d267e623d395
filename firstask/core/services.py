"""Writes of the core app."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from firstask.core.models import IntegrityRun, WorkerHeartbeat

KEEP_HEARTBEATS = timedelta(days=1)


def record_worker_heartbeat(*, hostname: str) -> WorkerHeartbeat:
    """Store one heartbeat and drop those older than a day (they are noise, not history)."""
    now = timezone.now()
    beat = WorkerHeartbeat.objects.create(hostname=hostname[:200], beat_at=now)
    WorkerHeartbeat.objects.filter(beat_at__lt=now - KEEP_HEARTBEATS).delete()
    return beat


def refresh_query_planner_statistics() -> None:
    """Let SQLite's planner know the tables' shapes (it has no autovacuum to do it).

    Without statistics SQLite may pick the first-responder index for a phone search and
    scan a receptionist's whole history. ``analysis_limit`` keeps this to milliseconds.
    PostgreSQL's autovacuum analyses on its own.
    """
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA analysis_limit=1000")
        cursor.execute("ANALYZE")


KEEP_INTEGRITY_RUNS = 400


def record_integrity_run(
    *, started_at, finished_at, counts: dict[str, int], examples: list[dict]
) -> IntegrityRun:
    """Store one integrity check outcome for /healthz and the managers; keep about a
    year of nightly runs (the result is history, the examples are for the operator)."""
    run = IntegrityRun.objects.create(
        started_at=started_at,
        finished_at=finished_at,
        violations=sum(counts.values()),
        counts=counts,
        examples=examples[:200],
    )
    stale = IntegrityRun.objects.order_by("-started_at", "-pk").values_list("pk", flat=True)[
        KEEP_INTEGRITY_RUNS:
    ]
    IntegrityRun.objects.filter(pk__in=list(stale)).delete()
    return run
