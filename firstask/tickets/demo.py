"""Demo inquiries: a morning at the city service centre, in every state of the life.

Created through the real services, so each has its events and deadlines. Loaded once:
if the demo receptionist already has inquiries, nothing is added.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from firstask.directory.models import Matter
from firstask.org.models import Department
from firstask.tickets import services
from firstask.tickets.choices import AnswerKind, Satisfaction
from firstask.tickets.deadlines import refresh_deadlines
from firstask.tickets.models import Referral, Ticket
from firstask.workdays.maths import add_working_hours
from firstask.workdays.selectors import work_calendar


def _act(ticket, action, actor, **data):
    return services.ticket_transition(ticket_id=ticket.pk, action=action, actor=actor, **data)


def _office_time_ago(now, hours: float):
    """An instant ``hours`` of office time before ``now``: always within office hours."""
    return add_working_hours(now, -hours, work_calendar()).at


def _backdate(ticket, now, **fields) -> None:
    """Move a demo ticket's facts into the past and recompute its clocks, so the demo
    shows overdue and due-soon items on the day it is loaded. The events keep their
    load time: they record when the demo was made."""
    Ticket.objects.filter(pk=ticket.pk).update(**fields)
    fresh = Ticket.objects.get(pk=ticket.pk)
    refresh_deadlines(fresh, now=now)
    fresh.save()
    if "referred_at" in fields:
        Referral.objects.filter(ticket=ticket, returned_at__isnull=True).update(
            referred_at=fields["referred_at"], deadline=fresh.handle_due_at
        )


def _late_and_due_soon(users, departments, now) -> None:
    """Every kind of warning on the day the demo is loaded: an answer overdue at the
    desk, a referral nobody signed for (head told, then the supervising leader), a
    handling deadline due soon, an extended item whose visitor was not told for 24 hours,
    and an inquiry paused while waiting on the visitor."""
    reception, hotline = users["reception"], users["hotline"]
    handler, head = users["handler"], users.get("head")
    realestate = departments.get("realestate")
    if realestate is None:
        return

    def new(actor, **data):
        data.setdefault("urgency", "normal")
        data.setdefault("received_at", now)
        return services.register_ticket(actor=actor, data=data)

    late_answer = new(
        reception,
        channel="walk_in",
        category="consultation",
        visitor_name="周晓东",
        visitor_phone="13305716666",
        matter="住房公积金贷款额度怎么计算？",
    )
    received = _office_time_ago(now, 10)
    _backdate(late_answer, now, received_at=received)

    unsigned = new(
        hotline,
        channel="phone",
        category="complaint",
        visitor_name="吴桂兰",
        visitor_phone="13205717777",
        matter="不动产登记预约三次都约不上，投诉。",
    )
    _act(
        unsigned,
        "refer",
        hotline,
        department=realestate,
        handler=None,
        summary="来电人反映不动产登记预约难，请核查预约号源并回复来电人。",
        suggestion="请尽快签收并联系来电人",
    )
    referred = _office_time_ago(now, 30)
    _backdate(unsigned, now, received_at=_office_time_ago(now, 31), referred_at=referred)

    soon = new(
        reception,
        channel="walk_in",
        category="business",
        visitor_name="郑伟",
        visitor_phone="13105718888",
        matter="抵押登记注销，银行材料已交，问何时能办结。",
        promised_at=add_working_hours(now, 2, work_calendar()).at,
    )
    _act(
        soon,
        "refer",
        reception,
        department=realestate,
        handler=handler,
        summary="抵押注销，银行材料已齐，请按承诺时间办结。",
        suggestion="",
    )
    _act(soon, "sign_for", handler)

    extended = new(
        reception,
        channel="walk_in",
        category="business",
        visitor_name="冯丽",
        visitor_phone="13005719999",
        matter="继承房产转移登记，需调取外地档案。",
    )
    _act(
        extended,
        "refer",
        reception,
        department=realestate,
        handler=handler,
        summary="继承转移登记，需外调档案，请核实后办理。",
        suggestion="",
    )
    _act(extended, "sign_for", handler)
    _act(
        extended,
        "request_extension",
        handler,
        until=add_working_hours(now, 35, work_calendar()).at,
        reason="外地档案调取需五个工作日",
    )
    if head is not None:
        _act(
            extended,
            "decide_extension",
            head,
            approved=True,
            note="同意延期",
            visitor_notice="已电话告知来访人新的期限",
        )
        _backdate(extended, now, last_visitor_contact_at=_office_time_ago(now, 16))

    paused = new(
        hotline,
        channel="phone",
        category="business",
        visitor_name="蒋涛",
        visitor_phone="13905710000",
        matter="个体户变更经营范围，营业执照原件尚未带来。",
    )
    _act(paused, "pause", hotline, reason="等待来电人送来营业执照原件")


def load() -> None:
    users = {u.username: u for u in get_user_model().objects.all()}
    reception, hotline = users.get("reception"), users.get("hotline")
    handler, handler2 = users.get("handler"), users.get("handler2")
    if not (reception and hotline and handler and handler2):
        return
    if reception.first_responder_tickets.exists():
        return
    departments = {d.code: d for d in Department.objects.all()}
    matters = {m.name: m for m in Matter.objects.all()}
    now = timezone.now()
    _late_and_due_soon(users, departments, now)

    def register(actor, minutes_ago: int, **data):
        data.setdefault("urgency", "normal")
        data["received_at"] = now - timedelta(minutes=minutes_ago)
        return services.register_ticket(actor=actor, data=data)

    # Answered on the spot and closed.
    services.register_ticket(
        actor=reception,
        data={
            "channel": "walk_in",
            "category": "consultation",
            "visitor_name": "陈建国",
            "visitor_phone": "13905710001",
            "matter": "公积金提取在哪个窗口办理？",
        },
        answer_on_the_spot="服务大厅 2 楼 E 区 27-30 号窗口，带身份证和银行卡。",
    )
    # Just registered at the counter.
    register(
        reception,
        20,
        channel="walk_in",
        category="business",
        visitor_name="李秀英",
        visitor_phone="13805712222",
        visitor_unit="个人",
        matter="二手房过户需要准备哪些材料，能否一次办完？",
        directory_matter=matters.get("二手房转移登记"),
    )
    # Referred, waiting for the department to sign for it.
    call = register(
        hotline,
        95,
        channel="phone",
        category="complaint",
        visitor_name="王海燕",
        visitor_phone="0571-87654321",
        call_time=now - timedelta(minutes=96),
        matter="社保卡补办三周还没拿到，窗口说再等等。",
    )
    _act(
        call,
        "refer",
        hotline,
        department=departments.get("social"),
        handler=None,
        summary="社保卡补办超时未领到，请核查制卡进度并回复来电人。",
        suggestion="请三日内答复",
    )
    # Referred, signed for, in progress.
    walk = register(
        reception,
        180,
        channel="walk_in",
        category="business",
        visitor_name="张志明",
        visitor_phone="13605713333",
        matter="不动产权证书遗失，想补办，问需要登报吗？",
        directory_matter=matters.get("不动产权证书补换证"),
    )
    _act(
        walk,
        "refer",
        reception,
        department=departments.get("realestate"),
        handler=handler,
        summary="不动产权证书遗失补办咨询",
        suggestion="请告知是否需要遗失声明",
    )
    _act(walk, "sign_for", handler)
    _act(walk, "post_progress", handler, note="已调取登记档案，核对权属信息中。")
    # Result recorded: the first responder must call back.
    letter = register(
        reception,
        300,
        channel="letter",
        category="suggestion",
        visitor_name="刘丽华",
        visitor_unit="某小区业委会",
        visitor_address="解放路 88 号",
        letter_reference="来信〔2026〕12 号",
        matter="建议服务大厅增加周六上午的办事窗口。",
    )
    _act(
        letter,
        "refer",
        reception,
        department=departments.get("office"),
        handler=None,
        summary="群众来信建议增加周六窗口",
        suggestion="请研究答复",
    )
    office = users.get("office")
    if office:
        _act(letter, "sign_for", office)
        _act(
            letter, "record_result", office, result="已纳入明年窗口调整方案，周六上午开放综合窗口。"
        )
    # Materials missing: one-time notice given.
    notice = register(
        hotline,
        400,
        channel="phone",
        category="business",
        visitor_name="赵东",
        visitor_phone="13705714444",
        matter="办个体工商户执照要什么材料？",
        directory_matter=matters.get("个体工商户设立登记"),
    )
    matter = notice.directory_matter
    items = [m.label for m in matter.materials.all()] if matter else ["身份证原件"]
    _act(
        notice,
        "answer",
        hotline,
        kind=AnswerKind.MATERIALS_MISSING,
        text="请按清单一次备齐后到 2 楼 D 区办理。",
        missing_items=items,
    )
    # A dissatisfied visitor: sent back to be redone.
    redo = register(
        reception,
        600,
        channel="walk_in",
        category="help",
        visitor_name="孙红梅",
        visitor_phone="13505715555",
        matter="失业金申领后一直没到账。",
    )
    _act(
        redo,
        "refer",
        reception,
        department=departments.get("social"),
        handler=handler2,
        summary="失业金未到账",
        suggestion="请查明原因",
    )
    _act(redo, "sign_for", handler2)
    _act(redo, "record_result", handler2, result="已告知等待。")
    _act(
        redo,
        "follow_up",
        reception,
        method="phone",
        satisfaction=Satisfaction.DISSATISFIED,
        remarks="来访人表示没有说明原因",
    )
