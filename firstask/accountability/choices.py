"""Codes of the accountability records, stored as codes and translated when shown."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ComplaintChannel(models.TextChoices):
    VISIT = "visit", _("In person")
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter")
    ONLINE = "online", _("Online")
    BOX = "box", _("Suggestion box")
    OTHER = "other", _("Other")


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    SUGGESTION = "suggestion", _("Suggestion")
    OPINION = "opinion", _("Opinion")
    PRAISE = "praise", _("Praise")


class ComplaintClass(models.TextChoices):
    ATTITUDE = "attitude", _("Attitude")
    SPEED = "speed", _("Speed")
    KNOWLEDGE = "knowledge", _("Knowledge")
    DEFLECTION = "deflection", _("Deflection (推诿)")
    OTHER = "other", _("Other")


class Concerns(models.TextChoices):
    STAFF = "staff", _("A staff member")
    DEPARTMENT = "department", _("A department")
    CENTRE = "centre", _("The centre as a whole")


class ComplaintState(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Handled and replied")


class CaseState(models.TextChoices):
    OPEN = "open", _("Under investigation")
    DECIDED = "decided", _("Decided")
    APPEALED = "appealed", _("Under appeal")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DISMISSED = "dismissed", _("Dismissed")


# A decided sanction counts while it stands: decided, or under appeal (an appeal does
# not suspend it). Withdrawn and dismissed cases never count.
COUNTING_STATES = (CaseState.DECIDED, CaseState.APPEALED)


class Responsibility(models.TextChoices):
    """004 篇三·五(一): who answers for a breach, and how."""

    DIRECT = "direct", _("Direct responsibility")
    MAIN = "main", _("Main leadership responsibility")
    IMPORTANT = "important", _("Important leadership responsibility")


class EvidenceKind(models.TextChoices):
    AUDIT_FLAG = "audit_flag", _("Audit flag")
    FINDING = "finding", _("Sampled finding")
    MYSTERY = "mystery", _("Mystery-shopper visit")
    COMPLAINT = "complaint", _("Complaints register entry")
    INQUIRY = "inquiry", _("Inquiry")


class AppealOutcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld")
    CHANGED = "changed", _("Sanction changed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class CommendationSource(models.TextChoices):
    FOLLOW_UP = "follow_up", _("Praise at the follow-up")
    LETTER = "letter", _("Letter of thanks")
    COMPLAINT = "complaint", _("Complaints register (praise)")
    MYSTERY = "mystery", _("Mystery-shopper scores")
    HEAD = "head", _("Proposed by a head")
    MEASURES = "measures", _("The period's measures")


class CommendationKind(models.TextChoices):
    PRAISE = "praise", _("Commendation")
    PUBLIC = "public", _("Public commendation (通报表扬)")
    SERVICE_STAR = "service_star", _("Service star (优质服务标兵)")


class CommendationState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class EventKind(models.TextChoices):
    OPENED = "opened", _("Opened")
    NOTE = "note", _("Investigation note")
    EVIDENCE = "evidence", _("Evidence added")
    DECIDED = "decided", _("Decided")
    DISMISSED = "dismissed", _("Dismissed")
    NOTIFIED = "notified", _("Person notified")
    APPEALED = "appealed", _("Appeal filed")
    APPEAL_DECIDED = "appeal_decided", _("Appeal decided")
    RECORDED = "recorded", _("Recorded")
    ANSWERED = "answered", _("Handled and replied")
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
