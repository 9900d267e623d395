"""Codes of a deadline warning, stored as codes and translated at render/send time."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WarningKind(models.TextChoices):
    """Which clock the warning is about (see firstask.tickets.deadlines)."""

    ANSWER = "answer", _("Answer or refer")
    SIGN_FOR = "sign_for", _("Sign for the referral")
    HANDLE = "handle", _("Handle the referral")
    FOLLOW_UP = "follow_up", _("Follow up with the visitor")
    PROGRESS = "progress", _("Progress note")
    # Not a clock: the nightly integrity check found violations (managers only).
    INTEGRITY = "integrity", _("Integrity check")
    # Not a clock: a message another app posts (a decision, an appeal…); see ``message``.
    MESSAGE = "message", _("Notice")
    SUPERVISION = "supervision", _("Supervision order (督办)")
    CHASE = "chase", _("Chased by the first responder (催办)")
    CO_HANDLING = "co_handling", _("Joint handling (协办)")


class WarningLevel(models.IntegerChoices):
    DUE_SOON = 1, _("Due soon")
    OVERDUE = 2, _("Overdue")
    LEADER = 3, _("Escalated to the supervising leader")


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")
