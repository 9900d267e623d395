"""Operational records of the running system itself."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """Written by a beat-scheduled task: proof that beat, broker and a worker all work.

    /healthz reads the newest row instead of calling the broker, so a request never
    waits on Redis.
    """

    hostname = models.CharField(_("worker"), max_length=200)
    beat_at = models.DateTimeField(_("time"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        ordering = ["-beat_at"]

    def __str__(self) -> str:
        return f"{self.hostname} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"
