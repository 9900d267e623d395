"""The ground vocabularies: codes several layers share, depending on Django only.

An inquiry's channel, category and urgency are chosen at the desk (tickets), set the
handling limit (workdays' deadline policies are per category and urgency) and file the
responsibility directory's matters (directory). They live here, at the bottom, so the
lower apps never import tickets; ``firstask.tickets.choices`` re-exports them. Stored as
stable codes and translated at render time.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    PHONE = "phone", _("Phone call")
    LETTER = "letter", _("Letter")
    ONLINE = "online", _("Online / email")


class Category(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation")
    BUSINESS = "business", _("Business handling")
    COMPLAINT = "complaint", _("Complaint")
    REPORT = "report", _("Report / tip-off")
    HELP = "help", _("Request for help")
    SUGGESTION = "suggestion", _("Suggestion")
    LEADER = "leader", _("Asking for a leader")


class Urgency(models.TextChoices):
    NORMAL = "normal", pgettext_lazy("urgency", "Normal")
    URGENT = "urgent", pgettext_lazy("urgency", "Urgent")
    VERY_URGENT = "very_urgent", pgettext_lazy("urgency", "Very urgent")
