"""The one way accountability records change: each function checks the actor, locks
the row, runs the model's transition, writes the decision/appeal and the event, and
posts the notices — all in one transaction. Views, admin and the demo loader call
these; nothing else changes a case, a complaint or a commendation.

Notices go to the notify app's inbox/outbox rows (``post_message``): no broker call on
the request's path; the relay mails them later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_fsm import can_proceed, has_transition_perm

from firstask.accountability import permissions as perms
from firstask.accountability import tallies
from firstask.accountability.choices import (
    COUNTING_STATES,
    AppealOutcome,
    CaseState,
    CommendationState,
    ComplaintKind,
    EventKind,
    EvidenceKind,
    Responsibility,
)
from firstask.accountability.models import (
    Appeal,
    Case,
    CaseParty,
    Commendation,
    Complaint,
    Decision,
    Event,
    Evidence,
    RuleItem,
    Sanction,
)
from firstask.notify.services import post_message
from firstask.org.models import StaffProfile, display_name
from firstask.workdays.maths import add_working_days
from firstask.workdays.selectors import work_calendar


class AlreadyHandled(Exception):
    """Someone else acted first: the page the user saw is out of date."""

    message = _("This has already been handled by someone else. Here is where it stands now.")


def appeal_working_days() -> int:
    return int(getattr(settings, "ACCOUNTABILITY_APPEAL_WORKING_DAYS", 5))


# --- complaints register ------------------------------------------------------------------

COMPLAINT_FIELDS = (
    "kind",
    "channel",
    "received_on",
    "box_opened_on",
    "complainant_name",
    "complainant_phone",
    "concerns",
    "concerned_staff",
    "concerned_department",
    "ticket",
    "classification",
    "content",
)


def record_complaint(*, actor, data: dict[str, Any]) -> Complaint:
    if not perms.can_record_complaint(actor):
        raise PermissionDenied
    values = {name: data.get(name) for name in COMPLAINT_FIELDS if data.get(name) is not None}
    with transaction.atomic():
        complaint = Complaint(**values, recorded_by=actor)
        if complaint.concerned_staff_id and not complaint.concerned_department_id:
            complaint.concerned_department_id = _department_of(complaint.concerned_staff_id)
        complaint.full_clean(exclude=["state"])
        complaint.save()
        _event(actor, EventKind.RECORDED, complaint=complaint, to_state=complaint.state)
    return complaint


def answer_complaint(
    *, complaint_id: int, actor, action_taken: str, reply: str, replied_on: date | None = None
) -> Complaint:
    with transaction.atomic():
        complaint = (
            Complaint.objects.select_for_update(of=("self",))
            .select_related("concerned_staff__profile")
            .get(pk=complaint_id)
        )
        staff_dept = _staff_department(complaint)
        if complaint.state != "open":
            raise AlreadyHandled
        if not perms.can_answer_complaint(complaint, actor, staff_dept):
            raise PermissionDenied
        complaint.answer(
            action_taken=action_taken,
            reply=reply,
            replied_on=replied_on or timezone.localdate(),
        )
        complaint.save()
        _event(
            actor,
            EventKind.ANSWERED,
            complaint=complaint,
            from_state="open",
            to_state=complaint.state,
            note=reply,
        )
    return complaint


def _staff_department(complaint: Complaint) -> int | None:
    staff = complaint.concerned_staff
    if staff is None:
        return None
    profile = getattr(staff, "profile", None)
    return profile.department_id if profile else None


# --- cases -------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceIn:
    kind: str
    ticket_id: int | None = None
    audit_rule: str = ""
    audit_day: date | None = None
    finding_id: int | None = None
    mystery_shop_id: int | None = None
    complaint_id: int | None = None
    note: str = ""


def open_case(
    *,
    actor,
    rule_item: RuleItem,
    person,
    summary: str,
    evidence: list[EvidenceIn] = (),
) -> Case:
    """Open a case against ``person`` under ``rule_item``; the chain (section head,
    supervising leader) is added where the rule item says so (docs/domain.md#accountability)."""
    if not perms.can_open_case(actor):
        raise PermissionDenied
    if person.pk == actor.pk:
        raise ValidationError({"person": _("You cannot open a case against yourself.")})
    if not rule_item.is_active:
        raise ValidationError({"rule_item": _("This rule item is no longer in use.")})
    if not person.is_active:
        raise ValidationError({"person": _("This person is no longer active.")})
    now = timezone.now()
    with transaction.atomic():
        case = Case.objects.create(
            rule_item=rule_item, summary=summary, opened_by=actor, opened_at=now
        )
        parties = chain_for(person, rule_item)
        opened_on = timezone.localdate(now)
        CaseParty.objects.bulk_create(
            CaseParty(
                case=case,
                person_id=pid,
                responsibility=resp,
                department_id=dept,
                opened_on=opened_on,
            )
            for pid, resp, dept in parties
        )
        for item in evidence:
            Evidence.objects.create(case=case, added_by=actor, added_at=now, **item.__dict__)
        _event(
            actor,
            EventKind.OPENED,
            case=case,
            to_state=case.state,
            note=summary,
            data={
                "rule_item": rule_item.code,
                "parties": [[pid, resp] for pid, resp, _dept in parties],
                "evidence": [e.kind for e in evidence],
            },
            at=now,
        )
    return case


def chain_for(person, rule_item: RuleItem) -> list[tuple[int, str, int | None]]:
    """(person id, responsibility, department id) for everyone who answers."""
    profile = (
        StaffProfile.objects.filter(user=person)
        .select_related("department")
        .only(
            "department__id",
            "department__head_id",
            "department__supervising_leader_id",
            "user_id",
        )
        .first()
    )
    department = profile.department if profile else None
    dept_id = department.pk if department else None
    chain = [(person.pk, Responsibility.DIRECT.value, dept_id)]
    seen = {person.pk}
    head_id = department.head_id if department is not None else None
    if rule_item.chain_section_head and head_id and head_id not in seen:
        chain.append((head_id, Responsibility.MAIN.value, dept_id))
        seen.add(head_id)
    if (
        department is not None
        and rule_item.chain_supervising_leader
        and department.supervising_leader_id
        and department.supervising_leader_id not in seen
    ):
        chain.append((department.supervising_leader_id, Responsibility.IMPORTANT.value, dept_id))
    return chain


def add_case_note(*, case_id: int, actor, note: str) -> Event:
    with transaction.atomic():
        case = _locked_case(case_id)
        if not perms.can_add_note(case, actor):
            raise PermissionDenied
        return _event(actor, EventKind.NOTE, case=case, note=note)


def add_evidence(*, case_id: int, actor, item: EvidenceIn) -> Evidence:
    with transaction.atomic():
        case = _locked_case(case_id)
        if not perms.can_add_note(case, actor):
            raise PermissionDenied
        row = Evidence.objects.create(case=case, added_by=actor, **item.__dict__)
        _event(actor, EventKind.EVIDENCE, case=case, data={"kind": item.kind}, note=item.note)
        return row


def decide_case(
    *,
    case_id: int,
    actor,
    sanction: Sanction | None,
    reasons: str,
    chain_sanction: Sanction | None = None,
) -> Case:
    """Decide a sanction (or, with ``sanction=None``, dismiss: no violation).

    The appeal window is counted in working days of the calendar from the decision.
    """
    with transaction.atomic():
        case = _locked_case(case_id)
        method = case.decide if sanction is not None else case.dismiss
        _check(case, method, actor)
        now = timezone.now()
        method()
        decision = Decision.objects.create(
            case=case,
            sanction=sanction,
            chain_sanction=chain_sanction if sanction is not None else None,
            reasons=reasons,
            decided_by=actor,
            decided_at=now,
        )
        case.decision = decision
        case.decided_on = timezone.localdate(now)
        if sanction is not None:
            due = add_working_days(now, appeal_working_days(), work_calendar()).at
            case.appeal_due_on = timezone.localdate(due)
        case.save()
        _apply_sanctions(case, sanction, chain_sanction)
        _event(
            actor,
            EventKind.DECIDED if sanction is not None else EventKind.DISMISSED,
            case=case,
            from_state=CaseState.OPEN,
            to_state=case.state,
            note=reasons,
            data={
                "decision": decision.pk,
                "sanction": sanction.code if sanction else "",
                "chain_sanction": chain_sanction.code if chain_sanction and sanction else "",
                "appeal_due_on": case.appeal_due_on.isoformat() if case.appeal_due_on else "",
            },
            at=now,
        )
        if sanction is not None:
            _notify_parties(
                case,
                actor,
                gettext_noop(
                    "Case %(case)s: a decision was made about you (%(sanction)s). "
                    "You may appeal until %(until)s."
                ),
                {"sanction": sanction.name, "until": case.appeal_due_on.isoformat()},
            )
    return case


def file_appeal(*, case_id: int, actor, reasons: str) -> Appeal:
    with transaction.atomic():
        case = _locked_case(case_id)
        if Appeal.objects.filter(case=case).exists():
            raise AlreadyHandled
        if case.state == CaseState.DECIDED and not perms.appeal_window_open(case):
            raise ValidationError(_("The time to appeal has passed."))
        _check(case, case.appeal, actor)
        now = timezone.now()
        case.appeal()
        case.save()
        appeal = Appeal.objects.create(case=case, appellant=actor, reasons=reasons, filed_at=now)
        _event(
            actor,
            EventKind.APPEALED,
            case=case,
            from_state=CaseState.DECIDED,
            to_state=case.state,
            note=reasons,
            at=now,
        )
        deciders = _appeal_deciders(case)
        for person in deciders:
            post_message(
                recipient=person,
                text=gettext_noop("Case %(case)s: an appeal was filed and awaits a decision."),
                params={"case": case.reference},
                link=reverse("accountability:case", args=[case.pk]),
            )
    return appeal


def decide_appeal(
    *,
    case_id: int,
    actor,
    outcome: str,
    reasons: str,
    sanction: Sanction | None = None,
) -> Case:
    """Upheld, changed (a new sanction) or withdrawn — a new ``Decision`` row each time;
    the first decision stays on record."""
    if outcome not in AppealOutcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    with transaction.atomic():
        case = _locked_case(case_id)
        method = case.withdraw if outcome == AppealOutcome.WITHDRAWN else case.uphold_or_change
        _check(case, method, actor)
        previous = case.decision
        if outcome == AppealOutcome.CHANGED:
            if sanction is None:
                raise ValidationError({"sanction": _("Choose the new sanction.")})
            if sanction.pk == previous.sanction_id:
                raise ValidationError(
                    {"sanction": _("That is the sanction already decided: choose upheld.")}
                )
        else:
            sanction = previous.sanction if outcome == AppealOutcome.UPHELD else None
        now = timezone.now()
        method()
        decision = Decision.objects.create(
            case=case,
            on_appeal=True,
            outcome=outcome,
            sanction=sanction,
            chain_sanction=previous.chain_sanction if sanction is not None else None,
            reasons=reasons,
            decided_by=actor,
            decided_at=now,
        )
        case.decision = decision
        case.save()
        _apply_sanctions(case, sanction, decision.chain_sanction)
        _event(
            actor,
            EventKind.APPEAL_DECIDED,
            case=case,
            from_state=CaseState.APPEALED,
            to_state=case.state,
            note=reasons,
            data={
                "decision": decision.pk,
                "outcome": outcome,
                "sanction": sanction.code if sanction else "",
                "previous_sanction": previous.sanction.code if previous.sanction else "",
            },
            at=now,
        )
        _notify_parties(
            case,
            actor,
            gettext_noop("Case %(case)s: your appeal was decided (%(outcome)s)."),
            {"outcome": OUTCOME_TEXT[outcome]},
            translate=("outcome",),
        )
    return case


def _appeal_deciders(case: Case):
    """Who is told an appeal waits: the supervising leaders of the case's departments
    who did not decide it and are not in it (the managers see every case anyway)."""
    from firstask.org.models import Department

    excluded = {p.person_id for p in case.parties.all()} | {case.decision.decided_by_id}
    departments = {p.department_id for p in case.parties.all() if p.department_id}
    leaders = (
        Department.objects.filter(pk__in=departments, supervising_leader__isnull=False)
        .exclude(supervising_leader_id__in=excluded)
        .select_related("supervising_leader")
    )
    return list({d.supervising_leader_id: d.supervising_leader for d in leaders}.values())


def _apply_sanctions(case: Case, sanction: Sanction | None, chain_sanction) -> None:
    """Put the decision in force on the parties, with the copies the scorecards read."""
    chain_sanction = chain_sanction if sanction is not None else None
    counts = case.state in COUNTING_STATES
    CaseParty.objects.filter(case=case, responsibility=Responsibility.DIRECT).update(
        sanction=sanction, decided_on=case.decided_on, standing=counts and sanction is not None
    )
    CaseParty.objects.filter(case=case).exclude(responsibility=Responsibility.DIRECT).update(
        sanction=chain_sanction,
        decided_on=case.decided_on,
        standing=counts and chain_sanction is not None,
    )
    # The scorecards' sums of the year the sanction counts in (unchanged by an appeal).
    tallies.recount((p.department_id, case.decided_on.year) for p in case.parties.all())


# The outcome's label as a msgid (the same words as AppealOutcome's labels), so the
# notice is translated into the reader's language when shown.
OUTCOME_TEXT = {
    AppealOutcome.UPHELD: gettext_noop("Upheld"),
    AppealOutcome.CHANGED: gettext_noop("Sanction changed"),
    AppealOutcome.WITHDRAWN: gettext_noop("Withdrawn"),
}


def _notify_parties(case: Case, actor, text: str, params: dict, translate=()) -> None:
    link = reverse("accountability:case", args=[case.pk])
    recipients = [p.person for p in case.parties.all()]
    for person in recipients:
        post_message(
            recipient=person,
            text=text,
            params={"case": case.reference, **params},
            link=link,
            translate=translate,
        )
    _event(
        actor,
        EventKind.NOTIFIED,
        case=case,
        data={"recipients": [p.pk for p in recipients], "text": text},
    )


def _locked_case(case_id: int) -> Case:
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("decision", "rule_item")
        .get(pk=case_id)
    )
    # The predicates read the parties from the prefetch cache.
    prefetch_related_objects(
        [case], Prefetch("parties", queryset=CaseParty.objects.select_related("person"))
    )
    return case


