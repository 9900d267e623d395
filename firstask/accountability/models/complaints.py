"""The complaints, suggestions and opinions register (客户投诉/建议/意见记录表,
docs/domain.md#accountability).

One row per complaint, suggestion, opinion or praise, by whatever channel — a slip
from the suggestion box (意见箱) carries the date the box was opened. Who complained is
stored here but shown only to those whose role allows (permissions.sees_complainant).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from firstask.accountability.choices import (
    ComplaintChannel,
    ComplaintClass,
    ComplaintKind,
    ComplaintState,
    Concerns,
)
from firstask.core.models import Recorded, person_ref, reference
from firstask.org.models import Department
from firstask.tickets.models import Ticket

TEXT_MAX = 2000


class Complaint(Recorded):
    kind = models.CharField(_("kind"), max_length=20, choices=ComplaintKind.choices)
    channel = models.CharField(_("received by"), max_length=20, choices=ComplaintChannel.choices)
    received_on = models.DateField(_("received on"), default=timezone.localdate, db_index=True)
    box_opened_on = models.DateField(_("suggestion box opened on"), null=True, blank=True)
    complainant_name = models.CharField(_("name of the person"), max_length=50, blank=True)
    complainant_phone = models.CharField(_("their phone"), max_length=30, blank=True)
    concerns = models.CharField(_("concerns"), max_length=20, choices=Concerns.choices)
    concerned_staff = person_ref(
        _("staff member concerned"), related_name="complaints_about", optional=True
    )
    concerned_department = reference(
        Department, _("department concerned"), related_name="complaints_about", optional=True
    )
    ticket = reference(Ticket, _("inquiry"), related_name="complaints", optional=True)
    classification = models.CharField(
        _("classification"), max_length=20, choices=ComplaintClass.choices
    )
    content = models.TextField(_("content"), max_length=TEXT_MAX)
    action_taken = models.TextField(_("what was done"), max_length=TEXT_MAX, blank=True)
    reply = models.TextField(_("reply to the person"), max_length=TEXT_MAX, blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    state = FSMField(
        _("state"),
        default=ComplaintState.OPEN,
        choices=ComplaintState.choices,
        protected=True,
        db_index=True,
    )

    class Meta:
        verbose_name = _("complaint register entry")
        verbose_name_plural = _("complaints register")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(channel="box") | Q(box_opened_on__isnull=False),
                name="accountability_box_has_opening_date",
            ),
            models.CheckConstraint(
                condition=~Q(concerns="staff") | Q(concerned_staff__isnull=False),
                name="accountability_staff_complaint_names_staff",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"TS{self.received_on:%Y}-{self.pk or 0:05d}"

    @transition(field=state, source=ComplaintState.OPEN, target=ComplaintState.ANSWERED)
    def answer(self, *, action_taken: str, reply: str, replied_on) -> None:
        self.action_taken = action_taken
        self.reply = reply
        self.replied_on = replied_on
