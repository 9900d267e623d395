"""Commendations (表扬, 004 篇四(四)) and the period's service star (优质服务标兵 / 服务明星,
001, 003): proposed from a source, decided like a sanction by someone else."""

from __future__ import annotations

from django.conf import settings
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


class Commendation(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="commendations",
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CommendationKind.choices)
    source = models.CharField(_("source"), max_length=20, choices=CommendationSource.choices)
    reasons = models.TextField(_("reasons"), max_length=2000)
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    complaint = models.ForeignKey(
        "accountability.Complaint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations",
    )
    mystery_shop = models.ForeignKey(
        "inspection.MysteryShop", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    measures = models.JSONField(_("measures"), default=dict, blank=True)
    state = FSMField(
        _("state"),
        default=CommendationState.PROPOSED,
        choices=CommendationState.choices,
        protected=True,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
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
