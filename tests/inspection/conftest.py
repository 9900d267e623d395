"""A day of inquiries with one known breach of every kind, built through the real
ticket services on chosen days (time-machine), for the audit tests.

Deadlines are set explicitly at the end: the working-day calendar may store its own, and
these tests must say exactly which deadline passed when.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from firstask.tickets import services
from firstask.tickets.choices import AnswerKind, ReturnReason, Satisfaction
from firstask.tickets.models import Ticket
from tests.tickets.conftest import act, answer, follow_up, register

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 18)  # a Wednesday, safely in the past
DEADLINES = ("answer_due_at", "sign_for_due_at", "handle_due_at", "progress_due_at")


def at(day_offset: int, hhmm: str) -> datetime:
    hour, minute = map(int, hhmm.split(":"))
    d = DAY + timedelta(days=day_offset)
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=SHANGHAI)


def on(day_offset: int, hhmm: str):
    return time_machine.travel(at(day_offset, hhmm), tick=False)


def clear_deadlines() -> None:
    Ticket.objects.update(**{name: None for name in DEADLINES})


def set_deadline(ticket: Ticket, **deadlines) -> None:
    Ticket.objects.filter(pk=ticket.pk).update(**deadlines)


@dataclass
class KnownDay:
    tickets: dict[str, Ticket] = field(default_factory=dict)
    expected: set[tuple[str, str]] = field(default_factory=set)  # (rule, ticket number)

    def number(self, key: str) -> str:
        return self.tickets[key].number


def refer(ticket, receptionist, realestate, **extra):
    data = {"department": realestate, "handler": None, "summary": "二手房过户，请告知材料"}
    return act(ticket, "refer", receptionist, **{**data, **extra})


@pytest.fixture
def known_day(receptionist, handler, realestate, outsider, general_office) -> KnownDay:
    """Seventeen inquiries touching DAY; twelve of them carry exactly one flag each."""
    k = KnownDay()
    t = k.tickets
    refused, missing = AnswerKind.NOT_PERMITTED, AnswerKind.MATERIALS_MISSING
    with on(-2, "09:00"):
        t["notice"] = register(receptionist, matter="办理抵押登记")
        answer(t["notice"], receptionist, "请补齐以下材料", missing, missing_items=["身份证复印件"])
        t["late_handling"] = register(receptionist)
        refer(t["late_handling"], receptionist, realestate)
    with on(-2, "10:00"):
        act(t["late_handling"], "sign_for", handler)
    with on(-1, "09:00"):
        t["late_sign"] = register(receptionist)
        refer(t["late_sign"], receptionist, realestate)
        t["silent"] = register(receptionist)
        refer(t["silent"], receptionist, realestate)
        t["signed_in_time"] = register(receptionist)
        refer(t["signed_in_time"], receptionist, realestate)
    with on(-1, "09:30"):
        act(t["silent"], "sign_for", handler)
        act(t["late_handling"], "post_progress", handler, note="正在核实产权信息")

    with on(0, "08:00"):
        act(t["late_handling"], "post_progress", handler, note="已联系不动产中心")
        act(t["signed_in_time"], "sign_for", handler)
    with on(0, "09:00"):
        t["clean"] = on_the_spot(receptionist, channel="phone", matter="咨询办公时间")
        t["incomplete"] = register(receptionist, visitor_phone="")
        t["copied"] = register(receptionist)
        refer(t["copied"], receptionist, realestate, summary=t["copied"].matter)
        t["returned"] = register(receptionist)
        refer(t["returned"], receptionist, realestate)
        t["unhappy"] = register(receptionist)
        answer(t["unhappy"], receptionist, "已当场解答")
        t["backdated"] = register(receptionist)
        refer(t["backdated"], receptionist, realestate)
        t["repeat"] = register(receptionist, matter="再次来办抵押登记")
        t["rude_answer"] = register(receptionist)
        answer(t["rude_answer"], receptionist, "这个事情不 归我管，您去别处问问", refused)
        t["rude_note"] = register(receptionist)
        refer(t["rude_note"], receptionist, realestate)
        t["ordinary"] = register(receptionist, matter="来访人说：“你们都说不知道，不归我管”")
        answer(t["ordinary"], receptionist, "我们清楚地告知了办理流程，并说明了政策依据", refused)
        t["overdue_answer"] = register(receptionist)
        t["answered_in_time"] = register(receptionist)
        t["elsewhere"] = on_the_spot(outsider, channel="walk_in", matter="咨询社保转移")
    with on(0, "10:00"):
        act(
            t["returned"],
            "return_referral",
            handler,
            reason=ReturnReason.NOT_OURS,
            note="非本科室职责，建议转社保科",
        )
        follow_up(
            t["unhappy"], receptionist, Satisfaction.DISSATISFIED, remarks="来访人认为答复不完整"
        )
        act(t["backdated"], "sign_for", handler)
        act(t["rude_note"], "sign_for", handler)
        answer(t["answered_in_time"], receptionist, "按规定不能办理，已解释原因", refused)
    with on(0, "11:00"):
        act(t["backdated"], "record_result", handler, result="已办结，材料齐全")
        act(t["rude_note"], "post_progress", handler, note="暂时没-办法处理，等领导批示")
    with on(0, "14:00"):
        follow_up(t["backdated"], receptionist, remarks="", contacted_at=at(0, "10:30"))
        act(t["backdated"], "close", receptionist)

    clear_deadlines()
    Ticket.objects.filter(pk=t["repeat"].pk).update(repeat_of=t["notice"])
    set_deadline(t["overdue_answer"], answer_due_at=at(0, "12:00"))
    set_deadline(t["answered_in_time"], answer_due_at=at(0, "12:00"))
    set_deadline(t["late_sign"], sign_for_due_at=at(0, "10:00"))
    set_deadline(t["signed_in_time"], sign_for_due_at=at(0, "10:00"))
    set_deadline(t["late_handling"], handle_due_at=at(0, "15:00"))
    # An extended item: its visitor must be told of progress within 24 h of signing.
    set_deadline(t["silent"], extended_until=at(5, "17:30"), progress_due_at=at(0, "09:30"))
    for key in t:
        t[key].refresh_from_db()

    k.expected = {
        ("incomplete_registration", t["incomplete"].number),
        ("referral_without_note", t["copied"].number),
        ("returned_referral", t["returned"].number),
        ("dissatisfied", t["unhappy"].number),
        ("closed_without_follow_up", t["backdated"].number),
        ("repeat_visit", t["repeat"].number),
        ("forbidden_phrase", t["rude_answer"].number),
        ("forbidden_phrase", t["rude_note"].number),
        ("answer_overdue", t["overdue_answer"].number),
        ("sign_for_late", t["late_sign"].number),
        ("handling_overdue", t["late_handling"].number),
        ("no_progress", t["silent"].number),
    }
    return k


def on_the_spot(actor, *, channel: str, matter: str) -> Ticket:
    """A consultation answered on the spot: answered, followed up and closed at once."""
    return services.register_ticket(
        actor=actor,
        data={
            "channel": channel,
            "category": "consultation",
            "visitor_name": "赵六",
            "visitor_phone": "13900001111",
            "matter": matter,
        },
        answer_on_the_spot="已当场答复",
    )
