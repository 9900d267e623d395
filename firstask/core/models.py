"""Operational records of the running system itself, and the model shapes every app
declares the same way (append-only history, a reference to a member of staff)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def reference(
    to: Any,
    verbose_name: Any = None,
    *,
    related_name: str | None = "+",
    optional: bool = False,
    **options: Any,
) -> models.ForeignKey:
    """A reference from one record to another, as every app declares it.

    Always ``PROTECT``: nothing in firstask is hard-deleted (people and departments are
    deactivated), so a record keeps naming what it pointed at. No reverse accessor
    unless ``related_name`` names one. ``optional`` is a reference that may stay empty
    (null in the database, blank in forms). The field deconstructs exactly as the
    hand-written ``ForeignKey`` did, so using it changes no migration.

    ``to`` is the model class, imported: a use of another app is then an import that
    tests/test_layers.py reads (it would not see an ``"app.Model"`` string here).
    """
    if isinstance(to, str) and to not in (settings.AUTH_USER_MODEL, "self"):
        raise TypeError(f"reference({to!r}): pass the model class, not its name")
    if optional:
        options.update(null=True, blank=True)
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        related_name=related_name,
        **options,
    )


def person_ref(verbose_name: Any = None, **options: Any) -> models.ForeignKey:
    """A member of staff: who did something, or whom it is about (see ``reference``)."""
    return reference(settings.AUTH_USER_MODEL, verbose_name, **options)


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a history row."""


class AppendOnly(models.Model):
    """Rows written once — history, not state: saving again or deleting is refused.

    Ticket events and the inspectors' findings, sign-offs and journal all use it, so
    "nothing is ever lost" is one mechanism, not one per app.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} rows are append-only")


class Recorded(models.Model):
    """Who wrote a register entry or an inspection record down, and when — the moment it
    was recorded, which the record's own date (received, visited) may precede."""

    recorded_by = person_ref(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        abstract = True


class Journal(AppendOnly):
    """One step in the history of a record (an inquiry, a case, a complaint…): when,
    from which state to which, a note, and the details keyed by field name. Codes are
    stored, never translated labels: the pages translate them when shown. The app's
    subclass adds the record it belongs to, its ``kind`` and who acted."""

    at = models.DateTimeField(_("time"), default=timezone.now)
    from_state = models.CharField(_("from"), max_length=20, blank=True)
    to_state = models.CharField(_("to"), max_length=20, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        abstract = True


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


class HealthProbe(models.Model):
    """One row per probing process, rewritten by every /healthz call.

    ``SELECT 1`` answers on a read-only or full database; writing this row does not,
    so the probe tells the load balancer the truth about the thing requests need.
    """

    name = models.CharField(max_length=100, primary_key=True)
    at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("health probe")
        verbose_name_plural = _("health probes")

    def __str__(self) -> str:
        return f"{self.name} @ {self.at:%Y-%m-%d %H:%M:%S}"


class IntegrityRun(models.Model):
    """The outcome of one run of the integrity check (``manage.py check_integrity`` or
    the nightly beat task): /healthz and the managers read the newest row."""

    started_at = models.DateTimeField(_("started at"), db_index=True)
    finished_at = models.DateTimeField(_("finished at"))
    violations = models.PositiveIntegerField(_("violations"), default=0)
    # {check code: count} and a few examples per check, for the operator.
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    examples = models.JSONField(_("examples"), default=list, blank=True)

    class Meta:
        verbose_name = _("integrity check run")
        verbose_name_plural = _("integrity check runs")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}: {self.violations}"
