"""Violation cases: list, open (from evidence), the case page, decide, appeal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from firstask.accountability import permissions as perms
from firstask.accountability import services
from firstask.accountability.choices import CaseState, EvidenceKind
from firstask.accountability.forms import (
    AppealDecisionForm,
    AppealForm,
    CaseForm,
    DecisionForm,
    DismissForm,
    NoteForm,
)
from firstask.accountability.models import Case, CaseParty, Event, Evidence, RuleItem
from firstask.accountability.views.common import (
    act_on_record,
    load_case,
    new_record_page,
    require,
)
from firstask.core.http import post_only

PAGE_SIZE = 50


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    person = request.GET.get("person", "")
    qs = Case.objects.filter(perms.case_filter(request.user))
    if state in CaseState.values:
        qs = qs.filter(state=state)
    if person.isdigit():
        qs = qs.filter(pk__in=CaseParty.objects.filter(person_id=person).values("case_id"))
    qs = qs.select_related("rule_item", "decision__sanction").prefetch_related(
        Prefetch(
            "parties",
            queryset=CaseParty.objects.select_related("person").order_by("pk"),
        )
    )
    page = Paginator(qs.order_by("-opened_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accountability/case_list.html",
        {
            "page": page,
            "state": state,
            "person": person if person.isdigit() else "",
            "states": CaseState.choices,
            "can_open": perms.can_open_case(request.user),
        },
    )


def _initial_from_evidence(request: HttpRequest) -> dict:
    """What the link from an audit flag, a finding, a visit or a complaint carries."""
    from firstask.accountability.models import Complaint
    from firstask.inspection.models import Finding, MysteryShop
    from firstask.tickets.models import Ticket

    get = request.GET
    initial: dict = {}
    if get.get("rule") and get.get("ticket"):
        ticket = Ticket.objects.filter(number=get["ticket"]).first()
        if ticket:
            initial.update(
                evidence_kind=EvidenceKind.AUDIT_FLAG,
                ticket=ticket.number,
                audit_rule=get["rule"][:40],
                audit_day=get.get("day", "")[:10],
                person=ticket.first_responder_id,
            )
            item = next(
                (
                    r
                    for r in RuleItem.objects.filter(is_active=True)
                    if get["rule"] in r.flag_codes()
                ),
                None,
            )
            if item:
                initial["rule_item"] = item.pk
    elif get.get("finding", "").isdigit():
        finding = Finding.objects.select_related("item__ticket").filter(pk=get["finding"]).first()
        if finding:
            initial.update(
                evidence_kind=EvidenceKind.FINDING,
                finding=finding.pk,
                ticket=finding.item.ticket.number,
                person=finding.item.ticket.first_responder_id,
                summary=finding.remarks,
            )
    elif get.get("mystery", "").isdigit():
        visit = MysteryShop.objects.filter(pk=get["mystery"]).first()
        if visit:
            initial.update(
                evidence_kind=EvidenceKind.MYSTERY,
                mystery=visit.pk,
                person=visit.staff_id,
                summary=visit.remarks or visit.scenario,
            )
    elif get.get("complaint", "").isdigit():
        complaint = Complaint.objects.filter(pk=get["complaint"]).first()
        if complaint and perms.can_view_complaint(complaint, request.user):
            initial.update(
                evidence_kind=EvidenceKind.COMPLAINT,
                complaint=complaint.pk,
                person=complaint.concerned_staff_id,
                summary=complaint.content,
            )
            if complaint.ticket_id:
                initial["ticket"] = complaint.ticket.number
    return initial


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    require(perms.can_open_case(request.user))

    def create(form) -> HttpResponse:
        case = services.open_case(actor=request.user, **form.service_data())
        messages.success(request, _("Case %(case)s opened.") % {"case": case.reference})
        return redirect("accountability:case", pk=case.pk)

    form = CaseForm(request.POST or None, initial=_initial_from_evidence(request))
    return new_record_page(request, form, "accountability/case_new.html", create)


def _case_page(request: HttpRequest, case: Case, forms: dict | None = None, status: int = 200):
    user = request.user
    evidence = (
        Evidence.objects.filter(case=case)
        .select_related("ticket", "mystery_shop__staff", "complaint", "finding__item__ticket")
        .order_by("pk")
    )
    events = Event.objects.filter(case=case).select_related("actor").order_by("at", "pk")
    decisions = list(case.decisions.select_related("sanction", "decided_by").order_by("pk"))
    has_chain = any(p.responsibility != "direct" for p in case.parties.all())
    state = case.state
    context = {
        "case": case,
        "parties": case.parties.all(),
        "evidence": evidence,
        "events": events,
        "decisions": decisions,
        "has_chain": has_chain,
        "can_decide": state == CaseState.OPEN and perms.can_decide(case, user),
        "can_note": perms.can_add_note(case, user),
        "can_appeal": state == CaseState.DECIDED
        and perms.can_appeal(case, user)
        and perms.appeal_window_open(case)
        and not hasattr(case, "appeal_filed"),
        "can_decide_appeal": state == CaseState.APPEALED and perms.can_decide_appeal(case, user),
        "decision_form": DecisionForm(initial={"sanction": case.rule_item.default_sanction_id}),
        "dismiss_form": DismissForm(),
        "note_form": NoteForm(),
        "appeal_form": AppealForm(),
        "appeal_decision_form": AppealDecisionForm(),
    }
    context.update(forms or {})
    return render(request, "accountability/case_detail.html", context, status=status)


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = load_case(pk)
    require(perms.can_view_case(case, request.user))
    return _case_page(request, case)


def _post(request: HttpRequest, pk: int, form_class, form_key: str, call) -> HttpResponse:
    """The shape of every POST on a case: visible or 404/403, then ``act_on_record``."""
    case = load_case(pk)
    require(perms.can_view_case(case, request.user))

    def page(form, fresh: bool) -> HttpResponse:
        return _case_page(request, load_case(pk) if fresh else case, {form_key: form}, status=400)

    return act_on_record(
        request,
        form_class(request.POST),
        page,
        lambda data: call(case, data),
        reverse("accountability:case", args=[pk]),
    )


@post_only("accountability:case")
@login_required
def case_note(request: HttpRequest, pk: int) -> HttpResponse:
    def call(case, data):
        services.add_case_note(case_id=case.pk, actor=request.user, note=data["note"])
        return _("Note added.")

    return _post(request, pk, NoteForm, "note_form", call)


@post_only("accountability:case")
@login_required
def case_decide(request: HttpRequest, pk: int) -> HttpResponse:
    def call(case, data):
        services.decide_case(
            case_id=case.pk,
            actor=request.user,
            sanction=data["sanction"],
            chain_sanction=data.get("chain_sanction"),
            reasons=data["reasons"],
        )
        return _("Decided. The persons concerned are notified.")

    return _post(request, pk, DecisionForm, "decision_form", call)


@post_only("accountability:case")
@login_required
def case_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    def call(case, data):
        services.decide_case(
            case_id=case.pk, actor=request.user, sanction=None, reasons=data["reasons"]
        )
        return _("Case dismissed.")

    return _post(request, pk, DismissForm, "dismiss_form", call)


@post_only("accountability:case")
@login_required
def case_appeal(request: HttpRequest, pk: int) -> HttpResponse:
    def call(case, data):
        services.file_appeal(case_id=case.pk, actor=request.user, reasons=data["reasons"])
        return _("Appeal filed. A leader who did not decide the case will decide it.")

    return _post(request, pk, AppealForm, "appeal_form", call)


@post_only("accountability:case")
@login_required
def case_appeal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    def call(case, data):
        services.decide_appeal(
            case_id=case.pk,
            actor=request.user,
            outcome=data["outcome"],
            sanction=data.get("sanction"),
            reasons=data["reasons"],
        )
        return _("Appeal decided. The persons concerned are notified.")

    return _post(request, pk, AppealDecisionForm, "appeal_decision_form", call)
