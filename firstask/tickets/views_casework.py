"""Pages of the casework beside the handling actions: the casework forms of the ticket
page (督办, 催办, 协办, merge, attachments), the 督办 worklist, who is away, the
receipt's extraction code and the visitor's status page.

Thin, like views.py: authorise and load, form, service, redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from firstask.core.client_ip import client_ip
from firstask.core.http import post_only
from firstask.org.roles import Role, has_role
from firstask.tickets import attachments, casework, status
from firstask.tickets import casework_selectors as selectors
from firstask.tickets import permissions as perms
from firstask.tickets.forms.casework import (
    AttachmentForm,
    PartForm,
    StatusLookupForm,
    SupervisionReplyForm,
)
from firstask.tickets.models import CoDepartment, SupervisionOrder
from firstask.tickets.qr import qr_svg
from firstask.tickets.views import _detail_context, _load_visible, apply_errors, ticket_page


def _page_with_errors(request: HttpRequest, ticket, name: str, form) -> HttpResponse:
    context = _detail_context(request, ticket)
    context["casework_bound"] = {name: form}
    return render(request, "tickets/detail.html", context, status=400)


@login_required
@post_only(ticket_page)
def casework_action(request: HttpRequest, number: str, name: str) -> HttpResponse:
    """Attach a file to the inquiry (the other casework goes through the ticket actions:
    tickets.actions, "chase", "supervise", "add_co_department", "merge_into", "unmerge")."""
    ticket = _load_visible(request, number)
    if name != "attach":
        raise Http404
    if not perms.can_attach(ticket, request.user):
        raise PermissionDenied
    form = _attach_posted(request, ticket)
    if form.errors:
        return _page_with_errors(request, ticket, "attach", form)
    messages.success(request, _("File attached."))
    return redirect("tickets:detail", number=number)


def _attach_posted(request: HttpRequest, owner) -> AttachmentForm:
    """The posted file attached to ``owner``, or the form with what was wrong."""
    form = AttachmentForm(request.POST, request.FILES, prefix="attach")
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            attachments.attach(
                owner=owner,
                actor=request.user,
                name=upload.name,
                data=upload.read(),
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            apply_errors(form, error)
    return form


def _record_step(request, ticket, *, refused: bool, run, done: str, form=None) -> HttpResponse:
    """The shape of the casework panel's record steps (a reply to a 督办 order, a
    co-department's sign-for and part): 403 to whoever may not, the form's errors on the
    page, the service, and back to the ticket — with the friendly "already handled" when
    someone else got there first."""
    if refused:
        raise PermissionDenied
    if form is not None and not form.is_valid():
        return _page_with_errors(request, ticket, form.prefix, form)
    try:
        run(form.cleaned_data if form is not None else {})
    except casework.AlreadyDone:
        messages.warning(request, casework.AlreadyDone.message)
    else:
        messages.success(request, done)
    return redirect("tickets:detail", number=ticket.number)


@login_required
@post_only(ticket_page)
def supervision_reply(request: HttpRequest, number: str, order_id: int) -> HttpResponse:
    ticket = _load_visible(request, number)
    order = get_object_or_404(SupervisionOrder, pk=order_id, ticket=ticket)
    return _record_step(
        request,
        ticket,
        # Once answered, whoever posts again hears it was handled, not a 403.
        refused=order.replied_at is None and not perms.can_reply_supervision(order, request.user),
        form=SupervisionReplyForm(request.POST, prefix=f"reply-{order.pk}"),
        run=lambda data: casework.reply_supervision(
            order_id=order.pk, actor=request.user, reply=data["reply"]
        ),
        done=_("Reply sent to the leader."),
    )


@login_required
@post_only(ticket_page)
def part_step(request: HttpRequest, number: str, co_id: int, step: str) -> HttpResponse:
    """A co-department signs for its part (``step="sign"``) or reports it ("report")."""
    ticket = _load_visible(request, number)
    co = get_object_or_404(CoDepartment, pk=co_id, ticket=ticket)
    reporting = step == "report"
    form = PartForm(request.POST, prefix=f"part-{co.pk}") if reporting else None
    pending = (co.reported_at if reporting else co.signed_at) is None
    return _record_step(
        request,
        ticket,
        refused=pending and not perms.can_report_part(ticket, request.user, co),
        form=form,
        run=lambda data: casework.part_step(co_id=co.pk, actor=request.user, part=data.get("part")),
        done=_("Your department's part has been reported to the lead department.")
        if reporting
        else _("Signed for your department's part."),
    )


@login_required
def download_attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    """404 — not 403 — for anyone who cannot see the owner: ids cannot be probed."""
    attachment = attachments.visible_attachment(attachment_id, request.user)
    if attachment is None:
        raise Http404
    response = FileResponse(
        attachments.open_file(attachment),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def supervision_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.supervision_orders_for(request.user, open_only=request.GET.get("all") != "1")
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "tickets/supervision_list.html",
        {"page": page, "show_all": request.GET.get("all") == "1"},
    )


@login_required
def absences(request: HttpRequest) -> HttpResponse:
    """Who is away and who covers for them: heads see their department, leaders and
    managers everyone; staff see the absences that name them."""
    user = request.user
    now = timezone.now()
    if has_role(user, Role.MANAGER, Role.SUPERVISING_LEADER, Role.QUALITY_INSPECTOR):
        rows = selectors.absences_visible(now, department_id=None, user=None)
    elif has_role(user, Role.DEPARTMENT_HEAD):
        rows = selectors.absences_visible(
            now, department_id=perms.department_id_of(user), user=user
        )
    else:
        rows = selectors.absences_visible(now, department_id=None, user=user)
    return render(request, "tickets/absences.html", {"rows": rows, "now": now})


# --- the receipt's extraction code and the visitor's status page ----------------------------


def status_address(request: HttpRequest, number: str) -> str:
    return request.build_absolute_uri(reverse("status")) + f"?n={number}"


@login_required
@post_only(ticket_page)
def receipt_with_code(request: HttpRequest, number: str) -> HttpResponse:
    """Print the receipt with a new extraction code and the status page's QR code.

    A POST: issuing a code is a change (the old code stops working)."""
    ticket = _load_visible(request, number)
    if not perms.can_attach(ticket, request.user):  # staff working on it, not inspectors
        raise PermissionDenied
    code = status.issue_code(ticket=ticket, actor=request.user)
    url = status_address(request, ticket.number)
    return render(
        request,
        "tickets/print/receipt.html",
        {"ticket": ticket, "code": code, "status_url": url, "qr": qr_svg(url)},
    )


@never_cache
def status_page(request: HttpRequest) -> HttpResponse:
    """The visitor's page, without login: number and extraction code in, plain status out."""
    result = None
    locked = False
    if request.method == "POST":
        form = StatusLookupForm(request.POST)
        if form.is_valid():
            try:
                result = status.look_up(
                    number=form.cleaned_data["number"],
                    code=form.cleaned_data["code"],
                    address=client_ip(request) or "",
                )
            except status.Locked:
                locked = True
            if result is None and not locked:
                form.add_error(None, _("The number or the extraction code is not right."))
    else:
        form = StatusLookupForm(initial={"number": request.GET.get("n", "")[:20]})
    response = render(
        request,
        "tickets/status.html",
        {"form": form, "result": result, "locked": locked},
        status=429 if locked else (400 if form.is_bound and result is None else 200),
    )
    return response


@login_required
@post_only()
def attach_to(request: HttpRequest, owner: str, owner_id: int) -> HttpResponse:
    """Attach a file to any registered owner (a complaint…): 404 to whoever cannot see
    it, 403 to whoever sees it but may not add files; back to the owner's page."""
    target = attachments.owner_object(owner, owner_id)
    if target is None or not attachments.owner_rules(target).can_view(target, request.user):
        raise Http404
    if not attachments.owner_rules(target).can_attach(target, request.user):
        raise PermissionDenied
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("home")
    form = _attach_posted(request, target)
    if form.errors:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        messages.success(request, _("File attached."))
    return redirect(back)
