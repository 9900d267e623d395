"""The admin is the managers' console: only the manager role may enter.

Django's stock site sends a logged-in non-staff user back to the admin login form with
a 200; here a logged-in colleague without the manager role gets a plain 403, which is
what it is, and anonymous visitors go to the normal login page.
"""

from __future__ import annotations

from functools import update_wrapper

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from firstask.org.roles import is_manager


class FirstaskAdminSite(admin.AdminSite):
    site_header = _("firstask administration")
    site_title = _("firstask administration")
    index_title = _("Operator console")

    def has_permission(self, request) -> bool:
        return is_manager(request.user)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, view)

    def login(self, request, extra_context=None):
        if request.user.is_authenticated and not self.has_permission(request):
            raise PermissionDenied
        # One login page for the whole product (axes, CSP and the Chinese form live there).
        return redirect_to_login(
            request.GET.get("next") or reverse("admin:index", current_app=self.name)
        )
