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

# The demo's visitors, one per inquiry: channel, category, name, phone (or ""), what
# they came about.
# fmt: off
VISITORS: dict[str, tuple[str, str, str, str, str]] = {
    # Warnings on the day the demo is loaded (_late_and_due_soon).
    "late_answer": ("walk_in", "consultation", "周晓东", "13305716666",
                    "住房公积金贷款额度怎么计算？"),
    "unsigned": ("phone", "complaint", "吴桂兰", "13205717777",
                 "不动产登记预约三次都约不上，投诉。"),
    "soon": ("walk_in", "business", "郑伟", "13105718888",
             "抵押登记注销，银行材料已交，问何时能办结。"),
    "extended": ("walk_in", "business", "冯丽", "13005719999",
                 "继承房产转移登记，需调取外地档案。"),
    "paused": ("phone", "business", "蒋涛", "13905710000",
               "个体户变更经营范围，营业执照原件尚未带来。"),
    # A morning at the counter and on the phone, one inquiry in every state (load).
    "on_the_spot": ("walk_in", "consultation", "陈建国", "13905710001",
                    "公积金提取在哪个窗口办理？"),
    "counter": ("walk_in", "business", "李秀英", "13805712222",
                "二手房过户需要准备哪些材料，能否一次办完？"),
    "call": ("phone", "complaint", "王海燕", "0571-87654321",
             "社保卡补办三周还没拿到，窗口说再等等。"),
    "walk": ("walk_in", "business", "张志明", "13605713333",
             "不动产权证书遗失，想补办，问需要登报吗？"),
    "letter": ("letter", "suggestion", "刘丽华", "",
               "建议服务大厅增加周六上午的办事窗口。"),
    "notice": ("phone", "business", "赵东", "13705714444",
               "办个体工商户执照要什么材料？"),
    "redo": ("walk_in", "help", "孙红梅", "13505715555",
             "失业金申领后一直没到账。"),
}
# fmt: on


def _visit(key: str, **extra) -> dict:
    """The registration data of one of the VISITORS (a letter has no phone)."""
    channel, category, name, phone, matter = VISITORS[key]
    data = {"channel": channel, "category": category, "visitor_name": name}
    if phone:
        data["visitor_phone"] = phone
    return {**data, "matter": matter, **extra}


def _act(ticket, action, actor, **data):
    return services.ticket_transition(ticket_id=ticket.pk, action=action, actor=actor, **data)


def _refer(ticket, actor, department, summary: str, suggestion: str = "", handler=None):
    return _act(
        ticket,
        "refer",
        actor,
        department=department,
        handler=handler,
        summary=summary,
        suggestion=suggestion,
    )


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

    def new(actor, key: str, **extra):
        data = {**_visit(key, **extra), "urgency": "normal", "received_at": now}
        return services.register_ticket(actor=actor, data=data)

    late_answer = new(reception, "late_answer")
    _backdate(late_answer, now, received_at=_office_time_ago(now, 10))

    unsigned = new(hotline, "unsigned")
    summary = "来电人反映不动产登记预约难，请核查预约号源并回复来电人。"
    _refer(unsigned, hotline, realestate, summary, "请尽快签收并联系来电人")
    referred = _office_time_ago(now, 30)
    _backdate(unsigned, now, received_at=_office_time_ago(now, 31), referred_at=referred)

    soon = new(reception, "soon", promised_at=add_working_hours(now, 2, work_calendar()).at)
    summary = "抵押注销，银行材料已齐，请按承诺时间办结。"
    _refer(soon, reception, realestate, summary, handler=handler)
    _act(soon, "sign_for", handler)

    extended = new(reception, "extended")
    summary = "继承转移登记，需外调档案，请核实后办理。"
    _refer(extended, reception, realestate, summary, handler=handler)
    _act(extended, "sign_for", handler)
    until = add_working_hours(now, 35, work_calendar()).at
    _act(extended, "request_extension", handler, until=until, reason="外地档案调取需五个工作日")
    if head is not None:
        notice = "已电话告知来访人新的期限"
        _act(
            extended,
            "decide_extension",
            head,
            approved=True,
            note="同意延期",
            visitor_notice=notice,
        )
        _backdate(extended, now, last_visitor_contact_at=_office_time_ago(now, 16))

    paused = new(hotline, "paused")
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

    def register(actor, key: str, minutes_ago: int, **extra):
        data = {**_visit(key, **extra), "urgency": "normal"}
        data["received_at"] = now - timedelta(minutes=minutes_ago)
        return services.register_ticket(actor=actor, data=data)

    # Answered on the spot and closed.
    answer = "服务大厅 2 楼 E 区 27-30 号窗口，带身份证和银行卡。"
    services.register_ticket(actor=reception, data=_visit("on_the_spot"), answer_on_the_spot=answer)
    # Just registered at the counter.
    transfer = matters.get("二手房转移登记")
    register(reception, "counter", 20, visitor_unit="个人", directory_matter=transfer)
    # Referred, waiting for the department to sign for it.
    call = register(hotline, "call", 95, call_time=now - timedelta(minutes=96))
    summary = "社保卡补办超时未领到，请核查制卡进度并回复来电人。"
    _refer(call, hotline, departments.get("social"), summary, "请三日内答复")
    # Referred, signed for, in progress.
    walk = register(reception, "walk", 180, directory_matter=matters.get("不动产权证书补换证"))
    summary, suggestion = "不动产权证书遗失补办咨询", "请告知是否需要遗失声明"
    _refer(walk, reception, departments.get("realestate"), summary, suggestion, handler=handler)
    _act(walk, "sign_for", handler)
    _act(walk, "post_progress", handler, note="已调取登记档案，核对权属信息中。")
    # Result recorded: the first responder must call back.
    letter = register(
        reception,
        "letter",
        300,
        visitor_unit="某小区业委会",
        visitor_address="解放路 88 号",
        letter_reference="来信〔2026〕12 号",
    )
    _refer(letter, reception, departments.get("office"), "群众来信建议增加周六窗口", "请研究答复")
    office = users.get("office")
    if office:
        _act(letter, "sign_for", office)
        result = "已纳入明年窗口调整方案，周六上午开放综合窗口。"
        _act(letter, "record_result", office, result=result)
    # Materials missing: one-time notice given.
    notice = register(hotline, "notice", 400, directory_matter=matters.get("个体工商户设立登记"))
    matter = notice.directory_matter
    items = [m.label for m in matter.materials.all()] if matter else ["身份证原件"]
    text = "请按清单一次备齐后到 2 楼 D 区办理。"
    _act(
        notice, "answer", hotline, kind=AnswerKind.MATERIALS_MISSING, text=text, missing_items=items
    )
    # A dissatisfied visitor: sent back to be redone.
    redo = register(reception, "redo", 600)
    _refer(
        redo, reception, departments.get("social"), "失业金未到账", "请查明原因", handler=handler2
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
