"""Managers maintain the directory here. Nothing is deleted: rows are deactivated,
because tickets will point at matters and agencies."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from firstask.core.fields import FieldRulesAdminMixin, LineField, ServicePhoneField
from firstask.directory.admin_tabular import TabularAdminMixin
from firstask.directory.models import Agency, AnswerTemplate, Matter, MatterMaterial
from firstask.directory.services import set_active
from firstask.directory.tabular.formats import AgencyFormat, MatterFormat
from firstask.directory.tabular.staff import DepartmentFormat, StaffFormat
from firstask.org.admin import DepartmentAdmin, StaffUserAdmin, User
from firstask.org.models import Department

UNNUMBERED = 32767  # largest PositiveSmallIntegerField value: sorts after every number


class ActivationActions:
    actions = ["activate", "deactivate"]

    @admin.action(description=gettext_lazy("Activate selected rows"))
    def activate(self, request, queryset):
        count = set_active(queryset, True)
        self.message_user(
            request, _("%(count)s rows activated.") % {"count": count}, messages.SUCCESS
        )

    @admin.action(description=gettext_lazy("Deactivate selected rows"))
    def deactivate(self, request, queryset):
        count = set_active(queryset, False)
        self.message_user(
            request, _("%(count)s rows deactivated.") % {"count": count}, messages.SUCCESS
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class MatterMaterialForm(forms.ModelForm):
    # Optional so that empty extra rows stay empty; a row without a number goes last.
    position = forms.IntegerField(label=gettext_lazy("position"), required=False, min_value=1)

    class Meta:
        model = MatterMaterial
        fields = ["position", "name", "notes"]

    def clean_position(self) -> int:
        return self.cleaned_data.get("position") or UNNUMBERED


class MatterMaterialInline(admin.TabularInline):
    model = MatterMaterial
    form = MatterMaterialForm
    ordering = ["position", "id"]
    extra = 3


@admin.register(Matter)
class MatterAdmin(ActivationActions, TabularAdminMixin, FieldRulesAdminMixin, admin.ModelAdmin):
    field_rules = {"name": LineField, "phone": ServicePhoneField}
    tabular_format = MatterFormat
    actions = ["activate", "deactivate", "export_selected_csv", "export_selected_xlsx"]
    inlines = [MatterMaterialInline]
    list_display = [
        "name",
        "category",
        "department",
        "location",
        "phone",
        "time_limit_days",
        "material_count",
        "is_active",
    ]
    list_filter = ["department", "category", "is_active"]
    search_fields = ["name", "search_text", "department__name"]
    list_select_related = ["department"]
    autocomplete_fields = ["department"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "keywords", "category", "is_active"]}),
        (
            gettext_lazy("Where"),
            {"fields": ["department", "post", "location", "phone", "office_hours"]},
        ),
        (
            gettext_lazy("Rules"),
            {"fields": ["time_limit_days", "fees", "legal_basis", "notes", "updated_at"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_material_count=Count("materials"))

    @admin.display(description=gettext_lazy("materials"), ordering="_material_count")
    def material_count(self, obj) -> int:
        return obj._material_count

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is MatterMaterial:
            # Positions become 1..n in the order shown, whatever numbers were typed.
            materials = list(form.instance.materials.order_by("position", "id"))
            for number, material in enumerate(materials, start=1):
                material.position = number
            MatterMaterial.objects.bulk_update(materials, ["position"])


@admin.register(Agency)
class AgencyAdmin(ActivationActions, TabularAdminMixin, FieldRulesAdminMixin, admin.ModelAdmin):
    # Printed on the visitor's one-time notice: the same rules as the answer form.
    field_rules = {"name": LineField, "address": LineField, "phone": ServicePhoneField}
    tabular_format = AgencyFormat
    actions = ["activate", "deactivate", "export_selected_csv", "export_selected_xlsx"]
    list_display = ["name", "address", "phone", "hours", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "search_text", "address", "phone"]
    readonly_fields = ["updated_at"]


@admin.register(AnswerTemplate)
class AnswerTemplateAdmin(ActivationActions, admin.ModelAdmin):
    list_display = ["title", "matter", "created_by", "created_at", "is_active"]
    list_filter = ["is_active", "matter__department"]
    search_fields = ["title", "text", "matter__name"]
    list_select_related = ["matter", "created_by"]
    autocomplete_fields = ["matter"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


# --- departments and staff: the org app's admins, with this app's import/export ----------
# (org sits below the directory and cannot import its tabular engine, so the directory
# re-registers org's admins with the mixin added; their own behaviour is unchanged.)


class StaffTabularAdmin(TabularAdminMixin, StaffUserAdmin):
    tabular_format = StaffFormat
    actions = ["export_selected_csv", "export_selected_xlsx"]

    def _log(self, request, result) -> None:
        for plan in result.plans:
            if plan.action == "created":
                self.log_addition(request, plan.instance.user, [{"added": {}}])
            elif plan.action == "updated":
                self.log_change(
                    request, plan.instance.user, [{"changed": {"fields": plan.changed_columns}}]
                )


class DepartmentTabularAdmin(TabularAdminMixin, DepartmentAdmin):
    tabular_format = DepartmentFormat
    actions = ["export_selected_csv", "export_selected_xlsx"]


admin.site.unregister(Department)
admin.site.register(Department, DepartmentTabularAdmin)
admin.site.unregister(User)
admin.site.register(User, StaffTabularAdmin)
