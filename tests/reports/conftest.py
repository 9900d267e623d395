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

from firstask.tickets.choices import AnswerKind, ReturnReason, Satisfaction
from firstask.workdays.models import CalendarDay, DayKind
from firstask.workdays.selectors import clear_caches
from tests.tickets.conftest import act, follow_up, register

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


def _act(day: int, hhmm: str, ticket, action: str, who, **data):
    """One step of a ticket's life, at that Shanghai time in September 2026."""
    with on(day, hhmm):
        return act(ticket, action, who, **data)


def _follow(day: int, hhmm: str, ticket, who, satisfaction, **scores):
    with on(day, hhmm):
        return follow_up(ticket, who, satisfaction, remarks="", **scores)


def _register(day: int, hhmm: str, who, **data):
    with on(day, hhmm):
        return register(who, **data)


@dataclass
class Known:
    tickets: dict


@pytest.fixture
def known(make_up_day, receptionist, handler, realestate) -> Known:
    rec, on_the_spot, not_permitted = receptionist, AnswerKind.ON_THE_SPOT, AnswerKind.NOT_PERMITTED
    t = {}
    t[1] = _register(18, "16:30", rec, channel="walk_in")
    _act(18, "16:40", t[1], "answer", rec, kind=on_the_spot, text="当场告知材料")
    _follow(21, "09:20", t[1], rec, Satisfaction.SATISFIED)
    _act(21, "09:30", t[1], "close", rec)

    t[2] = _register(25, "17:00", rec, channel="phone")
    _act(25, "17:10", t[2], "refer", rec, department=realestate, handler=None, summary="过户")
    _act(26, "09:00", t[2], "sign_for", handler)
    _act(26, "10:00", t[2], "record_result", handler, result="已办理")
    _follow(28, "08:50", t[2], rec, Satisfaction.BASICALLY, **SCORES_T2)
    _act(28, "09:00", t[2], "close", rec)

    with on(28, "09:00"):
        t[3] = register(rec, channel="walk_in", category="consultation")
        t[4] = register(rec, channel="walk_in")
    _act(28, "10:00", t[3], "answer", rec, kind=not_permitted, text="政策不允许")
    _follow(28, "10:30", t[3], rec, Satisfaction.DISSATISFIED)
    _act(28, "11:00", t[3], "answer", rec, kind=on_the_spot, text="重新答复")
    _follow(28, "11:10", t[3], rec, Satisfaction.SATISFIED)
    _act(28, "11:15", t[3], "close", rec)

    _act(28, "09:05", t[4], "refer", rec, department=realestate, handler=None, summary="过户")
    _act(
        28, "09:30", t[4], "return_referral", handler, reason=ReturnReason.INCOMPLETE, note="缺材料"
    )
    _act(28, "09:40", t[4], "refer", rec, department=realestate, handler=None, summary="补全")
    _act(28, "10:00", t[4], "sign_for", handler)
    _act(28, "11:00", t[4], "record_result", handler, result="已办理")
    _follow(28, "11:30", t[4], rec, Satisfaction.SATISFIED)
    _act(28, "11:45", t[4], "close", rec)

    t[5] = _register(28, "10:00", rec, channel="letter")
    with on(28, "10:30"):
        t[6] = register(rec, channel="walk_in")
        act(t[6], "void", rec, reason="登记错误")
    return Known(t)


# Follow-up scores of T2 (服务态度, 响应速度, 问题解决能力), docs/domain.md#measures.
SCORES_T2: dict = {"score_attitude": 4, "score_speed": 5, "score_resolution": 4}
