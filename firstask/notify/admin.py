"""Operator console: warnings and notifications are read here, never edited or deleted.

The one action puts failed emails back in the outbox (after a mail-server outage), with
a fresh attempt count; the relay sends them on its next run.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from firstask.core.admin import ReadOnlyAdmin
from firstask.notify.choices import EmailStatus
from firstask.notify.models import Notification, WarningClaim


@admin.register(WarningClaim)
class WarningClaimAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "kind", "level", "deadline", "claimed_at"]
    list_filter = ["kind", "level"]
    search_fields = ["=ticket__number"]
    list_select_related = ["ticket"]
    date_hierarchy = "claimed_at"
    show_full_result_count = False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "recipient",
        "ticket",
        "kind",
        "level",
        "cc",
        "read_at",
        "email_status",
        "attempts",
        "last_error",
    ]
    list_filter = ["email_status", "kind", "level", "cc"]
    search_fields = ["=ticket__number", "recipient__username"]
    list_select_related = ["recipient", "ticket"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    actions = ["retry_email"]

    @admin.action(description=_("Send the failed emails again"))
    def retry_email(self, request, queryset) -> None:
        count = queryset.filter(email_status=EmailStatus.FAILED).update(
            email_status=EmailStatus.PENDING,
            attempts=0,
            next_attempt_at=timezone.now(),
            claimed_by="",
        )
        self.message_user(
            request,
            ngettext("%(count)d email queued again.", "%(count)d emails queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    def has_change_permission(self, request, obj=None) -> bool:
        # Actions need change permission; the form itself has no editable field.
        return obj is None and request.user.has_perm("notify.change_notification")

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Notification._meta.fields]