def _check(obj, method, actor) -> None:
    """403 for someone who could never take this step; "already handled" for someone
    who could, had the record not moved on."""
    meta = method._django_fsm
    state = obj.state
    if meta.has_transition(state) and not meta.has_transition_perm(obj, state, actor):
        raise PermissionDenied
    if not can_proceed(method) or not has_transition_perm(method, actor):
        raise AlreadyHandled


# --- commendations ----------------------------------------------------------------------


def propose_commendation(
    *,
    actor,
    person,
    kind: str,
    source: str,
    reasons: str,
    ticket=None,
    complaint: Complaint | None = None,
    mystery_shop=None,
    period_start: date | None = None,
    period_end: date | None = None,
    measures: dict | None = None,
) -> Commendation:
    if not perms.can_propose_commendation(actor):
        raise PermissionDenied
    if complaint is not None and complaint.kind != ComplaintKind.PRAISE:
        raise ValidationError(
            {"complaint": _("Only a register entry of kind praise can ground a commendation.")}
        )
    with transaction.atomic():
        commendation = Commendation.objects.create(
            person=person,
            department_id=_department_of(person.pk),
            kind=kind,
            source=source,
            reasons=reasons,
            ticket=ticket,
            complaint=complaint,
            mystery_shop=mystery_shop,
            period_start=period_start,
            period_end=period_end,
            measures=measures or {},
            proposed_by=actor,
        )
        _event(
            actor,
            EventKind.PROPOSED,
            commendation=commendation,
            to_state=commendation.state,
            note=reasons,
            data={"kind": kind, "source": source},
        )
    return commendation


