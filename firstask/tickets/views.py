"""Pages of the inquiry: thin — authorise and load, form, service, redirect."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from firstask.core.fields import parse_day
from firstask.core.http import post_only
from firstask.core.pagination import CappedPaginator, PeekPaginator
from firstask.tickets import permissions as perms
from firstask.tickets import selectors, services
from firstask.tickets.actions import ACTIONS
from firstask.tickets.choices import REGISTER_TITLE, VISITOR_NOUN, Channel
from firstask.tickets.forms import (
    IntakeForm,
    SearchForm,
    TemplateFromTicketForm,
    clean_person_text_or_empty,
)
from firstask.tickets.models import Answer, Referral, Ticket
from firstask.tickets.papers import handover_context
from firstask.tickets.phones import normalise_phone

PAGE_SIZE = 25

# Lazy: a module-level dict is built once at import, before any request's language.
WORKLIST_TITLES = {
    "mine": gettext_lazy("Registered by me"),
    "department": gettext_lazy("Department to-do"),
    "follow_up": gettext_lazy("Awaiting follow-up"),
    "search": gettext_lazy("Search inquiries"),
}


def ticket_page(number: str, **_kwargs) -> str:
    return reverse("tickets:detail", args=[number])


# An action URL takes POST; a GET (a bookmark, a reload, a pasted link) goes back to the
# ticket's page, where the action's button is. Other methods get the friendly 405.
post_on_ticket = post_only(ticket_page, redirect_get=True)


def apply_errors(form, error: ValidationError) -> None:
    """A service's refusal shown next to the field it names (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for e in errors:
                form.add_error(field if field in form.fields else None, e)
    else:
        form.add_error(None, error)


def _load_visible(request: HttpRequest, number: str) -> Ticket:
    ticket = selectors.ticket_for_page(number)
    if ticket is None or not perms.can_view(ticket, request.user):
        raise Http404
    return ticket


@login_required
def worklist(request: HttpRequest, name: str = "mine") -> HttpResponse:
    if name not in selectors.WORKLISTS:
        raise Http404
    search = SearchForm(request.GET or None)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    rows = selectors.ticket_list_for(request.user, name, q)
    paginate = PeekPaginator if name == "search" else CappedPaginator
    page = paginate(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "tickets/worklist.html",
        {
            "worklist": name,
            "title": WORKLIST_TITLES[name],
            "page": page,
            "search": search,
            "q": q,
        },
    )


@login_required
def intake(request: HttpRequest, channel: str | None = None) -> HttpResponse:
    if not perms.can_register(request.user):
        raise PermissionDenied
    if channel is None:
        # The register opens on the person's usual channel: the hotline on 来电.
        channel = selectors.usual_channel(request.user)
    if channel not in Channel.values:
        raise Http404
    form = IntakeForm(request.POST or None, channel=channel)
    if request.method == "POST" and form.is_valid():
        try:
            ticket, new = services.register_once(
                actor=request.user,
                data=form.registration_data(),
                answer_on_the_spot=form.cleaned_data["answer_text"]
                if form.cleaned_data["finish_on_the_spot"]
                else "",
                token=form.cleaned_data.get("submission"),
            )
        except services.RegistrationFailed as failed:
            form.add_error(None, failed.message)
        else:
            if new:
                message = _("Inquiry %(number)s registered.")
            else:
                message = _(
                    "This form was already submitted: inquiry %(number)s was registered "
                    "then, and nothing was registered twice."
                )
            messages.success(request, message % {"number": ticket.number})
            return redirect("tickets:detail", number=ticket.number)
    return render(
        request,
        "tickets/intake.html",
        {
            "form": form,
            "channels": Channel.choices,
            **_channel_words(channel),
        },
        status=400 if form.is_bound else 200,
    )


def _channel_words(channel: str) -> dict:
    """What the register of ``channel`` is called, and who asks on it."""
    return {
        "channel": channel,
        "channel_label": Channel(channel).label,
        "visitor_noun": VISITOR_NOUN[channel],
        "register_title": REGISTER_TITLE[channel],
    }


def _action_forms(ticket: Ticket, user) -> dict:
    """One blank form per action ``user`` may take now, keyed by the action's name."""
    return {
        name: ACTIONS[name].form_for(ticket) for name in services.available_actions(ticket, user)
    }


def _detail_context(request: HttpRequest, ticket: Ticket, bound: dict | None = None) -> dict:
    forms = _action_forms(ticket, request.user)
    if bound:
        forms.update(bound)
    return {
        "ticket": ticket,
        "forms": forms,
        "events": ticket.events.all(),
        "referrals": ticket.referrals.all(),
        "answers": ticket.answers.all(),
        "follow_ups": ticket.follow_ups.all(),
        "pending_extensions": selectors.pending_extensions(ticket),
        "full_phone": perms.sees_full_phone(ticket, request.user),
        "template_form": _template_form(ticket, request.user),
    }


def _template_form(ticket: Ticket, user, data=None) -> TemplateFromTicketForm | None:
    if not perms.can_distil_template(ticket, user):
        return None
    answers = list(ticket.answers.all())
    referrals = [r for r in ticket.referrals.all() if r.result]
    text = answers[-1].text if answers else (referrals[-1].result if referrals else "")
    title = ticket.directory_matter.name if ticket.directory_matter else ticket.matter[:40]
    return TemplateFromTicketForm(data, initial={"title": title, "text": text}, prefix="template")


