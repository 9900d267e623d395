"""The journal of accountability: one append-only row per step of a complaint, a case
or a commendation — who, when, what, from which state to which, and the details by
field name. Labels are translated when shown, never stored."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from firstask.accountability.choices import EventKind
from firstask.accountability.models.cases import Case
from firstask.accountability.models.commendations import Commendation
from firstask.accountability.models.complaints import Complaint
from firstask.core.models import Journal, person_ref, reference


class Event(Journal):
    case = reference(Case, related_name="events", null=True)
    complaint = reference(Complaint, related_name="events", null=True)
    commendation = reference(Commendation, related_name="events", null=True)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    actor = person_ref(_("by"))

    class Meta:
        verbose_name = _("accountability event")
        verbose_name_plural = _("accountability events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} @ {self.at:%Y-%m-%d %H:%M}"
