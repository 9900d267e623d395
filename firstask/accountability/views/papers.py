"""The papers of a case: the sanction decision (处理决定通知书), the appeal decision
(申诉复查决定书) and, for public criticism, the 通报批评 notice. Printed in Chinese."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from firstask.accountability import permissions as perms
from firstask.accountability.choices import CaseState
from firstask.accountability.views.common import load_case, require

PAPERS = {
    "decision": "accountability/print/decision.html",
    "appeal": "accountability/print/appeal.html",
    "bulletin": "accountability/print/bulletin.html",
}


@login_required
def case_paper(request: HttpRequest, pk: int, paper: str) -> HttpResponse:
    template = PAPERS.get(paper)
    if template is None:
        raise Http404
    case = load_case(pk)
    require(perms.can_view_case(case, request.user))
    decisions = list(case.decisions.select_related("sanction", "chain_sanction", "decided_by"))
    first = next((d for d in decisions if not d.on_appeal), None)
    on_appeal = next((d for d in decisions if d.on_appeal), None)
    if first is None or first.sanction_id is None:
        raise Http404  # nothing decided yet, or dismissed: no paper
    if paper == "appeal" and on_appeal is None:
        raise Http404
    if paper == "bulletin" and not (
        case.state in (CaseState.DECIDED, CaseState.APPEALED)
        and case.decision.sanction
        and case.decision.sanction.is_public_criticism
    ):
        raise Http404
    with translation.override("zh-hans"):
        return render(
            request,
            template,
            {
                "case": case,
                "parties": case.parties.all(),
                "first": first,
                "on_appeal": on_appeal,
                "appeal": getattr(case, "appeal_filed", None),
            },
        )
