"""The visitor and the leaders in Chromium, in Chinese: the receipt's QR code leads the
visitor to the status page; a leader issues a 督办 and the handler replies; the first
responder chases; a co-department reports its part."""

from __future__ import annotations

import re
from typing import Any

import pytest
import segno
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from firstask.tickets.models import SupervisionOrder
from tests.browser import open_action, submit_action, switch_user
from tests.fixtures.infra import login_as
from tests.tickets.conftest import act, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_ticket(page: Page, live_server: Any, number: str) -> None:
    page.goto(live_server.url + reverse("tickets:detail", args=[number]))
    expect(page.get_by_test_id("ticket-number")).to_have_text(number)


def test_visitor_status_supervision_chase_and_joint_handling(
    live_server: Any,
    page: Page,
    receptionist: Any,
    handler: Any,
    department_head: Any,
    realestate: Any,
    social: Any,
    outsider: Any,
    leader: Any,
    password: str,
) -> None:
    ticket = register(receptionist)
    act(ticket, "refer", receptionist, department=realestate, handler=None, summary="二手房过户")
    act(ticket, "sign_for", handler)
    number = ticket.number

    # The first responder prints the receipt with an extraction code and a QR code.
    login_as(page, live_server, receptionist, password)
    open_ticket(page, live_server, number)
    page.get_by_test_id("print-receipt").click()
    with page.expect_navigation():
        page.get_by_test_id("issue-code").click()
    code = page.get_by_test_id("receipt-code").inner_text().strip()
    assert re.fullmatch(r"[2-9A-Z]{6}", code)
    status_url = page.get_by_test_id("status-url").inner_text().strip()
    assert status_url.endswith(f"/status/?n={number}")
    # The QR code on the receipt encodes exactly that address.
    drawn = page.locator("[data-testid=receipt-qr] svg path").get_attribute("d")
    expected = re.search(
        r' d="([^"]+)"', segno.make(status_url, error="m").svg_inline(border=2)
    ).group(1)
    assert drawn == expected

    # The first responder chases the department and asks 社会保障科 to join.
    open_ticket(page, live_server, number)
    open_action(page, "chase")
    page.fill("#id_chase-note", "来访人来电询问进度")
    submit_action(page, "chase")
    expect(page.locator(".alert-success")).to_contain_text("已催办该部门")
    expect(page.get_by_test_id("timeline")).to_contain_text("催办部门")
    open_action(page, "add_co_department")
    page.locator("#id_add_co_department-department").select_option(label="社会保障科")
    page.fill("#id_add_co_department-request", "请核实社保缴纳记录")
    submit_action(page, "add_co_department")
    expect(page.get_by_test_id("co-department")).to_contain_text("社会保障科")
    expect(page.get_by_test_id("co-department")).to_contain_text("未签收")

    # The visitor scans the QR code: no login, the number is filled in, the code typed.
    page.context.clear_cookies()
    page.goto(status_url.replace("http://testserver", live_server.url))
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator("#id_number")).to_have_value(number)
    page.fill("#id_code", code.lower())
    with page.expect_navigation():
        page.get_by_test_id("status-submit").click()
    expect(page.get_by_test_id("status-state")).to_have_text("已转交责任部门办理")
    expect(page.get_by_test_id("status-department")).to_have_text("不动产登记科")
    expect(page.get_by_test_id("status-responder")).to_contain_text("王芳")
    expect(page.get_by_test_id("status-step")).to_contain_text("责任部门已受理")
    result = page.get_by_test_id("status-result").inner_text()
    for hidden in ("李明", "13812345678", "张伟", "二手房"):
        assert hidden not in result

    # The supervising leader issues a 督办 to the handler.
    switch_user(page, live_server, leader, password)
    open_ticket(page, live_server, number)
    open_action(page, "supervise")
    page.locator("#id_supervise-addressee").select_option(label="张伟")
    page.fill("#id_supervise-instruction", "请今日内答复来访人")
    due = timezone.localtime(timezone.now() + timezone.timedelta(hours=4))
    page.fill("#id_supervise-reply_due_at", due.strftime("%Y-%m-%dT%H:%M"))
    submit_action(page, "supervise")
    expect(page.locator(".alert-success")).to_contain_text("已下达督办")
    expect(page.get_by_test_id("supervision-order")).to_contain_text("待回复")

    # The handler finds it on the 督办 worklist and replies.
    switch_user(page, live_server, handler, password)
    page.goto(live_server.url + reverse("tickets:supervision"))
    page.get_by_role("link", name=number).click()
    page.fill(f"#id_reply-{SupervisionOrder.objects.get().pk}-reply", "已联系来访人，明日办结")
    submit_action(page, "supervision-reply")
    expect(page.get_by_test_id("supervision-reply")).to_contain_text("已联系来访人")
    expect(page.get_by_test_id("supervision-order")).to_contain_text("已回复")

    # The co-department signs for and reports its part.
    switch_user(page, live_server, outsider, password)
    open_ticket(page, live_server, number)
    with page.expect_navigation():
        page.get_by_test_id("submit-part-sign").click()
    page.locator("[data-testid=form-part] textarea").fill("社保记录已核实，连续缴纳五年")
    submit_action(page, "part")
    expect(page.get_by_test_id("co-department")).to_contain_text("已反馈")
    expect(page.get_by_test_id("co-part")).to_contain_text("社保记录已核实")
