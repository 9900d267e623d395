"""Managers maintain departments and staff here; profiles are edited inline on the user."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from firstask.org.models import Absence, Department, InquiryCategory, StaffProfile, display_name
from firstask.org.roles import Role


def role_label(group: Group) -> str:
    """A group as people say it (首问责任人, 科室负责人…), not its stored code."""
    try:
        return str(Role(group.name).label)
    except ValueError:
        return group.name


class RoleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return role_label(obj)


class RoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return list(Role.choices)

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(groups__name=self.value())
        return queryset


User = get_user_model()


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "location", "phone", "head", "is_general_office", "is_active"]
    list_filter = ["is_general_office", "is_active", "parent"]
    search_fields = ["name", "code", "location", "phone"]
    autocomplete_fields = ["head", "supervising_leader", "parent"]
    list_select_related = ["head"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # deactivate instead: inquiries keep pointing at the department


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    fk_name = "user"
    autocomplete_fields = ["department", "deputy"]
    verbose_name_plural = _("staff profile")


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = [StaffProfileInline]
    list_display = ["username", "full_name", "department", "post", "is_active", "is_staff"]
    list_filter = ["is_active", RoleFilter, "profile__department"]
    search_fields = ["username", "first_name", "last_name", "email", "profile__work_phone"]
    list_select_related = ["profile__department"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["form_class"] = RoleChoiceField
            kwargs.setdefault(
                "help_text", _("What this person does in 首问责任制; hold Ctrl to pick several.")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("name"))
    def full_name(self, obj) -> str:
        return display_name(obj)

    @admin.display(description=_("department"), ordering="profile__department__name")
    def department(self, obj):
        profile = getattr(obj, "profile", None)
        return profile.department if profile else None

    @admin.display(description=_("post / title"))
    def post(self, obj) -> str:
        profile = getattr(obj, "profile", None)
        return profile.post if profile else ""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # deactivate staff instead: their inquiries stay theirs

    # --- who may grant what ----------------------------------------------------------------
    # Managers run the staff list, but power is not theirs to hand out: only a superuser
    # grants superuser status or single permissions (roles are the groups), nobody but a
    # superuser changes a superuser's account, and a manager cannot change their own
    # groups — otherwise any manager could make themself superuser and open the
    # login-lockout tables.
    ESCALATING_FIELDS = ("is_superuser", "user_permissions")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return readonly
        readonly += [f for f in self.ESCALATING_FIELDS if f not in readonly]
        if obj is not None and obj.pk == request.user.pk:
            readonly += ["groups", "is_staff", "is_active"]
        return readonly

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)


admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(GroupAdmin):
    """Roles are groups; which permissions a role carries is a superuser's decision.
    People see the role's name (科室负责人), not its stored code (department_head)."""

    list_display = ["role", "name"]

    @admin.display(description=_("role"), ordering="name")
    def role(self, obj) -> str:
        return role_label(obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly.append("permissions")
        return readonly


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "department", "post", "work_phone"]
    list_filter = ["department"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "post", "work_phone"]
    autocomplete_fields = ["user", "department", "deputy"]
    list_select_related = ["user", "department"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(InquiryCategory)
class InquiryCategoryAdmin(admin.ModelAdmin):
    """Managers add, rename and retire categories here; each one's time limits are its
    deadline policies (the link opens them). Never deleted: inquiries keep the code."""

    list_display = ["name", "name_en", "code", "position", "is_active", "policies"]
    list_editable = ["name_en", "position", "is_active"]
    list_display_links = ["name"]
    search_fields = ["name", "name_en", "code"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj is not None else []

    @admin.display(description=_("deadline policies"))
    def policies(self, obj) -> str:
        from django.urls import reverse
        from django.utils.html import format_html

        url = reverse("admin:workdays_deadlinepolicy_changelist")
        return format_html('<a href="{}?category={}">{}</a>', url, obj.code, _("time limits"))

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # retire instead: old inquiries keep their category


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    """代岗: managers enter who is away, when, and who covers. Never deleted: a mistaken
    absence is cancelled (``cancelled_at``), so the record of who covered stays."""

    list_display = ["person", "deputy", "starts_at", "ends_at", "reason", "cancelled_at"]
    list_filter = ["person__profile__department"]
    search_fields = ["person__username", "person__last_name", "deputy__username", "reason"]
    autocomplete_fields = ["person", "deputy"]
    list_select_related = ["person", "deputy"]
    readonly_fields = ["created_by", "created_at"]
    date_hierarchy = "starts_at"

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
