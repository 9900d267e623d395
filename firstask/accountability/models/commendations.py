"""Commendations (表扬) and the period's service star (优质服务标兵 / 服务明星): proposed
from a source, decided like a sanction by someone else (docs/domain.md#accountability)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from firstask.accountability import permissions as perms
from firstask.accountability.choices import (
    CommendationKind,
    CommendationSource,
    CommendationState,
)
from firstask.accountability.models.complaints import Complaint
from firstask.core.models import person_ref, reference
from firstask.inspection.models import MysteryShop
from firstask.org.models import Department
from firstask.tickets.models import Ticket


class Commendation(models.Model):
    person = person_ref(_("person"), related_name="commendations")
    department = reference(Department, _("department"), optional=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CommendationKind.choices)
    source = models.CharField(_("source"), max_length=20, choices=CommendationSource.choices)
    reasons = models.TextField(_("reasons"), max_length=2000)
    ticket = reference(Ticket, optional=True)
    complaint = reference(Complaint, related_name="commendations", optional=True)
    mystery_shop = reference(MysteryShop, optional=True)
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    measures = models.JSONField(_("measures"), default=dict, blank=True)
    state = FSMField(
        _("state"),
        default=CommendationState.PROPOSED,
        choices=CommendationState.choices,
        protected=True,
    )
    proposed_by = person_ref(_("proposed by"))
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_by = person_ref(_("decided by"), optional=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True, db_index=True)
    decision_note = models.TextField(_("decision note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["-proposed_at", "-pk"]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"BY{self.proposed_at:%Y}-{self.pk or 0:05d}"

    @transition(
        field=state,
        source=CommendationState.PROPOSED,
        target=CommendationState.APPROVED,
        permission=perms.can_decide_commendation,
    )
    def approve(self) -> None:
        """Confirmed: it counts on the person's scorecard."""

    @transition(
        field=state,
        source=CommendationState.PROPOSED,
        target=CommendationState.REJECTED,
        permission=perms.can_decide_commendation,
    )
    def reject(self) -> None:
        """Not confirmed; the proposal stays on record."""
