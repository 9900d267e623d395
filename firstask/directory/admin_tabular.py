"""Import and export in the admin: a mixin for the Matter and Agency model admins.

Adds to the changelist an "Import" button (upload form → preview or result page listing
created / updated / unchanged rows and every row-level error) and "Export CSV / Excel"
buttons for the whole table, plus export actions for selected rows.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from firstask.core.admin import ExtraPages
from firstask.directory.forms import ImportForm
from firstask.directory.tabular.exporting import CONTENT_TYPES, export_table
from firstask.directory.tabular.importing import import_file


class TabularAdminMixin(ExtraPages):
    """Needs `tabular_format`: a class of firstask.directory.tabular.formats."""

    tabular_format: type
    change_list_template = "directory/admin/change_list.html"

    extra_pages = (
        ("import/", "import_view", "import"),
        ("export/<str:file_format>/", "export_view", "export"),
    )

    def _url(self, name: str, *args) -> str:
        opts = self.opts
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_{name}",
            args=args,
            current_app=self.admin_site.name,
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "import_url": self._url("import") if self._may_import(request) else None,
            "export_csv_url": self._url("export", "csv"),
            "export_xlsx_url": self._url("export", "xlsx"),
        }
        return super().changelist_view(request, extra_context)

    def _may_import(self, request) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def export_view(self, request, file_format: str):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if file_format not in CONTENT_TYPES:
            raise Http404
        return export_table(self.tabular_format(), file_format).response()

    def import_view(self, request):
        if not self._may_import(request):
            raise PermissionDenied
        result = None
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            apply = not form.cleaned_data["preview_only"]
            result = import_file(self.tabular_format(), upload.name, upload.read(), apply=apply)
            if result.applied:
                self._log(request, result)
                self.message_user(
                    request,
                    _(
                        "Import done: %(created)s created, %(updated)s updated, "
                        "%(unchanged)s unchanged."
                    )
                    % {
                        "created": result.created,
                        "updated": result.updated,
                        "unchanged": result.unchanged,
                    },
                    messages.SUCCESS,
                )
            elif not result.ok:
                self.message_user(
                    request, _("Nothing was changed: the file has errors."), messages.ERROR
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import %(name)s") % {"name": self.opts.verbose_name_plural},
            "form": form,
            "result": result,
            "columns": self.tabular_format.columns,
            "export_xlsx_url": self._url("export", "xlsx"),
        }
        return TemplateResponse(request, "directory/admin/import.html", context)

    def _log(self, request, result) -> None:
        """One admin history entry per created or updated row, as a manual edit would."""
        for plan in result.plans:
            if plan.action == "created":
                self.log_addition(request, plan.instance, [{"added": {}}])
            elif plan.action == "updated":
                self.log_change(
                    request, plan.instance, [{"changed": {"fields": plan.changed_columns}}]
                )

    @admin.action(description=gettext_lazy("Export selected rows as CSV"))
    def export_selected_csv(self, request, queryset):
        return export_table(self.tabular_format(), "csv", queryset).response()

    @admin.action(description=gettext_lazy("Export selected rows as Excel"))
    def export_selected_xlsx(self, request, queryset):
        return export_table(self.tabular_format(), "xlsx", queryset).response()
