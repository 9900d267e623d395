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


def _act(ticket, action, actor, **data):
    return services.ticket_transition(ticket_id=ticket.pk, action=action, actor=actor, **data)


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
