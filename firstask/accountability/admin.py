"""Operator console: managers edit the two catalogues (no deletes — deactivate an item
instead, decided cases point at it); cases, decisions, appeals, complaints,
commendations and the journal are read-only here: they change only through the
services, which keep the record."""

from __future__ import annotations

from django.contrib import admin

from firstask.accountability import tallies
from firstask.accountability.models import (
    Appeal,
    Case,
    Commendation,
    Complaint,
    Decision,
    Event,
    RuleItem,
    Sanction,
)
from firstask.accountability.permissions import can_manage_catalogue
from firstask.core.admin import ReadOnly


class CatalogueAdmin(admin.ModelAdmin):
    def has_view_permission(self, request, obj=None) -> bool:
        return can_manage_catalogue(request.user)

    def has_add_permission(self, request) -> bool:
        return can_manage_catalogue(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return can_manage_catalogue(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_module_permission(self, request) -> bool:
        return can_manage_catalogue(request.user)


@admin.register(Sanction)
class SanctionAdmin(CatalogueAdmin):
    list_display = [
        "name",
        "code",
        "severity",
        "is_efficiency_warning",
        "is_public_criticism",
        "referred_on",
        "is_active",
    ]
    list_filter = ["is_active", "is_efficiency_warning"]
    search_fields = ["name", "code"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and "is_efficiency_warning" in form.changed_data:
            # Whether a sanction is an efficiency warning decides who is 不称职 in every
            # year it was given: the scorecards' sums are counted again (same transaction).
            tallies.rebuild()


@admin.register(RuleItem)
class RuleItemAdmin(CatalogueAdmin):
    list_display = [
        "title",
        "code",
        "default_sanction",
        "chain_section_head",
        "chain_supervising_leader",
        "is_active",
    ]
    list_filter = ["is_active", "chain_section_head", "chain_supervising_leader"]
    search_fields = ["title", "code"]


class RecordAdmin(ReadOnly, CatalogueAdmin):
    """Seen by whoever manages the catalogues; changed only through the services."""


@admin.register(Case)
class CaseAdmin(RecordAdmin):
    list_display = ["__str__", "rule_item", "state", "opened_by", "opened_at", "decided_on"]
    list_filter = ["state", "rule_item"]
    list_select_related = ["rule_item", "opened_by"]


@admin.register(Decision)
class DecisionAdmin(RecordAdmin):
    list_display = ["case", "on_appeal", "outcome", "sanction", "decided_by", "decided_at"]
    list_select_related = ["sanction", "decided_by"]


@admin.register(Appeal)
class AppealAdmin(RecordAdmin):
    list_display = ["case", "appellant", "filed_at"]


@admin.register(Complaint)
class ComplaintAdmin(RecordAdmin):
    list_display = ["__str__", "kind", "channel", "received_on", "concerns", "state"]
    list_filter = ["kind", "channel", "state"]


@admin.register(Commendation)
class CommendationAdmin(RecordAdmin):
    list_display = ["__str__", "person", "kind", "source", "state", "decided_on"]
    list_filter = ["kind", "state"]


@admin.register(Event)
class EventAdmin(RecordAdmin):
    list_display = ["kind", "actor", "at", "case", "complaint", "commendation"]
    list_filter = ["kind"]
