"""The inquiry's history and detail rows: handover slips, answers, follow-ups,
extension requests and the append-only event log. Written only by the services."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from firstask.core.models import AppendOnly, Journal, person_ref, reference
from firstask.org.models import Department
from firstask.tickets.choices import (
    AnswerKind,
    EventKind,
    FollowUpMethod,
    ReturnReason,
    Satisfaction,
    State,
)
from firstask.tickets.models.ticket import NOTE_MAX, Ticket


class Referral(models.Model):
    """One handover slip (转办交接单). A ticket referred, returned and re-referred has
    several; the ticket's own referred_* fields describe the open one."""

    ticket = reference(Ticket, related_name="referrals")
    department = reference(Department, _("referred to"), related_name="referrals")
    handler = person_ref(_("handler"), related_name="referrals_to_handle", optional=True)
    referred_by = person_ref(_("referred by"), related_name="referrals_made")
    referred_at = models.DateTimeField(_("referred at"))
    summary = models.TextField(_("summary"), max_length=NOTE_MAX)
    suggestion = models.TextField(_("suggestion"), max_length=NOTE_MAX, blank=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    handle_days = models.PositiveSmallIntegerField(
        _("working days to handle"),
        null=True,
        blank=True,
        help_text=_("The limit the referrer set on the slip, within the policy."),
    )
    via_general_office = models.BooleanField(_("assigned by the general office"), default=False)
    signed_at = models.DateTimeField(_("signed for at"), null=True, blank=True)
    signed_by = person_ref(_("signed for by"), related_name="referrals_signed", optional=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_by = person_ref(_("returned by"), related_name="referrals_returned", optional=True)
    return_reason = models.CharField(
        _("return reason"), max_length=20, choices=ReturnReason.choices, blank=True
    )
    return_note = models.TextField(_("return explanation"), max_length=NOTE_MAX, blank=True)
    result = models.TextField(_("result"), max_length=NOTE_MAX, blank=True)
    result_at = models.DateTimeField(_("result recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("handover slip")
        verbose_name_plural = _("handover slips")
        ordering = ["referred_at", "pk"]

    def __str__(self) -> str:
        # Shown in admin: the ticket's number and the department's name, never raw ids.
        return f"{self.ticket.number} · {self.department.name}"


class Answer(models.Model):
    """What the first responder told the visitor; a redo adds another."""

    ticket = reference(Ticket, related_name="answers")
    kind = models.CharField(_("answer kind"), max_length=30, choices=AnswerKind.choices)
    text = models.TextField(_("answer"), max_length=NOTE_MAX)
    agency_name = models.CharField(_("agency directed to"), max_length=100, blank=True)
    agency_address = models.CharField(_("agency address"), max_length=200, blank=True)
    agency_phone = models.CharField(_("agency phone"), max_length=40, blank=True)
    agency_contact = models.CharField(_("contact person there"), max_length=60, blank=True)
    missing_items = models.JSONField(_("missing materials"), default=list, blank=True)
    answered_by = person_ref(related_name="answers_given")
    answered_at = models.DateTimeField(_("answered at"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["answered_at", "pk"]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.get_kind_display()}"


class FollowUp(models.Model):
    """回访记录: how and when the visitor was asked, and what they said."""

    ticket = reference(Ticket, related_name="follow_ups")
    method = models.CharField(_("method"), max_length=20, choices=FollowUpMethod.choices)
    contacted_at = models.DateTimeField(_("contacted at"))
    satisfaction = models.CharField(_("satisfaction"), max_length=20, choices=Satisfaction.choices)
    remarks = models.TextField(_("remarks"), max_length=NOTE_MAX, blank=True)
    # docs/domain.md#measures: optional 1–5 scores beside the three-level satisfaction; all or none.
    score_attitude = models.PositiveSmallIntegerField(_("service attitude (1–5)"), null=True)
    score_speed = models.PositiveSmallIntegerField(_("response speed (1–5)"), null=True)
    score_resolution = models.PositiveSmallIntegerField(_("problem-solving (1–5)"), null=True)
    recorded_by = person_ref(related_name="follow_ups_recorded")

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["contacted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        score_attitude__isnull=True,
                        score_speed__isnull=True,
                        score_resolution__isnull=True,
                    )
                    | models.Q(
                        score_attitude__gte=1,
                        score_attitude__lte=5,
                        score_speed__gte=1,
                        score_speed__lte=5,
                        score_resolution__gte=1,
                        score_resolution__lte=5,
                    )
                ),
                name="tickets_follow_up_scores_1_5_all_or_none",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.get_satisfaction_display()}"

    @property
    def scores(self) -> tuple[int, int, int] | None:
        if self.score_attitude is None:
            return None
        return (self.score_attitude, self.score_speed, self.score_resolution)


class TicketEvent(Journal):
    """One row per thing that happened to a ticket: never edited, never deleted.

    ``data`` is keyed by field name and holds codes, not translated labels; the
    timeline translates at render time.
    """

    # No index of its own: event_ticket_at starts with it (the warning sweep writes
    # thousands of events a second; each index is a write more).
    ticket = reference(Ticket, related_name="events", db_index=False)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    actor = person_ref(_("by"), related_name="ticket_events", optional=True)
    # The inquiry's states, named (the journal's own columns are plain codes).
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["ticket", "at"], name="event_ticket_at"),
            models.Index(fields=["at"], name="event_at"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind} @ {self.at:%Y-%m-%d %H:%M}"


class ExtensionRequest(models.Model):
    """延期申请: the handler asks, the department head or supervising leader decides."""

    ticket = reference(Ticket, related_name="extensions")
    requested_by = person_ref(related_name="extensions_requested")
    requested_at = models.DateTimeField(_("requested at"))
    requested_until = models.DateTimeField(_("new deadline asked for"))
    reason = models.TextField(_("reason"), max_length=NOTE_MAX)
    decided_by = person_ref(related_name="extensions_decided", optional=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    approved = models.BooleanField(_("approved"), null=True)
    decision_note = models.TextField(_("decision note"), max_length=NOTE_MAX, blank=True)
    visitor_notice = models.TextField(
        _("what the visitor was told"), max_length=NOTE_MAX, blank=True
    )

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["requested_at", "pk"]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.requested_until:%Y-%m-%d}"


class DistilledTemplate(AppendOnly):
    """案例归档: the closed inquiry an answer template of the directory was distilled from.

    The link lives here, above the directory, so the directory never points at tickets
    (layers point one way: tickets → directory, never back).
    """

    template = models.OneToOneField(
        "directory.AnswerTemplate",
        verbose_name=_("answer template"),
        on_delete=models.PROTECT,
        related_name="source",
    )
    ticket = reference(Ticket, _("distilled from inquiry"), related_name="distilled_templates")

    class Meta:
        verbose_name = _("distilled template")
        verbose_name_plural = _("distilled templates")

    def __str__(self) -> str:
        return f"{self.ticket_id} → {self.template_id}"
