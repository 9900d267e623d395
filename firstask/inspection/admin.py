"""Operator console for the inspection: managers edit the phrase list; mystery-shopper
visits, samples, findings, sign-offs and the journal are read-only here (they are
recorded, and corrected as new revisions, only through the inspection pages)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext as _

from firstask.core.admin import ReadOnlyAdmin
from firstask.inspection.models import (
    AuditEvent,
    DaySignOff,
    Finding,
    ForbiddenPhrase,
    MysteryShop,
    Sample,
)
from firstask.inspection.phrases import BUILTIN_PHRASES


@admin.register(ForbiddenPhrase)
class ForbiddenPhraseAdmin(admin.ModelAdmin):
    list_display = ["phrase", "is_active", "note"]
    list_filter = ["is_active"]
    search_fields = ["phrase"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.base_fields["phrase"].help_text = _(
            "Always checked as well, whatever this list says: %(phrases)s"
        ) % {"phrases": "、".join(BUILTIN_PHRASES)}
        return form


@admin.register(MysteryShop)
class MysteryShopAdmin(ReadOnlyAdmin):
    """Read-only: visits are recorded and corrected (as new revisions) by inspectors on
    the inspection pages, so no manager can rewrite an inspector's scores."""

    list_display = ["visited_on", "desk", "staff", "attitude", "knowledge", "speed", "revises"]
    list_filter = ["visited_on"]
    search_fields = ["desk", "staff__last_name", "staff__username"]
    list_select_related = ["staff", "revises"]


@admin.register(Sample)
class SampleAdmin(ReadOnlyAdmin):
    list_display = ["day", "seed", "size", "population_count", "drawn_by", "drawn_at"]
    date_hierarchy = "day"


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["item", "outcome", "score", "after_sign_off", "recorded_by", "recorded_at"]
    list_filter = ["outcome", "after_sign_off"]


@admin.register(DaySignOff)
class DaySignOffAdmin(ReadOnlyAdmin):
    list_display = ["day", "signed_by", "signed_at"]
    exclude = ["snapshot"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["day", "kind", "actor", "at", "reason"]
    list_filter = ["kind"]
