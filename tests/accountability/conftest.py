"""Personas and helpers for accountability: cases opened by the inspector, decided by
the supervising leader, appealed by the receptionist; a second leader for appeals."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from firstask.accountability import services
from firstask.accountability.models import Case, RuleItem, Sanction
from tests.factories import make_persona

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def other_leader(general_office):
    return make_persona("other_leader", general_office)


@pytest.fixture
def colleague(front_desk):
    return make_persona("colleague", front_desk)


def sanction(code: str) -> Sanction:
    return Sanction.objects.get(code=code)


def rule(code: str) -> RuleItem:
    return RuleItem.objects.get(code=code)


def open_case(
    opener, person, rule_code: str = "not_registered", summary: str = "未登记来电"
) -> Case:
    return services.open_case(
        actor=opener, rule_item=rule(rule_code), person=person, summary=summary
    )


def decide(case: Case, decider, sanction_code: str | None = "efficiency_warning", **extra) -> Case:
    return services.decide_case(
        case_id=case.pk,
        actor=decider,
        sanction=sanction(sanction_code) if sanction_code else None,
        reasons="经调查属实",
        **extra,
    )


def at(y: int, m: int, d: int, hh: int = 10) -> datetime:
    return datetime(y, m, d, hh, 0, tzinfo=SHANGHAI)


def on(y: int, m: int, d: int, hh: int = 10):
    return time_machine.travel(at(y, m, d, hh), tick=False)


def current(case: Case) -> Case:
    """Re-read a case with a query (never refresh_from_db on an FSM model)."""
    return Case.objects.select_related("decision__sanction").get(pk=case.pk)
