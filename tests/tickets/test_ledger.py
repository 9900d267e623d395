"""The day's 台账 across all channels: one page, fixed queries, the same rows in Excel."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from firstask.tickets.choices import AnswerKind, Channel, State
from firstask.tickets.models import Answer, FollowUp, Referral, Ticket
from tests.tickets.conftest import act, register
from tests.tickets.test_query_counts import count_queries

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
DAY = datetime(2026, 11, 18, 8, 30, tzinfo=SH)
CHANNELS = [Channel.WALK_IN, Channel.PHONE, Channel.LETTER, Channel.ONLINE]


def bulk_day(receptionist, realestate, n: int, day: datetime = DAY) -> None:
    """``n`` inquiries of DAY across every channel, every third referred with a result,
    every fifth answered with a one-time notice and followed up (bulk: fast)."""
    tickets = Ticket.objects.bulk_create(
        Ticket(
            number=f"{day:%Y%m%d}-{i + 1:04d}",
            channel=CHANNELS[i % 4],
            category="business",
            received_at=day + timedelta(seconds=9 * i),
            visitor_name=f"访客{i}",
            visitor_unit="个人",
            visitor_phone=f"138{i:08d}",
            visitor_address="解放路 1 号",
            matter=f"第 {i} 件事",
            materials_received="身份证复印件 1 份",
            first_responder=receptionist,
            first_responder_department_id=realestate.pk,
            promised_at=day + timedelta(days=3),
            state=State.REFERRED if i % 3 == 0 else State.ANSWERED,
            referred_department=realestate if i % 3 == 0 else None,
        )
        for i in range(n)
    )
    Referral.objects.bulk_create(
        Referral(
            ticket=t,
            department=realestate,
            referred_by=receptionist,
            referred_at=t.received_at,
            summary="转办",
            result="已办结",
        )
        for i, t in enumerate(tickets)
        if i % 3 == 0
    )
    Answer.objects.bulk_create(
        Answer(
            ticket=t,
            kind=AnswerKind.MATERIALS_MISSING,
            text="请补齐",
            missing_items=["户口簿"],
            answered_by=receptionist,
            answered_at=t.received_at,
        )
        for i, t in enumerate(tickets)
        if i % 5 == 0
    )
    FollowUp.objects.bulk_create(
        FollowUp(
            ticket=t,
            method="phone",
            contacted_at=t.received_at + timedelta(hours=1),
            satisfaction="satisfied",
            recorded_by=receptionist,
        )
        for i, t in enumerate(tickets)
        if i % 5 == 0
    )


def test_ledger_lists_every_channel_with_the_required_columns(client, receptionist, realestate):
    walk = register(receptionist, materials_received="身份证复印件 1 份")
    call = register(receptionist, channel="phone", visitor_name="来电者")
    act(walk, "refer", receptionist, department=realestate, handler=None, summary="转办")
    client.force_login(receptionist)
    response = client.get(reverse("tickets:ledger"))
    html = response.content.decode()
    assert response.status_code == 200
    for number in (walk.number, call.number):
        assert number in html
    for heading in (
        "渠道",
        "姓名",
        "单位",
        "收取材料",
        "答复或一次性告知",
        "告知的办理单位",
        "承办部门及经办人",
        "预计解决时间",
        "回访",
        "满意度",
        "备注",
    ):
        assert heading in html, heading
    assert "13812345678" in html  # the first responder sees the full number
    assert "不动产登记科" in html
    # Printed A4 landscape: the page carries the landscape paper class print.css sizes.
    assert "paper-landscape" in html
    from django.conf import settings

    css = (settings.BASE_DIR / "static/css/print.css").read_text()
    assert "@page landscape { size: A4 landscape" in css


def test_ledger_is_in_the_navigation(client, receptionist):
    client.force_login(receptionist)
    html = client.get(reverse("home")).content.decode()
    assert reverse("tickets:ledger") in html


def test_ledger_of_3000_inquiries_has_fixed_queries_and_excel_has_the_same_rows(
    client, receptionist, realestate
):
    client.force_login(receptionist)
    url = f"{reverse('tickets:ledger')}?day=2026-11-18"
    bulk_day(receptionist, realestate, 30, DAY - timedelta(days=1))
    client.get(url)  # a running server has its session, calendar and policies warm
    small = count_queries(client, "get", f"{reverse('tickets:ledger')}?day=2026-11-17")
    bulk_day(receptionist, realestate, 3000)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url)
    big = sum(1 for q in ctx.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE")))
    assert small == big <= 10
    assert page.content.decode().count('data-testid="ledger-row"') == 3000

    response = client.get(f"{reverse('tickets:ledger_xlsx')}?day=2026-11-18")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "编号" and len(rows) == 3001
    numbers = [r[0] for r in rows[1:]]
    assert numbers == [f"20261118-{i + 1:04d}" for i in range(3000)]
    first = rows[1]
    assert first[9] == "一次性告知：户口簿" and first[13] == "已办结"
