"""Reads of the core app (and the one write /healthz makes to prove it can)."""

from __future__ import annotations

import logging
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from firstask.core.models import HealthProbe, IntegrityRun, WorkerHeartbeat

HEARTBEAT_FRESH = timedelta(minutes=3)
logger = logging.getLogger(__name__)

DB_OK, DB_READ_ONLY, DB_DOWN = "ok", "read-only", "down"


@dataclass(frozen=True)
class Health:
    database: str
    last_heartbeat: datetime | None
    integrity: IntegrityRun | None = None

    @property
    def database_ok(self) -> bool:
        return self.database == DB_OK

    @property
    def worker_ok(self) -> bool:
        if self.last_heartbeat is None:
            return False
        return timezone.now() - self.last_heartbeat <= HEARTBEAT_FRESH

    @property
    def integrity_ok(self) -> bool | None:
        """None until the check has run once; then whether its last run was clean."""
        return None if self.integrity is None else self.integrity.violations == 0

    @property
    def failed(self) -> list[str]:
        """The parts that are not right, named as the JSON names them."""
        parts = []
        if not self.database_ok:
            parts.append("database")
        if not self.worker_ok:
            parts.append("worker")
        if self.integrity_ok is False:
            parts.append("integrity")
        return parts


def _write_probe() -> None:
    """Rewrite this host's probe row: proves the database takes a committed write."""
    with transaction.atomic():
        HealthProbe.objects.bulk_create(
            [HealthProbe(name=socket.gethostname()[:100], at=timezone.now())],
            update_conflicts=True,
            unique_fields=["name"],
            update_fields=["at"],
        )


def system_health() -> Health:
    """Can the database be written (not only read); the newest worker heartbeat and
    integrity run (rows, no broker call)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        last = (
            WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
        )
        integrity = IntegrityRun.objects.order_by("-started_at", "-pk").first()
    except Exception:
        logger.exception("healthz: the database does not answer")
        return Health(database=DB_DOWN, last_heartbeat=None)
    try:
        _write_probe()
    except Exception:
        logger.exception("healthz: the database answers but refuses a write")
        return Health(database=DB_READ_ONLY, last_heartbeat=last, integrity=integrity)
    return Health(database=DB_OK, last_heartbeat=last, integrity=integrity)
