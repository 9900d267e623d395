"""The ticket page's casework panel (督办 orders and replies, 协办 parts, merged
duplicates, attachments; their actions are in ``tickets.actions``), computed
here so the page's view stays as it is: a fixed number of queries, whatever the
history."""

from __future__ import annotations

from django import template

from firstask.tickets import permissions as perms
from firstask.tickets.attachments import attachments_of
from firstask.tickets.forms.casework import (
    AttachmentForm,
    PartForm,
    SupervisionReplyForm,
)
from firstask.tickets.models import SupervisionOrder

register = template.Library()


@register.inclusion_tag("tickets/_casework.html", takes_context=True)
def casework_panel(context) -> dict:
    request = context["request"]
    ticket = context["ticket"]
    user = request.user
    bound = context.get("casework_bound") or {}
    orders = list(
        SupervisionOrder.objects.filter(ticket=ticket).select_related(
            "issued_by", "addressee", "replied_by"
        )
    )
    co_departments = list(ticket.co_departments.all())  # prefetched with departments
    dept = perms.department_id_of(user)
    parts = [
        (co, bound.get(f"part-{co.pk}") or PartForm(prefix=f"part-{co.pk}"))
        for co in co_departments
        if perms.can_report_part(ticket, user, co)
    ]
    replies = [
        (order, bound.get(f"reply-{order.pk}") or SupervisionReplyForm(prefix=f"reply-{order.pk}"))
        for order in orders
        if perms.can_reply_supervision(order, user)
    ]
    attach_form = None
    if perms.can_attach(ticket, user):
        attach_form = bound.get("attach") or AttachmentForm(prefix="attach")
    return {
        "ticket": ticket,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "orders": orders,
        "co_departments": co_departments,
        "parts": parts,
        "replies": replies,
        "attach_form": attach_form,
        "attachments": list(attachments_of(ticket)),
        "my_department": dept,
        "duplicates": list(ticket.merged_duplicates.only("number", "state")),
    }


__all__ = ["casework_panel"]


@register.inclusion_tag("tickets/_supervision_of_day.html", takes_context=True)
def supervision_of_day(context, day) -> dict:
    """督办 in the daily audit: orders issued, answered or falling due on ``day``, of the
    inquiries the reader may see (one query).

    The scope is an EXISTS per order (its inquiry by primary key): the day's few orders
    drive the query. As ``ticket_id IN (visible inquiries)`` SQLite walked every visible
    inquiry — all of them for an inspector — and probed for its orders: 150 ms of a
    daily audit page at a million inquiries, growing with the history."""
    from django.db.models import Exists, OuterRef

    from firstask.tickets.casework_selectors import supervision_for_day
    from firstask.tickets.selectors import day_bounds, visible_tickets

    start, end = day_bounds(day)
    user = context["request"].user
    visible = visible_tickets(user).filter(pk=OuterRef("ticket_id"))
    orders = supervision_for_day(start, end).filter(Exists(visible))
    return {"orders": list(orders), "day": day}


@register.inclusion_tag("tickets/_attachments_block.html", takes_context=True)
def attachments_block(context, owner) -> dict:
    """Files on any registered owner (a complaint…) and, for those who may, the upload
    form; two queries."""
    from firstask.tickets.attachments import owner_rules

    request = context["request"]
    rules = owner_rules(owner)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "attachments": list(attachments_of(owner)),
        "form": AttachmentForm(prefix="attach") if rules.can_attach(owner, request.user) else None,
        "owner_label": owner._meta.label_lower,
        "owner_id": owner.pk,
    }
