"""Writes of the core app."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from firstask.core.models import WorkerHeartbeat

KEEP_HEARTBEATS = timedelta(days=1)


def record_worker_heartbeat(*, hostname: str) -> WorkerHeartbeat:
    """Store one heartbeat and drop those older than a day (they are noise, not history)."""
    now = timezone.now()
    beat = WorkerHeartbeat.objects.create(hostname=hostname[:200], beat_at=now)
    WorkerHeartbeat.objects.filter(beat_at__lt=now - KEEP_HEARTBEATS).delete()
    return beat
