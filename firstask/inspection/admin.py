"""Operator console for the inspection: managers edit the phrase list and may enter
mystery-shopper visits; samples, findings, sign-offs and the journal are read-only
here (they are changed only through the inspection pages, which keep the record)."""

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
class MysteryShopAdmin(admin.ModelAdmin):
    list_display = ["visited_on", "desk", "staff", "attitude", "knowledge", "speed"]
    list_filter = ["visited_on"]
    search_fields = ["desk", "staff__last_name", "staff__username"]
    raw_id_fields = ["staff"]
    readonly_fields = ["recorded_by", "recorded_at"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


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