def decide_commendation(
    *, commendation_id: int, actor, approve: bool, note: str = ""
) -> Commendation:
    with transaction.atomic():
        commendation = Commendation.objects.select_for_update(of=("self",)).get(pk=commendation_id)
        method = commendation.approve if approve else commendation.reject
        _check(commendation, method, actor)
        method()
        commendation.decided_by = actor
        commendation.decided_on = timezone.localdate()
        commendation.decision_note = note
        commendation.save()
        _event(
            actor,
            EventKind.APPROVED if approve else EventKind.REJECTED,
            commendation=commendation,
            from_state=CommendationState.PROPOSED,
            to_state=commendation.state,
            note=note,
        )
        if approve:
            tallies.recount([(commendation.department_id, commendation.decided_on.year)])
            post_message(
                recipient=commendation.person,
                text=gettext_noop("You were commended (%(reference)s): %(reasons)s"),
                params={"reference": commendation.reference, "reasons": commendation.reasons[:100]},
                link=reverse("accountability:commendation", args=[commendation.pk]),
            )
    return commendation


# --- shared ------------------------------------------------------------------------------


def _department_of(user_id: int) -> int | None:
    return (
        StaffProfile.objects.filter(user_id=user_id).values_list("department_id", flat=True).first()
    )


def _event(actor, kind: str, *, at=None, **fields) -> Event:
    return Event.objects.create(actor=actor, kind=kind, at=at or timezone.now(), **fields)


def person_label(user) -> str:
    return display_name(user)


__all__ = [
    "AlreadyHandled",
    "EvidenceIn",
    "EvidenceKind",
    "add_case_note",
    "add_evidence",
    "answer_complaint",
    "chain_for",
    "decide_appeal",
    "decide_case",
    "decide_commendation",
    "file_appeal",
    "open_case",
    "propose_commendation",
    "record_complaint",
]
