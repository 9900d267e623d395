"""The aggregates equal the direct computation over the raw rows, on random data.

A seeded generator drives inquiries of every shape through the real services over two
months (several staff, two departments, every channel and category); the facts, day
rows and month rows must then give exactly the totals computed straight from the
tickets — for months, a quarter, custom ranges cutting months in half, every scope —
first after a full rebuild, then after more changes folded in by the incremental
refresh, which must find the changed days by itself.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from firstask.reports.direct import direct_counts, direct_totals
from firstask.reports.periods import period_of
from firstask.reports.permissions import Scope
from firstask.reports.refresh import rebuild, refresh_changed
from firstask.reports.selectors import Filters, totals, totals_by
from firstask.tickets.choices import (
    AnswerKind,
    Category,
    Channel,
    ReturnReason,
    Satisfaction,
)
from firstask.tickets.models import Ticket
from tests.tickets.conftest import act, follow_up, register

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 8, 3, 8, 0, tzinfo=SHANGHAI)
DAYS = 50


def _at(rng: random.Random, base: datetime) -> datetime:
    return base + timedelta(minutes=rng.randrange(5, 60 * 30))


def _run(when: datetime, fn, *args, **kwargs):
    with time_machine.travel(when, tick=False):
        return fn(*args, **kwargs)


def _follow(ticket, who, when, satisfaction):
    return _run(when, follow_up, ticket, who, satisfaction, remarks="")


def _life(rng: random.Random, ticket, staff, handler, dept, when: datetime) -> None:
    """One random life: on the spot, referred (maybe returned), redone, or left open."""
    shape = rng.choice(["spot", "answer", "refer", "return", "redo", "open", "open"])
    if shape == "open":
        return
    when = _at(rng, when)
    if shape in ("spot", "answer", "redo"):
        kind = AnswerKind.ON_THE_SPOT if shape != "answer" else AnswerKind.NOT_PERMITTED
        _run(when, act, ticket, "answer", staff, kind=kind, text="答复")
    else:
        if shape == "return":
            _run(when, act, ticket, "refer", staff, department=dept, handler=None, summary="转")
            when = _at(rng, when)
            _run(when, act, ticket, "return_referral", handler, reason=ReturnReason.NOT_OURS)
            when = _at(rng, when)
        _run(when, act, ticket, "refer", staff, department=dept, handler=None, summary="转")
        if rng.random() < 0.2:
            return
        when = _at(rng, when)
        _run(when, act, ticket, "sign_for", handler)
        when = _at(rng, when)
        _run(when, act, ticket, "record_result", handler, result="已办")
    if rng.random() < 0.15:
        return
    when = _at(rng, when)
    if shape == "redo":
        _follow(ticket, staff, when, Satisfaction.DISSATISFIED)
        when = _at(rng, when)
        _run(when, act, ticket, "answer", staff, kind=AnswerKind.ON_THE_SPOT, text="重答")
        when = _at(rng, when)
    _follow(ticket, staff, when, rng.choice([Satisfaction.SATISFIED, Satisfaction.BASICALLY]))
    if rng.random() < 0.85:
        _run(_at(rng, when), act, ticket, "close", staff)


def _random_inquiries(rng, people, handler, realestate, n: int, start: datetime, days: int):
    made = []
    for _ in range(n):
        when = start + timedelta(days=rng.randrange(days), minutes=rng.randrange(0, 10 * 60))
        staff = rng.choice(people)
        ticket = _run(
            when,
            register,
            staff,
            channel=rng.choice(Channel.values),
            category=rng.choice(Category.values),
            visitor_phone=rng.choice(["13812345678", "13900000000", ""]),
        )
        _life(rng, ticket, staff, handler, realestate, when)
        made.append(ticket)
    return made


PERIODS = [
    period_of("month", date(2026, 8, 1)),
    period_of("month", date(2026, 9, 1)),
    period_of("quarter", date(2026, 8, 1)),
    period_of("custom", date(2026, 8, 17), date(2026, 9, 9)),
    period_of("week", date(2026, 9, 2)),
]


def _assert_equal(scopes, now):
    for period in PERIODS:
        for scope in scopes:
            assert totals(period, scope) == direct_totals(period, scope, now=now), (period, scope)
            read = totals(period, scope)
            counts = direct_counts(period, scope)
            assert {k: read[k] for k in counts} == counts, (period, scope)


@pytest.mark.parametrize("seed", [2026])
def test_aggregates_equal_direct_computation(
    seed, receptionist, outsider, handler, department_head, realestate, social, front_desk
):
    rng = random.Random(seed)
    people = [receptionist, outsider, department_head]
    _random_inquiries(rng, people, handler, realestate, 45, START, DAYS)
    first_now = START + timedelta(days=DAYS + 3)
    with time_machine.travel(first_now, tick=False):
        rebuild(date(2026, 8, 1), date(2026, 9, 30))
    scopes = [
        Scope(),
        Scope(department_id=front_desk.pk),
        Scope(department_id=social.pk),
        Scope(staff_id=department_head.pk),
    ]
    _assert_equal(scopes, first_now)

    # Breakdowns add up to the total, and a channel × category narrowing (day rows only)
    # agrees with the direct computation too.
    month = PERIODS[0]
    for by in ("department", "staff", "channel", "category"):
        parts = totals_by(month, Scope(), by)
        assert sum(p["registered"] for p in parts.values()) == totals(month, Scope())["registered"]
    both = Filters(channel=Channel.PHONE, category=Category.BUSINESS)
    expected = Ticket.objects.filter(
        received_at__gte=datetime(2026, 8, 1, tzinfo=SHANGHAI),
        received_at__lt=datetime(2026, 9, 1, tzinfo=SHANGHAI),
        channel=Channel.PHONE,
        category=Category.BUSINESS,
    ).exclude(state="void")
    assert totals(month, Scope(), both)["registered"] == expected.count()

    # More happens later: old open inquiries move on, new ones arrive. The incremental
    # refresh must find every changed day on its own.
    later = first_now + timedelta(days=2)
    open_ones = list(Ticket.objects.filter(state="received").order_by("pk")[:6])
    for ticket in open_ones:
        _run(later, act, ticket, "answer", ticket.first_responder, kind="on_the_spot", text="答")
    _random_inquiries(rng, people, handler, realestate, 8, later - timedelta(days=5), 3)
    second_now = later + timedelta(days=1)
    refresh_changed(now=second_now)
    _assert_equal(scopes, second_now)
