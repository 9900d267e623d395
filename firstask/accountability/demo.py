"""Demo records of accountability: complaints of every channel, a case in each state,
one person with two efficiency warnings (不称职), and a commendation. Built through the
services, so the demo has the same events, decisions and notices as real use.
Idempotent: does nothing once a case exists."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from firstask.accountability import services
from firstask.accountability.choices import (
    CommendationKind,
    CommendationSource,
    ComplaintChannel,
    ComplaintClass,
    ComplaintKind,
    Concerns,
)
from firstask.accountability.models import Case, RuleItem, Sanction


def load() -> None:
    users = {u.username: u for u in get_user_model().objects.all()}
    needed = (
        "reception",
        "hotline",
        "handler",
        "handler2",
        "office",
        "leader",
        "inspector",
        "manager",
    )
    if any(name not in users for name in needed) or Case.objects.exists():
        return
    u = {name: users[name] for name in needed}
    rules = {r.code: r for r in RuleItem.objects.all()}
    sanctions = {s.code: s for s in Sanction.objects.all()}
    today = timezone.localdate()

    def complaint(recorder, **data):
        data.setdefault("received_on", today)
        return services.record_complaint(actor=recorder, data=data)

    rude = complaint(
        u["office"],
        kind=ComplaintKind.COMPLAINT,
        channel=ComplaintChannel.PHONE,
        complainant_name="钱先生",
        complainant_phone="13905719999",
        concerns=Concerns.STAFF,
        concerned_staff=u["reception"],
        classification=ComplaintClass.ATTITUDE,
        content="来电反映窗口工作人员未告知姓名和电话，态度生硬。",
    )
    complaint(
        u["office"],
        kind=ComplaintKind.SUGGESTION,
        channel=ComplaintChannel.BOX,
        box_opened_on=today - timedelta(days=3),
        received_on=today - timedelta(days=3),
        concerns=Concerns.CENTRE,
        classification=ComplaintClass.SPEED,
        content="建议午间增设一个综合窗口，减少排队。",
    )
    praise = complaint(
        u["office"],
        kind=ComplaintKind.PRAISE,
        channel=ComplaintChannel.LETTER,
        complainant_name="孙女士",
        concerns=Concerns.STAFF,
        concerned_staff=u["hotline"],
        classification=ComplaintClass.OTHER,
        content="感谢信：热线李娜耐心解答，一次说清所需材料。",
    )
    services.answer_complaint(
        complaint_id=rude.pk,
        actor=u["office"],
        action_taken="已调取录音核实，转质检立案。",
        reply="已电话答复钱先生，致歉并说明处理情况。",
    )

    def case(person, rule, summary, **evidence):
        items = [services.EvidenceIn(**evidence)] if evidence else []
        return services.open_case(
            actor=u["inspector"],
            rule_item=rules[rule],
            person=person,
            summary=summary,
            evidence=items,
        )

    def decide(c, decider, sanction, reasons="经调查属实。"):
        return services.decide_case(
            case_id=c.pk, actor=decider, sanction=sanctions[sanction], reasons=reasons
        )

    opened = case(u["handler2"], "forbidden_phrase", "答复中使用“不归我管”。")
    services.add_case_note(
        case_id=opened.pk, actor=u["inspector"], note="已调取窗口录音，待科室说明。"
    )
    decide(
        case(
            u["reception"],
            "no_self_introduction",
            "来电人反映未告知姓名和电话。",
            kind="complaint",
            complaint_id=rude.pk,
        ),
        u["leader"],
        "admonition",
    )
    appealed = decide(
        case(u["handler"], "not_registered", "来电未登记。"), u["leader"], "efficiency_warning"
    )
    services.file_appeal(
        case_id=appealed.pk, actor=u["handler"], reasons="当天系统故障，已事后补登。"
    )
    withdrawn = decide(
        case(u["hotline"], "not_registered", "来电未登记。"), u["leader"], "efficiency_warning"
    )
    services.file_appeal(
        case_id=withdrawn.pk, actor=u["hotline"], reasons="该来电已登记，编号有误。"
    )
    services.decide_appeal(
        case_id=withdrawn.pk, actor=u["manager"], outcome="withdrawn", reasons="核实已登记，撤销。"
    )
    dismissed = case(u["reception"], "requirement_not_met", "回访未及时。")
    services.decide_case(
        case_id=dismissed.pk, actor=u["leader"], sanction=None, reasons="系来访人要求延后回访。"
    )
    for summary in ("12 月 1 日来电未登记。", "12 月 2 日来访未登记。"):
        decide(case(u["handler2"], "not_registered", summary), u["leader"], "efficiency_warning")

    commendation = services.propose_commendation(
        actor=u["office"],
        person=u["hotline"],
        kind=CommendationKind.PUBLIC,
        source=CommendationSource.COMPLAINT,
        reasons="群众来信表扬：耐心解答，一次性告知所需材料。",
        complaint=praise,
    )
    services.decide_commendation(commendation_id=commendation.pk, actor=u["leader"], approve=True)
