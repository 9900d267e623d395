"""Violation cases (违规立案): the rule broken, who answers for it, the evidence, the
decision with its sanction, and the appeal.

Rules live here (transitions say from where to where and for whom); the effects —
row lock, the decision and event rows, the notices — are in services.py. Decisions
and appeals are append-only: a changed sanction is a new ``Decision`` row, and the
case only points at the one in force.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from firstask.accountability import permissions as perms
from firstask.accountability.choices import (
    AppealOutcome,
    CaseState,
    EvidenceKind,
    Responsibility,
)
from firstask.accountability.models.catalogue import RuleItem, Sanction
from firstask.accountability.models.complaints import Complaint
from firstask.core.models import AppendOnly, person_ref, reference
from firstask.inspection.models import Finding, MysteryShop
from firstask.org.models import Department
from firstask.tickets.models import Ticket

TEXT_MAX = 2000


class Case(ConcurrentTransitionMixin, models.Model):
    rule_item = reference(RuleItem, _("rule broken"), related_name="cases")
    summary = models.TextField(_("what happened"), max_length=TEXT_MAX)
    state = FSMField(_("state"), default=CaseState.OPEN, choices=CaseState.choices, protected=True)
    opened_by = person_ref(_("opened by"))
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    # The decision in force (the latest of the case's decisions) and its date: the
    # year of ``decided_on`` is the year the sanction counts in, appeal or not.
    decision = models.ForeignKey(
        "accountability.Decision",
        verbose_name=_("decision in force"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    appeal_due_on = models.DateField(_("appeal by"), null=True, blank=True)

    class Meta:
        verbose_name = _("violation case")
        verbose_name_plural = _("violation cases")
        ordering = ["-opened_at", "-pk"]
        indexes = [
            models.Index(fields=["decided_on", "state"], name="acc_case_decided"),
            models.Index(fields=["-opened_at", "-id"], name="acc_case_newest"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"ZR{self.opened_at:%Y}-{self.pk or 0:05d}"

    @property
    def counts(self) -> bool:
        from firstask.accountability.choices import COUNTING_STATES

        return self.state in COUNTING_STATES

    @transition(
        field=state, source=CaseState.OPEN, target=CaseState.DECIDED, permission=perms.can_decide
    )
    def decide(self) -> None:
        """A sanction is decided; the service records it and starts the appeal window."""

    @transition(
        field=state, source=CaseState.OPEN, target=CaseState.DISMISSED, permission=perms.can_decide
    )
    def dismiss(self) -> None:
        """No violation: the case is closed without a sanction."""

    @transition(
        field=state,
        source=CaseState.DECIDED,
        target=CaseState.APPEALED,
        conditions=[perms.appeal_window_open],
        permission=perms.can_appeal,
    )
    def appeal(self) -> None:
        """The person appeals (申诉) within the window."""

    @transition(
        field=state,
        source=CaseState.APPEALED,
        target=CaseState.DECIDED,
        permission=perms.can_decide_appeal,
    )
    def uphold_or_change(self) -> None:
        """The appeal is decided: the sanction stands (upheld) or another replaces it."""

    @transition(
        field=state,
        source=CaseState.APPEALED,
        target=CaseState.WITHDRAWN,
        permission=perms.can_decide_appeal,
    )
    def withdraw(self) -> None:
        """The appeal succeeds: the sanction is withdrawn and stops counting."""


class CaseParty(models.Model):
    """One person who answers for the case, and how (docs/domain.md#accountability)."""

    case = reference(Case, related_name="parties")
    person = person_ref(_("person"), related_name="accountability_parties")
    responsibility = models.CharField(
        _("responsibility"), max_length=20, choices=Responsibility.choices
    )
    # The department the person answered for when the case was opened.
    department = reference(Department, _("department"), optional=True)
    # The sanction in force for this person (set by the decision in force).
    sanction = reference(Sanction, _("sanction"), optional=True)
    # Copies of the case's dates and of "this person's sanction counts" (the case is
    # decided or under appeal and the person has a sanction), kept by the services in
    # the same transaction, so scorecards read one indexed table by person or department
    # instead of walking every case of the year.
    opened_on = models.DateField(_("opened on"), null=True, editable=False)
    decided_on = models.DateField(_("decided on"), null=True, editable=False)
    standing = models.BooleanField(_("sanction stands"), default=False, editable=False)

    class Meta:
        verbose_name = _("person responsible")
        verbose_name_plural = _("persons responsible")
        ordering = ["case", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="acc_party_once"),
            models.UniqueConstraint(
                fields=["case"], condition=Q(responsibility="direct"), name="acc_one_direct"
            ),
        ]
        indexes = [
            models.Index(fields=["person", "case"], name="acc_party_person"),
            models.Index(fields=["person", "decided_on"], name="acc_party_person_day"),
            models.Index(fields=["department", "decided_on"], name="acc_party_dept_day"),
            models.Index(fields=["decided_on", "standing"], name="acc_party_day"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.person_id} ({self.responsibility})"


class Evidence(AppendOnly):
    """What the case rests on: an audit flag, a sampled finding, a mystery-shopper visit,
    a complaints-register entry or an inquiry. Evidence only grows."""

    case = reference(Case, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=20, choices=EvidenceKind.choices)
    ticket = reference(Ticket, _("inquiry"), optional=True)
    audit_rule = models.CharField(_("audit flag"), max_length=40, blank=True)
    audit_day = models.DateField(_("audit day"), null=True, blank=True)
    finding = reference(Finding, optional=True)
    mystery_shop = reference(MysteryShop, optional=True)
    complaint = reference(Complaint, related_name="evidence_for", optional=True)
    note = models.TextField(_("note"), max_length=TEXT_MAX, blank=True)
    added_by = person_ref(_("added by"))
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["case", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.kind}"


class Decision(AppendOnly):
    """A decision on a case: the first one, or the one on appeal. Never changed."""

    case = reference(Case, related_name="decisions")
    on_appeal = models.BooleanField(_("on appeal"), default=False)
    outcome = models.CharField(
        _("appeal outcome"), max_length=20, choices=AppealOutcome.choices, blank=True
    )
    sanction = reference(Sanction, _("sanction"), optional=True)
    chain_sanction = reference(Sanction, _("sanction for the leadership"), optional=True)
    reasons = models.TextField(_("reasons"), max_length=TEXT_MAX)
    decided_by = person_ref(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["case", "decided_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.sanction_id} ({self.outcome or 'first'})"


class Appeal(AppendOnly):
    """申诉: the person's reasons, filed once per case within the window."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="appeal_filed")
    appellant = person_ref(_("appellant"))
    reasons = models.TextField(_("reasons"), max_length=TEXT_MAX)
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-filed_at"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.appellant_id}"
