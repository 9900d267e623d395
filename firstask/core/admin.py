"""Admin building blocks shared by the apps' operator consoles.

History and state are read in admin, never written there: events, referrals, findings,
warnings and the like change only through their services, which keep the record. A
model admin (or inline) that shows such rows takes ``ReadOnlyAdmin`` (or
``ReadOnlyInline``): the admin offers no add, change or delete for them. A model admin
with pages of its own (an import form, the void form) lists them in ``extra_pages``.
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import path


class ExtraPages:
    """Pages of a model admin beyond Django's own. Each entry of ``extra_pages`` is
    (route, name of the view method, URL suffix): the URL is named
    "<app>_<model>_<suffix>" like the admin's own, and the view goes through
    ``admin_view`` (signed-in staff, no caching) like theirs."""

    extra_pages: tuple[tuple[str, str, str], ...] = ()

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        pages = [
            path(
                route,
                self.admin_site.admin_view(getattr(self, view)),
                name="_".join((*info, suffix)),
            )
            for route, view, suffix in self.extra_pages
        ]
        return [*pages, *super().get_urls()]


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