@login_required
@post_on_ticket
def save_template(request: HttpRequest, number: str) -> HttpResponse:
    ticket = _load_visible(request, number)
    if not perms.can_distil_template(ticket, request.user):
        raise PermissionDenied
    form = _template_form(ticket, request.user, request.POST)
    if not form.is_valid():
        context = _detail_context(request, ticket)
        context["template_form"] = form
        return render(request, "tickets/detail.html", context, status=400)
    services.distil_template(
        ticket=ticket,
        actor=request.user,
        title=form.cleaned_data["title"],
        text=form.cleaned_data["text"],
    )
    messages.success(request, _("Saved as an answer template."))
    return redirect("tickets:detail", number=number)


@login_required
def caller_history(request: HttpRequest) -> HttpResponse:
    """The inquiries of the caller being registered: a fragment the intake page shows."""
    if not perms.can_register(request.user):
        raise PermissionDenied
    try:
        phone = normalise_phone(request.GET.get("phone", ""))
    except ValidationError:
        phone = ""
    name = clean_person_text_or_empty(request.GET.get("name", ""))
    unit = clean_person_text_or_empty(request.GET.get("unit", ""))
    rows = selectors.caller_history(phone=phone, name=name, unit=unit)
    return render(
        request,
        "tickets/_caller_history.html",
        {"rows": rows, "searched": bool(phone or (name and unit))},
    )


@login_required
def ticket_detail(request: HttpRequest, number: str) -> HttpResponse:
    ticket = _load_visible(request, number)
    return render(request, "tickets/detail.html", _detail_context(request, ticket))


@login_required
@post_on_ticket
def ticket_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    ticket = _load_visible(request, number)
    entry = ACTIONS.get(action)
    if entry is None:
        raise Http404
    form = entry.form_for(ticket, request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.ticket_transition(
                ticket_id=ticket.pk,
                action=action,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                **data,
            )
        except services.TicketConflict:
            messages.warning(request, services.TicketConflict.message)
            return redirect("tickets:detail", number=number)
        except ValidationError as refused:  # what only the locked rows could tell
            apply_errors(form, refused)
    if form.errors:
        context = _detail_context(request, ticket, bound={action: form})
        context["open_action"] = action
        return render(request, "tickets/detail.html", context, status=400)
    messages.success(request, _("Done: %(action)s.") % {"action": entry.done})
    return redirect("tickets:detail", number=number)


@login_required
@post_on_ticket
def reveal_phone(request: HttpRequest, number: str) -> HttpResponse:
    """Show the full number on this response only, logged as a look.

    It is rendered, not put in a flash message: messages travel in a cookie, which is
    signed but readable, and a visitor's number must not sit in the browser's cookies.
    """
    ticket = _load_visible(request, number)
    services.reveal_phone(ticket=ticket, actor=request.user)
    messages.info(request, _("The full number is shown below; this look is logged."))
    ticket = _load_visible(request, number)  # with the new event on its timeline
    context = _detail_context(request, ticket)
    context["full_phone"] = True
    return render(request, "tickets/detail.html", context)


# --- print views: each mirrors a paper form ----------------------------------------------------


@login_required
def print_receipt(request: HttpRequest, number: str) -> HttpResponse:
    ticket = _load_visible(request, number)
    return render(request, "tickets/print/receipt.html", {"ticket": ticket})


@login_required
def print_handover(request: HttpRequest, number: str, referral_id: int) -> HttpResponse:
    ticket = _load_visible(request, number)
    referral = get_object_or_404(
        Referral.objects.select_related(
            "department__head", "department__supervising_leader", "referred_by__profile"
        ),
        pk=referral_id,
        ticket=ticket,
    )
    return render(request, "tickets/print/handover.html", handover_context(ticket, referral))


@login_required
def print_notice(request: HttpRequest, number: str, answer_id: int) -> HttpResponse:
    ticket = _load_visible(request, number)
    answer = get_object_or_404(Answer, pk=answer_id, ticket=ticket)
    return render(request, "tickets/print/notice.html", {"ticket": ticket, "answer": answer})


@login_required
def print_follow_up(request: HttpRequest, number: str) -> HttpResponse:
    ticket = _load_visible(request, number)
    return render(
        request,
        "tickets/print/follow_up.html",
        {
            "ticket": ticket,
            "follow_ups": ticket.follow_ups.all(),
            "full_phone": perms.sees_full_phone(ticket, request.user),
        },
    )


@login_required
def print_register(request: HttpRequest, channel: str) -> HttpResponse:
    if channel not in Channel.values:
        raise Http404
    # Five years back to tomorrow: year 1 or 9999 would overflow the day links below.
    day = parse_day(request.GET.get("day")) or timezone.localdate()
    rows = selectors.day_register(day, channel, request.user)
    base = reverse("tickets:register", args=[channel])
    return render(
        request,
        "tickets/print/register.html",
        {
            "day": day,
            **_channel_words(channel),
            "rows": rows,
            "previous_day": f"{base}?day={day - timedelta(days=1)}",
            "next_day": f"{base}?day={day + timedelta(days=1)}",
        },
    )
