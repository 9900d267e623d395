"""Reads of the core app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.utils import timezone

from firstask.core.models import WorkerHeartbeat

HEARTBEAT_FRESH = timedelta(minutes=3)


@dataclass(frozen=True)
class Health:
    database_ok: bool
    last_heartbeat: datetime | None

    @property
    def worker_ok(self) -> bool:
        if self.last_heartbeat is None:
            return False
        return timezone.now() - self.last_heartbeat <= HEARTBEAT_FRESH


def system_health() -> Health:
    """Database reachability, and the age of the newest worker heartbeat (no broker call)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        last = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True)
        return Health(database_ok=True, last_heartbeat=last.first())
    except Exception:
        return Health(database_ok=False, last_heartbeat=None)
