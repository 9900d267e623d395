"""Vocabularies of an inquiry, stored as stable codes and translated at render time.

Channel, category and urgency are shared with the layers below (deadline policies per
category and urgency, the directory's matters by category): they live in
``firstask.core.vocabulary`` and are re-exported here, so ``tickets.choices`` stays the
one place to import an inquiry's vocabularies from.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from firstask.core.vocabulary import Category, Channel, Urgency

# What the person who asked is called on each register (来访人 / 来电人 / 来信人 / 网络留言人).
VISITOR_NOUN = {
    "walk_in": _("Visitor"),
    "phone": _("Caller"),
    "letter": _("Letter writer"),
    "online": _("Online correspondent"),
}

# Each channel's register, as its paper is titled (来访 / 来电 / 来信 / 网络登记表).
REGISTER_TITLE = {
    "walk_in": _("Walk-in register"),
    "phone": _("Call register"),
    "letter": _("Letter register"),
    "online": _("Online register"),
}

# How the first responder naturally follows up on each channel.
CHANNEL_FOLLOW_UP = {
    "walk_in": "counter",
    "phone": "phone",
    "letter": "phone",
    "online": "email",
}

__all__ = [
    "AnswerKind",
    "Category",
    "Channel",
    "EventKind",
    "FollowUpMethod",
    "ReturnReason",
    "Satisfaction",
    "State",
    "Urgency",
]


class State(models.TextChoices):
    RECEIVED = "received", _("Received")
    ANSWERED = "answered", _("Answered")
    REFERRED = "referred", _("Referred")
    FOLLOWED_UP = "followed_up", _("Followed up")
    CLOSED = "closed", _("Closed")
    VOID = "void", _("Void")
    MERGED = "merged", _("Merged")


class ReferralStatus(models.TextChoices):
    """Where a referral stands, shown beside the state (待签收 / 已签收 / 已办理 / 被退回)."""

    AWAITING_SIGN_FOR = "awaiting_sign_for", _("Awaiting sign-for")
    SIGNED_FOR = "signed_for", pgettext_lazy("referral status", "Signed for")
    HANDLED = "handled", _("Handled")
    RETURNED = "returned", pgettext_lazy("referral status", "Returned")


class AnswerKind(models.TextChoices):
    ON_THE_SPOT = "on_the_spot", _("Answered or handled on the spot")
    OUTSIDE_REMIT = "outside_remit", _("Outside our remit: directed to another agency")
    NOT_PERMITTED = "not_permitted", _("Not permitted by law or policy: explained")
    MATERIALS_MISSING = "materials_missing", _("Materials missing: told all at once")


class FollowUpMethod(models.TextChoices):
    PHONE = "phone", _("Phone")
    VISIT = "visit", _("Visit")
    EMAIL = "email", _("Email / online")
    COUNTER = "counter", _("At the counter")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class ReturnReason(models.TextChoices):
    NOT_OURS = "not_ours", _("Not within our department's duties")
    UNCLEAR = "unclear", _("Ownership unclear")
    OVERLAPPING = "overlapping", _("Overlapping duties with another department")
    INCOMPLETE = "incomplete", _("Handover information incomplete")


class EventKind(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ANSWERED = "answered", _("Answered")
    REFERRED = "referred", _("Referred")
    ASSIGNED = "assigned", _("Assigned by the general office")
    SIGNED_FOR = "signed_for", _("Signed for")
    RETURNED = "returned", _("Returned")
    PROGRESS = "progress", _("Progress note")
    RESULT = "result", _("Result recorded")
    FOLLOWED_UP = "followed_up", _("Followed up")
    REOPENED = "reopened", _("Reopened for redo")
    CLOSED = "closed", _("Closed")
    VOIDED = "voided", _("Voided")
    PHONE_REVEALED = "phone_revealed", _("Full phone number shown")
    WARNING = "warning", _("Deadline warning")
    EXTENSION_REQUESTED = "extension_requested", _("Extension requested")
    EXTENSION_APPROVED = "extension_approved", _("Extension approved")
    EXTENSION_REFUSED = "extension_refused", _("Extension refused")
    NOTE = "note", _("Note")
    MERGED = "merged", _("Merged into another inquiry")
    MERGED_IN = "merged_in", _("Duplicate merged in")
    UNMERGED = "unmerged", _("Merge undone")
    SUPERVISION_ISSUED = "supervision_issued", _("Supervision order issued")
    SUPERVISION_REPLIED = "supervision_replied", _("Supervision order answered")
    CHASED = "chased", _("Department chased")
    CO_ADDED = "co_added", _("Co-department joined")
    CO_SIGNED = "co_signed", _("Co-department signed for its part")
    CO_REPORTED = "co_reported", _("Co-department reported its part")
    ATTACHED = "attached", _("File attached")
    STATUS_CODE = "status_code", _("Extraction code issued")
    PAUSED = "paused", _("Paused: waiting on the visitor")
    RESUMED = "resumed", _("Resumed")
    VISITOR_CONTACTED = "visitor_contacted", _("Visitor told of progress")
