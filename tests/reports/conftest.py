"""A hand-built set of inquiries with known numbers, made through the real services on
chosen instants (time-machine), around a weekend and a 调休 make-up Saturday.

Calendar: office hours 08:30–12:00 and 13:30–17:30 (7.5 h); Saturday 2026-09-26 is a
make-up workday; 19–20 and 27 September are an ordinary weekend.

  T1 Fri 18 Sep 16:30 walk-in, answered on the spot 16:40, followed up (满意) Mon 21
     09:20, closed 09:30                      → handling 1 h (Fri) + 1 h (Mon) = 2 h
  T2 Fri 25 Sep 17:00 phone, referred 17:10, signed for Sat 26 09:00 (make-up day),
     result 10:00, followed up (基本满意, scores 4/5/4) Mon 28 08:50, closed 09:00
                                               → 0.5 h + 7.5 h (Sat) + 0.5 h = 8.5 h
  T3 Mon 28 Sep 09:00 answered (not permitted) 10:00, 不满意 10:30 → redone,
     answered again 11:00, 满意 11:10, closed 11:15                     → 2.25 h
  T4 Mon 28 Sep 09:00 referred 09:05, returned 09:30, referred 09:40, signed 10:00,
     result 11:00, 满意 11:30, closed 11:45                               → 2.75 h
  T5 Mon 28 Sep 10:00 letter, never answered (overdue by 5 Oct)
  T6 Mon 28 Sep 10:30 voided: counted nowhere
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from firstask.tickets.choices import AnswerKind, FollowUpMethod, ReturnReason, Satisfaction
from firstask.workdays.models import CalendarDay, DayKind
from firstask.workdays.selectors import clear_caches
from tests.tickets.conftest import act, register

SHANGHAI = ZoneInfo("Asia/Shanghai")
MAKE_UP_SATURDAY = date(2026, 9, 26)
MEASURED_AT = datetime(2026, 10, 5, 12, 0, tzinfo=SHANGHAI)


def at(day: int, hhmm: str, month: int = 9) -> datetime:
    hour, minute = map(int, hhmm.split(":"))
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def on(day: int, hhmm: str, month: int = 9):
    return time_machine.travel(at(day, hhmm, month), tick=False)


@pytest.fixture
def make_up_day(db):
    CalendarDay.objects.update_or_create(
        date=MAKE_UP_SATURDAY, defaults={"kind": DayKind.WORKDAY, "name": "国庆调休"}
    )
    clear_caches()
    return MAKE_UP_SATURDAY


def _follow(ticket, who, satisfaction, **scores):
    return act(
        ticket,
        "follow_up",
        who,
        method=FollowUpMethod.PHONE,
        satisfaction=satisfaction,
        remarks="",
        **scores,
    )


@dataclass
class Known:
    tickets: dict


@pytest.fixture
def known(make_up_day, receptionist, handler, realestate) -> Known:
    t = {}
    with on(18, "16:30"):
        t[1] = register(receptionist, channel="walk_in")
    with on(18, "16:40"):
        act(t[1], "answer", receptionist, kind=AnswerKind.ON_THE_SPOT, text="当场告知材料")
    with on(21, "09:20"):
        _follow(t[1], receptionist, Satisfaction.SATISFIED)
    with on(21, "09:30"):
        act(t[1], "close", receptionist)

    with on(25, "17:00"):
        t[2] = register(receptionist, channel="phone")
    with on(25, "17:10"):
        act(t[2], "refer", receptionist, department=realestate, handler=None, summary="过户")
    with on(26, "09:00"):
        act(t[2], "sign_for", handler)
    with on(26, "10:00"):
        act(t[2], "record_result", handler, result="已办理")
    with on(28, "08:50"):
        _follow(t[2], receptionist, Satisfaction.BASICALLY, **SCORES_T2)
    with on(28, "09:00"):
        act(t[2], "close", receptionist)

    with on(28, "09:00"):
        t[3] = register(receptionist, channel="walk_in", category="consultation")
        t[4] = register(receptionist, channel="walk_in")
    with on(28, "10:00"):
        act(t[3], "answer", receptionist, kind=AnswerKind.NOT_PERMITTED, text="政策不允许")
    with on(28, "10:30"):
        _follow(t[3], receptionist, Satisfaction.DISSATISFIED)
    with on(28, "11:00"):
        act(t[3], "answer", receptionist, kind=AnswerKind.ON_THE_SPOT, text="重新答复")
    with on(28, "11:10"):
        _follow(t[3], receptionist, Satisfaction.SATISFIED)
    with on(28, "11:15"):
        act(t[3], "close", receptionist)

    with on(28, "09:05"):
        act(t[4], "refer", receptionist, department=realestate, handler=None, summary="过户")
    with on(28, "09:30"):
        act(t[4], "return_referral", handler, reason=ReturnReason.INCOMPLETE, note="缺材料")
    with on(28, "09:40"):
        act(t[4], "refer", receptionist, department=realestate, handler=None, summary="补全")
    with on(28, "10:00"):
        act(t[4], "sign_for", handler)
    with on(28, "11:00"):
        act(t[4], "record_result", handler, result="已办理")
    with on(28, "11:30"):
        _follow(t[4], receptionist, Satisfaction.SATISFIED)
    with on(28, "11:45"):
        act(t[4], "close", receptionist)

    with on(28, "10:00"):
        t[5] = register(receptionist, channel="letter")
    with on(28, "10:30"):
        t[6] = register(receptionist, channel="walk_in")
        act(t[6], "void", receptionist, reason="登记错误")
    return Known(t)


# Follow-up scores of T2 (服务态度, 响应速度, 问题解决能力), 003 §4.4.1.
SCORES_T2: dict = {"score_attitude": 4, "score_speed": 5, "score_resolution": 4}
