"""Admin building blocks shared by the apps' operator consoles.

History and state are read in admin, never written there: events, referrals, findings,
warnings and the like change only through their services, which keep the record. A
model admin (or inline) that shows such rows takes ``ReadOnlyAdmin`` (or
``ReadOnlyInline``): the admin offers no add, change or delete for them.
"""

from __future__ import annotations

from django.contrib import admin


class ReadOnly:
    """No add, change or delete from admin; viewing follows the view permission."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    pass


class ReadOnlyInline(ReadOnly, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False
