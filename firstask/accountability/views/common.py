"""Helpers the pages share: loading a case with what its predicates read, the
"already handled" message, and the period chosen on a scorecard."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest

from firstask.accountability.forms import PeriodForm
from firstask.accountability.models import Case, CaseParty
from firstask.accountability.selectors import Period
from firstask.accountability.services import AlreadyHandled


def load_case(pk: int) -> Case:
    case = (
        Case.objects.select_related(
            "rule_item__default_sanction",
            "opened_by",
            "decision__sanction",
            "decision__chain_sanction",
            "decision__decided_by",
            "appeal_filed__appellant",
        )
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=CaseParty.objects.select_related("person", "department", "sanction"),
            )
        )
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404
    return case


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def already_handled(request: HttpRequest, exc: AlreadyHandled) -> None:
    messages.warning(request, exc.message)


def period_of(request: HttpRequest) -> tuple[Period, PeriodForm]:
    form = PeriodForm(request.GET or None)
    return form.period(), form
