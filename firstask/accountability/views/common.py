"""Helpers the pages share: loading a case with what its predicates read, the
"already handled" message, the shapes of a "new record" page and of a POST on a
record, and the period chosen on a scorecard."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from firstask.accountability.forms import PeriodForm
from firstask.accountability.models import Case, CaseParty
from firstask.accountability.selectors import Period
from firstask.accountability.services import AlreadyHandled


def load_case(pk: int) -> Case:
    related = CaseParty.objects.select_related("person", "department", "sanction")
    return get_object_or_404(
        Case.objects.select_related(
            "rule_item__default_sanction",
            "opened_by",
            "decision__sanction",
            "decision__chain_sanction",
            "decision__decided_by",
            "appeal_filed__appellant",
        ).prefetch_related(Prefetch("parties", queryset=related)),
        pk=pk,
    )


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def already_handled(request: HttpRequest, exc: AlreadyHandled) -> None:
    messages.warning(request, exc.message)


def refusal_on_form(form: forms.Form, refused: ValidationError) -> None:
    """A service's refusal next to the field it is about, when the user can see that
    field; anything else (a hidden link, the record as a whole) at the top of the form."""
    for field, errors in getattr(refused, "message_dict", {None: refused.messages}).items():
        shown = field in form.fields and not form.fields[field].widget.is_hidden
        form.add_error(field if shown else None, errors)


def new_record_page(
    request: HttpRequest,
    form: forms.Form,
    template: str,
    create: Callable[[forms.Form], HttpResponse],
) -> HttpResponse:
    """The shape of every "new record" page: on a valid POST ``create`` runs the
    service and answers (a message and a redirect); a refusal goes on the form, which
    is shown again — with 400 when it was posted."""
    if request.method == "POST" and form.is_valid():
        try:
            return create(form)
        except ValidationError as refused:
            refusal_on_form(form, refused)
    return render(request, template, {"form": form}, status=400 if form.is_bound else 200)


def act_on_record(
    request: HttpRequest,
    form: forms.Form,
    page: Callable[[forms.Form, bool], HttpResponse],
    call: Callable[[dict[str, Any]], str],
    done: str,
) -> HttpResponse:
    """The shape of every POST on a record (the caller has loaded it and checked that
    the user may see it): an invalid form or a refused service call shows the record's
    page again with the form's errors (``page(form, fresh)``, status 400; ``fresh``
    after a refusal: re-read, the service may have seen a newer state); someone who was
    first gets "already handled"; otherwise ``call``'s message. Then back to ``done``."""
    if not form.is_valid():
        return page(form, False)
    try:
        message = call(form.cleaned_data)
    except AlreadyHandled as exc:
        already_handled(request, exc)
    except ValidationError as refused:
        refusal_on_form(form, refused)
        return page(form, True)
    else:
        messages.success(request, message)
    return redirect(done)


def period_of(request: HttpRequest) -> tuple[Period, PeriodForm]:
    form = PeriodForm(request.GET or None)
    return form.period(), form
