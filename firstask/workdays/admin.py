"""Managers keep the calendar, office hours and time limits here, and import notices.

Every change goes through the admin's own save paths, so LogEntry records it and the
post_save/post_delete signals clear the selectors' caches. Calendar rows are
configuration, so deleting them is allowed.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from firstask.core.admin import ExtraPages
from firstask.workdays import services
from firstask.workdays.forms import NoticeImportForm
from firstask.workdays.models import (
    CalendarDay,
    CalendarYear,
    DaySource,
    DeadlinePolicy,
    OfficeHoursSetting,
)


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = CalendarDay.objects.dates("date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request, queryset):
        return queryset.filter(date__year=self.value()) if self.value() else queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "weekday", "kind", "name", "source"]
    list_filter = [YearFilter, "kind", "source"]
    search_fields = ["name", "note"]
    date_hierarchy = "date"
    readonly_fields = ["source"]
    fields = ["date", "kind", "name", "note", "source"]

    @admin.display(description=_("weekday"))
    def weekday(self, obj: CalendarDay) -> str:
        return formats.date_format(obj.date, "l")

    def save_model(self, request, obj: CalendarDay, form, change) -> None:
        # A manager's edit is a local decision: seeding must not overwrite it later.
        obj.source = DaySource.MANUAL
        super().save_model(request, obj, form, change)


@admin.register(CalendarYear)
class CalendarYearAdmin(ExtraPages, admin.ModelAdmin):
    list_display = ["year", "official", "origin", "source", "imported_at"]
    list_filter = ["official", "origin"]
    readonly_fields = ["origin", "imported_at"]
    change_list_template = "workdays/admin/calendaryear_change_list.html"

    extra_pages = (("import/", "import_notice_view", "import"),)

    def _may_import(self, request: HttpRequest) -> bool:
        return (
            self.has_change_permission(request)
            and self.has_add_permission(request)
            and request.user.has_perms(
                [
                    "workdays.add_calendarday",
                    "workdays.change_calendarday",
                    "workdays.delete_calendarday",
                ]
            )
        )

    def import_notice_view(self, request: HttpRequest) -> HttpResponse:
        """Paste a year's notice; all lines valid or nothing is saved."""
        if not self._may_import(request):
            raise PermissionDenied
        if request.method == "POST":
            form = NoticeImportForm(request.POST)
            if form.is_valid():
                return self._import(request, form)
        else:
            form = NoticeImportForm(initial={"year": request.GET.get("year", "")})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Import a State Council holiday notice"),
            "form": form,
        }
        return TemplateResponse(request, "workdays/admin/import_notice.html", context)

    def _import(self, request: HttpRequest, form: NoticeImportForm) -> HttpResponse:
        data = form.cleaned_data
        result = services.import_notice(year=data["year"], days=data["days"], source=data["source"])
        year = CalendarYear.objects.get(year=result.year)
        self.log_change(
            request,
            year,
            gettext("Imported notice %(source)s: %(count)d days.")
            % {"source": data["source"], "count": result.written},
        )
        messages.success(
            request,
            gettext("%(year)d is now official: %(count)d days imported from the notice.")
            % {"year": result.year, "count": result.written},
        )
        if result.replaced_manual:
            messages.warning(
                request,
                gettext("The notice replaced days entered by hand: %(dates)s.")
                % {"dates": ", ".join(d.isoformat() for d in result.replaced_manual)},
            )
        target = reverse("admin:workdays_calendarday_changelist")
        return HttpResponseRedirect(f"{target}?year={result.year}")


@admin.register(OfficeHoursSetting)
class OfficeHoursSettingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "morning_start", "morning_end", "afternoon_start", "afternoon_end"]

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not OfficeHoursSetting.objects.exists()

    def changelist_view(self, request, extra_context=None):
        # There is one set of office hours: go straight to it.
        setting = OfficeHoursSetting.objects.first()
        if setting is not None and self.has_view_or_change_permission(request, setting):
            return redirect("admin:workdays_officehourssetting_change", setting.pk)
        return super().changelist_view(request, extra_context)


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(admin.ModelAdmin):
    list_display = [
        "category",
        "urgency",
        "answer_days",
        "sign_for_days",
        "handle_days",
        "follow_up_days",
        "progress_notes_required",
        "progress_hours",
        "due_soon_hours",
        "escalate_to_leader_after_days",
    ]
    # Every column but the key (category × urgency) is edited in the list.
    list_editable = list_display[2:]
    list_filter = ["category", "urgency"]
