"""Admin: the weights and targets a manager sets; stored reports read-only."""

from __future__ import annotations

from django.contrib import admin

from firstask.reports.models import MeasureSettings, Report


@admin.register(MeasureSettings)
class MeasureSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "weight_response", "weight_first_time", "weight_satisfaction")

    def has_add_permission(self, request):
        return not MeasureSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("kind", "start", "end", "version", "generated_at", "generated_by")
    list_filter = ("kind",)
    readonly_fields = ("kind", "start", "end", "version", "generated_at", "generated_by", "data")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
