"""The journal of accountability: one append-only row per step of a complaint, a case
or a commendation — who, when, what, from which state to which, and the details by
field name. Labels are translated when shown, never stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from firstask.accountability.choices import EventKind
from firstask.core.models import AppendOnly


class Event(AppendOnly):
    case = models.ForeignKey(
        "accountability.Case", on_delete=models.PROTECT, null=True, related_name="events"
    )
    complaint = models.ForeignKey(
        "accountability.Complaint", on_delete=models.PROTECT, null=True, related_name="events"
    )
    commendation = models.ForeignKey(
        "accountability.Commendation",
        on_delete=models.PROTECT,
        null=True,
        related_name="events",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    from_state = models.CharField(_("from"), max_length=20, blank=True)
    to_state = models.CharField(_("to"), max_length=20, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("accountability event")
        verbose_name_plural = _("accountability events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} @ {self.at:%Y-%m-%d %H:%M}"
