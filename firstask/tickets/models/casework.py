"""Records around an inquiry that are not its state: the visitor's extraction code and
status look-ups, supervision orders (督办), chases (催办) and co-departments (协办).

Written only by firstask.tickets.casework (the services); every change also writes a
TicketEvent in the same transaction.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from firstask.core.models import AppendOnly, person_ref, reference
from firstask.org.models import Department
from firstask.tickets.models.ticket import NOTE_MAX, Ticket


class StatusCode(models.Model):
    """The receipt's 提取码: random, only its hash is stored (like a password)."""

    ticket = models.OneToOneField(
        Ticket, on_delete=models.PROTECT, related_name="status_code", verbose_name=_("inquiry")
    )
    code_hash = models.CharField(max_length=128, editable=False)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = person_ref(null=True)

    class Meta:
        verbose_name = _("extraction code")
        verbose_name_plural = _("extraction codes")

    def __str__(self) -> str:
        return str(self.ticket_id)


class StatusLookup(AppendOnly):
    """Every look-up on the public status page, right or wrong: the log and the
    rate limiter's memory (wrong codes per address and per number)."""

    at = models.DateTimeField(_("time"), default=timezone.now)
    address = models.CharField(_("address"), max_length=45)
    number = models.CharField(_("number"), max_length=40)
    ok = models.BooleanField(_("code correct"))
    refused = models.BooleanField(_("refused (locked out)"), default=False)

    class Meta:
        verbose_name = _("status look-up")
        verbose_name_plural = _("status look-ups")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["address", "at"], name="status_lookup_address"),
            models.Index(fields=["number", "at"], name="status_lookup_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number} @ {self.at:%Y-%m-%d %H:%M}"


class SupervisionOrder(models.Model):
    """督办: a leader's written order on an inquiry, with an instruction and a reply
    deadline; the addressee replies. An unanswered order past its deadline is warned
    (to the addressee) and escalated (to the leader who issued it) exactly once."""

    ticket = reference(Ticket, related_name="supervision_orders")
    issued_by = person_ref(_("issued by"), related_name="supervision_orders_issued")
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    addressee = person_ref(_("addressed to"), related_name="supervision_orders_received")
    instruction = models.TextField(_("instruction"), max_length=NOTE_MAX)
    reply_due_at = models.DateTimeField(_("reply by"))
    reply = models.TextField(_("reply"), max_length=NOTE_MAX, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = person_ref(_("replied by"), optional=True)
    # When the warning sweep must look at this order (its deadline, until warned).
    next_warning_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("supervision order")
        verbose_name_plural = _("supervision orders")
        ordering = ["issued_at", "pk"]
        indexes = [
            models.Index(
                fields=["next_warning_at"],
                name="supervision_due",
                condition=Q(replied_at__isnull=True),
            ),
            models.Index(fields=["addressee", "replied_at"], name="supervision_addressee"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.reply_due_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.replied_at is None

    @property
    def is_overdue(self) -> bool:
        return self.replied_at is None and self.reply_due_at <= timezone.now()


class Chase(AppendOnly):
    """催办: the first responder (or the general office) chasing the handling department."""

    ticket = reference(Ticket, related_name="chases")
    department = reference(Department, _("department chased"), related_name="chases")
    chased_by = person_ref(_("chased by"))
    at = models.DateTimeField(_("time"), default=timezone.now)
    note = models.TextField(_("note"), max_length=NOTE_MAX, blank=True)

    class Meta:
        verbose_name = _("chase")
        verbose_name_plural = _("chases")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["department", "at"], name="chase_department_at")]

    def __str__(self) -> str:
        return f"{self.ticket_id} → {self.department_id}"


class CoDepartment(models.Model):
    """协办: a department joined to a referral besides the lead one. It signs for its
    part and reports it; the lead records the result once the parts are in (or says
    what is missing)."""

    ticket = reference(Ticket, related_name="co_departments")
    department = reference(Department, _("co-department"), related_name="co_handlings")
    request = models.TextField(_("part asked for"), max_length=NOTE_MAX, blank=True)
    added_by = person_ref()
    added_at = models.DateTimeField(_("added at"), default=timezone.now)
    signed_at = models.DateTimeField(_("signed for at"), null=True, blank=True)
    signed_by = person_ref(optional=True)
    part = models.TextField(_("part reported"), max_length=NOTE_MAX, blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    reported_by = person_ref(optional=True)

    class Meta:
        verbose_name = _("co-department")
        verbose_name_plural = _("co-departments")
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "department"], name="tickets_one_codepartment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} + {self.department_id}"
