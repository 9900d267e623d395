"""Warning claims and notifications: the rows that make warnings exactly-once.

``WarningClaim`` is the guarantee: one row per (ticket, kind, level, deadline, subject),
unique, so whichever sweep inserts it first owns that warning; a duplicate beat, a redelivered
message, a second sweep or a rerun after ``kill -9`` finds the row already there and
does nothing. A new deadline (an extension, a re-referral) is a new key, so its own
ladder runs again.

``WarningSchedule`` is when the sweep next looks at an open ticket: a narrow copy of
``Ticket.next_warning_at`` kept by the database (``notify/schedule.py``), so the sweep
moves a two-column row on instead of rewriting the wide ticket row (see its docstring).

``Notification`` is both the inbox entry and the email outbox row: a request or the
sweep only writes it; the relay task sends the email later (a request never talks to
the broker). Apps above this one post plain messages (kind "message") through
``services.post_message`` and get the same inbox entry and email.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from firstask.core.models import person_ref, reference
from firstask.notify.choices import EmailStatus, WarningKind, WarningLevel
from firstask.tickets.models import Ticket


class WarningClaim(models.Model):
    # Indexed by notify_one_warning, which starts with it: no index of its own.
    ticket = reference(Ticket, _("inquiry"), related_name="warning_claims", db_index=False)
    kind = models.CharField(_("kind"), max_length=20, choices=WarningKind.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=WarningLevel.choices)
    # The deadline the warning is about (the running clock's due time, or the missed
    # progress-note time): part of the key, so a moved deadline warns again.
    deadline = models.DateTimeField(_("deadline"))
    claimed_at = models.DateTimeField(_("claimed at"), default=timezone.now)
    # The sweep run that inserted it; a sweep acts only on the claims carrying its token.
    claimed_by = models.CharField(_("claimed by"), max_length=40, editable=False)
    # What on the ticket the warning is about, when the ticket has several of a kind:
    # a supervision order's id (two 督办 orders with one reply deadline are two
    # warnings, to two addressees). 0 for the ticket's own clocks — the database's
    # default, so the ticket sweep's claims (which do not name it) keep their key.
    subject = models.PositiveBigIntegerField(_("warning subject"), db_default=0, editable=False)

    class Meta:
        verbose_name = _("warning")
        verbose_name_plural = _("warnings")
        ordering = ["-claimed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "kind", "level", "deadline", "subject"],
                name="notify_one_warning_each",
            )
        ]
        indexes = [models.Index(fields=["claimed_by"], name="notify_claim_token")]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind}/{self.level} @ {self.deadline:%Y-%m-%d %H:%M}"


class WarningSchedule(models.Model):
    """When the warning sweep next looks at an open ticket (NULL: never again).

    Why a table of its own: moving a ticket's ``next_warning_at`` on rewrote the whole
    ticket row — on PostgreSQL an indexed column changed is never a HOT update, so each
    of the ticket table's indexes (27 then) got a new entry: ≈ 50 µs of a due inquiry's
    ≈ 230. This row has two columns and two indexes.

    Who writes it: the database, whenever a statement sets a ticket's
    ``next_warning_at`` or ``state`` (a transition's ``refresh_deadlines`` + ``save``, a
    loader, a bench): triggers copy the ticket's value here — NULL unless the ticket is
    open, as the old partial index had it (``notify/schedule.py``). Then only the sweep
    moves it on (``notify/sweep.py``), conditionally on the value it read. So any
    transition still resets the ladder, as before, and no Python path can forget to.
    """

    ticket = models.OneToOneField(
        Ticket,
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="warning_schedule",
        verbose_name=_("inquiry"),
    )
    next_at = models.DateTimeField(_("next warning check"), null=True, blank=True)

    class Meta:
        verbose_name = _("warning schedule")
        verbose_name_plural = _("warning schedules")
        indexes = [
            # Only what is scheduled: an idle sweep is one range on this, reading no
            # row; in the sweep's order (next_at, ticket), so a batch needs no sort.
            models.Index(
                fields=["next_at", "ticket"],
                name="notify_schedule_due",
                condition=Q(next_at__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} @ {self.next_at}"


class Notification(models.Model):
    # recipient and warning have no index of their own: notify_inbox starts with the
    # one, notify_once_per_recipient with the other (a lookup of one warning's rows
    # implies its condition). The sweep inserts thousands a second; each index is a
    # write more.
    recipient = person_ref(_("recipient"), related_name="notifications", db_index=False)
    ticket = reference(Ticket, _("inquiry"), related_name="notifications", optional=True)
    warning = reference(
        WarningClaim, _("warning"), related_name="notifications", optional=True, db_index=False
    )
    kind = models.CharField(_("kind"), max_length=20, choices=WarningKind.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=WarningLevel.choices)
    # Told for information (抄送) rather than as the one who must act.
    cc = models.BooleanField(_("copy for information"), default=False)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    # For kind "message": {"text": msgid, "params": {...}, "link": "/local/path/"}. The
    # text is an untranslated msgid (marked with gettext_noop where it is posted) and is
    # translated when shown or sent, like every other row here.
    # Nullable: the sweep inserts warning rows with a raw multi-row INSERT (core.db).
    message = models.JSONField(_("message"), default=dict, null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    # Email outbox: the relay claims pending rows and sends each at most once.
    email_status = models.CharField(
        _("email"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_by = models.CharField(max_length=40, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["warning", "recipient"],
                condition=Q(warning__isnull=False),
                name="notify_once_per_recipient",
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notify_inbox"),
            models.Index(
                fields=["recipient"], name="notify_unread", condition=Q(read_at__isnull=True)
            ),
            models.Index(
                fields=["email_status", "next_attempt_at"],
                name="notify_outbox",
                condition=Q(email_status__in=["pending", "sending"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.kind}/{self.level}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
