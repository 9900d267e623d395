"""A small world with one record of every kind, built through the services."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from firstask.accountability import choices, services
from firstask.accountability.models import Case, Commendation, Complaint
from tests.accountability.conftest import commend, decide, open_case, propose


@dataclass
class World:
    open_case: Case
    decided: Case
    appealed: Case
    complaint: Complaint
    praise: Complaint
    commendation: Commendation
    reviewed: Case
    bulletin: Case
    approved: Commendation


def complaint_about(person, recorder, kind=choices.ComplaintKind.COMPLAINT, **extra) -> Complaint:
    data = {
        "kind": kind,
        "channel": choices.ComplaintChannel.PHONE,
        "received_on": timezone.localdate(),
        "complainant_name": "赵先生",
        "complainant_phone": "13900001111",
        "concerns": choices.Concerns.STAFF,
        "concerned_staff": person,
        "classification": choices.ComplaintClass.ATTITUDE,
        "content": "窗口人员态度生硬",
        **extra,
    }
    return services.record_complaint(actor=recorder, data=data)


def build(*, receptionist, inspector, leader, other_leader, office_head) -> World:
    opened = open_case(inspector, receptionist)
    decided = decide(open_case(inspector, receptionist, "forbidden_phrase"), leader, "admonition")
    appealed = decide(open_case(inspector, receptionist), leader)
    services.file_appeal(case_id=appealed.pk, actor=receptionist, reasons="系统故障")
    complaint = complaint_about(receptionist, office_head)
    praise = complaint_about(
        receptionist, office_head, kind=choices.ComplaintKind.PRAISE, content="耐心细致，表示感谢"
    )
    commendation = propose(
        inspector,
        receptionist,
        source=choices.CommendationSource.COMPLAINT,
        reasons="群众来电表扬",
        complaint=praise,
    )
    reviewed = decide(open_case(inspector, receptionist), leader)
    services.file_appeal(case_id=reviewed.pk, actor=receptionist, reasons="情节轻微")
    services.decide_appeal(
        case_id=reviewed.pk, actor=other_leader, outcome="upheld", reasons="维持"
    )
    bulletin = decide(
        open_case(inspector, receptionist, "deflection_with_harm"), other_leader, "public_criticism"
    )
    approved = commend(inspector, receptionist, leader, kind=choices.CommendationKind.PUBLIC)
    return World(
        opened, decided, appealed, complaint, praise, commendation, reviewed, bulletin, approved
    )


def grow(world: World, *, receptionist, colleague, inspector, leader, office_head, n=4) -> None:
    """More of everything, to show a page's query count does not grow with the data."""
    for _ in range(n):
        decide(open_case(inspector, receptionist), leader, "admonition")
        decide(open_case(inspector, colleague, "deflection_with_harm"), leader, "talk_warning")
        complaint_about(receptionist, office_head)
        commend(inspector, colleague, leader)
