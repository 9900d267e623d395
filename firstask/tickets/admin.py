"""Operator console for inquiries: read, search, filter — change only through the service.

django-fsm-2's admin mixin would call transitions without checking their permissions on
POST, so it is not used; the one admin transition (void) goes through
``ticket_transition`` like every other change. Nothing can be deleted here.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from firstask.core.admin import ExtraPages, ReadOnlyAdmin, ReadOnlyInline
from firstask.core.fields import FreeTextField
from firstask.core.phones import normalise_phone
from firstask.tickets import services
from firstask.tickets.models import Answer, FollowUp, Referral, Ticket, TicketEvent

# A search by phone logs one look per matching inquiry, up to this many.
PHONE_SEARCH_LOG_LIMIT = 200


class EventInline(ReadOnlyInline):
    model = TicketEvent
    fields = ["at", "kind", "actor", "from_state", "to_state", "note"]
    readonly_fields = fields


class ReferralInline(ReadOnlyInline):
    model = Referral
    fk_name = "ticket"
    fields = [
        "referred_at",
        "department",
        "handler",
        "signed_at",
        "returned_at",
        "return_reason",
        "result_at",
    ]
    readonly_fields = fields


@admin.register(Ticket)
class TicketAdmin(ExtraPages, ReadOnlyAdmin):
    """Read-only: inquiries are registered at the counter (with a first responder) and
    change only through the service — the void view below calls it."""

    list_display = [
        "number",
        "received_at",
        "channel",
        "category",
        "state",
        "visitor_name",
        "first_responder",
        "referred_department",
        "return_count",
        "redo_count",
    ]
    list_filter = [
        "state",
        "channel",
        "category",
        "urgency",
        "referred_department",
        "first_responder_department",
    ]
    # A phone is searched by the whole number only, and each match is logged as a look
    # (get_search_results): partial digits would let anyone fish for numbers unlogged.
    search_fields = ["=number", "visitor_name", "visitor_unit"]
    date_hierarchy = "received_at"
    list_select_related = ["first_responder", "referred_department"]
    inlines = [ReferralInline, EventInline]
    show_full_result_count = False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The change page shows the full phone number: every view of it is logged."""
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and getattr(response, "status_code", 0) == 200:
            ticket = self.get_object(request, object_id)
            if ticket is not None and ticket.visitor_phone:
                services.reveal_phone(ticket=ticket, actor=request.user, via="admin")
        return response

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        try:
            phone = normalise_phone(search_term, service=True)
        except ValidationError:
            phone = ""
        if phone:
            by_phone = queryset.filter(visitor_phone=phone)
            if not getattr(request, "_firstask_phone_search_logged", False):
                request._firstask_phone_search_logged = True
                services.log_phone_search(
                    tickets=list(by_phone[:PHONE_SEARCH_LOG_LIMIT]),
                    actor=request.user,
                    via="admin search",
                )
            results = results | by_phone
        return results, may_have_duplicates

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Ticket._meta.fields] + ["void_link"]

    extra_pages = (("<int:pk>/void/", "void_view", "void"),)

    @admin.display(description=_("void"))
    def void_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:tickets_ticket_void", args=[obj.pk]), _("Void…")
        )

    def void_view(self, request, pk: int):
        ticket = get_object_or_404(Ticket, pk=pk)
        form = AdminVoidForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.ticket_transition(
                    ticket_id=ticket.pk,
                    action="void",
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except services.TicketConflict:
                messages.warning(request, services.TicketConflict.message)
            except PermissionDenied:
                messages.error(request, _("You may not void this inquiry."))
            else:
                messages.success(request, _("Inquiry %(number)s voided.") % {"number": ticket})
            return redirect("admin:tickets_ticket_change", ticket.pk)
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "ticket": ticket,
            "opts": self.model._meta,
            "title": _("Void inquiry %(number)s") % {"number": ticket.number},
        }
        return render(request, "admin/tickets/void.html", context)


class AdminVoidForm(forms.Form):
    reason = FreeTextField(
        label=_("Why is this registration void?"),
        rows=None,
        max_length=300,
        required_message=_("Give the reason."),
    )


@admin.register(TicketEvent)
class TicketEventAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "at", "kind", "actor", "from_state", "to_state"]
    list_filter = ["kind"]
    search_fields = ["=ticket__number"]
    list_select_related = ["ticket", "actor"]
    date_hierarchy = "at"


for model in (Referral, Answer, FollowUp):
    admin.site.register(
        model,
        type(
            f"{model.__name__}Admin",
            (ReadOnlyAdmin,),
            {"list_select_related": ["ticket"], "search_fields": ["=ticket__number"]},
        ),
    )
