"""The whole story in Chromium, in Chinese, as the people at the desks walk it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from firstask.tickets.models import Ticket
from tests.browser import (
    open_action,
    submit_action,
    switch_to_list,
    switch_to_ticket,
    switch_user,
    take_action,
)
from tests.fixtures.infra import login_as
from tests.tickets.conftest import WHOLE_LIFE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def register_walk_in(page: Page, live_server: Any) -> str:
    page.goto(live_server.url + reverse("tickets:intake_channel", args=["walk_in"]))
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    # Keyboard first: the first field has focus; type, tab along, Enter submits.
    expect(page.locator("#id_visitor_name")).to_be_focused()
    page.keyboard.type("李明")
    page.fill("#id_visitor_unit", "个人")
    page.fill("#id_visitor_phone", "138 1234 5678")
    page.select_option("#id_category", "business")
    page.fill("#id_matter", "咨询二手房过户需要准备哪些材料")
    page.locator("#id_visitor_phone").press("Enter")
    expect(page.get_by_test_id("ticket-number")).to_be_visible()
    return page.get_by_test_id("ticket-number").inner_text()


def refer_to(page: Page, department: str) -> None:
    open_action(page, "refer")
    page.locator("#id_refer-department").select_option(label=department)
    page.fill("#id_refer-summary", "来访人咨询二手房过户材料，请告知完整清单")
    page.fill("#id_refer-suggestion", "请告知完整材料清单")
    submit_action(page, "refer")
    expect(page.get_by_test_id("referred-to")).to_contain_text(department)


def referred_walk_in(page: Page, live_server: Any, receptionist: Any, password: str) -> str:
    """The receptionist registers a walk-in and refers it to 不动产登记科; its number."""
    login_as(page, live_server, receptionist, password)
    number = register_walk_in(page, live_server)
    refer_to(page, "不动产登记科")
    return number


def test_walk_in_referred_handled_called_back_and_closed(
    live_server: Any, page: Page, receptionist: Any, handler: Any, realestate: Any, password: str
) -> None:
    login_as(page, live_server, receptionist, password)
    number = register_walk_in(page, live_server)
    expect(page.get_by_test_id("ticket-state")).to_have_text("已登记")
    expect(page.get_by_test_id("first-responder")).to_contain_text("王芳")

    page.get_by_test_id("print-receipt").click()
    expect(page.get_by_test_id("receipt-number")).to_have_text(number)
    expect(page.get_by_test_id("receipt-responder")).to_have_text("王芳")
    expect(page.get_by_test_id("receipt-phone")).to_have_text(receptionist.profile.work_phone)
    page.emulate_media(media="print")
    expect(page.get_by_test_id("print-button")).to_be_hidden()  # the print sheet hides it
    page.emulate_media(media="screen")
    page.goto(live_server.url + reverse("tickets:detail", args=[number]))

    refer_to(page, "不动产登记科")
    expect(page.get_by_test_id("ticket-state")).to_have_text("已转办")

    switch_to_list(page, live_server, handler, password, "tickets:department", number)
    take_action(page, "sign_for")
    expect(page.get_by_test_id("referred-to")).to_contain_text("张伟")
    take_action(page, "post_progress", note="已调取登记档案")
    take_action(page, "record_result", result="已电话告知所需全部材料")
    expect(page.get_by_test_id("timeline")).to_contain_text("已电话告知所需全部材料")

    switch_to_list(page, live_server, receptionist, password, "tickets:follow_up", number)
    open_action(page, "follow_up")
    page.locator("#id_follow_up-method").select_option("phone")
    page.get_by_label("满意", exact=True).check()
    submit_action(page, "follow_up")
    expect(page.get_by_test_id("ticket-state")).to_have_text("已回访")
    take_action(page, "close")
    expect(page.get_by_test_id("ticket-state")).to_have_text("已办结")

    ticket = Ticket.objects.get(number=number)
    assert ticket.first_responder == receptionist
    assert list(ticket.events.values_list("kind", flat=True)) == WHOLE_LIFE


def test_a_return_and_a_re_referral(
    live_server: Any,
    page: Page,
    receptionist: Any,
    handler: Any,
    realestate: Any,
    social: Any,
    outsider: Any,
    password: str,
) -> None:
    number = referred_walk_in(page, live_server, receptionist, password)

    switch_to_ticket(page, live_server, handler, password, number)
    open_action(page, "return_referral")
    page.locator("#id_return_referral-reason").select_option("not_ours")
    page.fill("#id_return_referral-note", "属于社保科职责")
    submit_action(page, "return_referral")
    expect(page.get_by_test_id("return-count")).to_be_visible()

    switch_to_ticket(page, live_server, receptionist, password, number)
    expect(page.get_by_test_id("ticket-state")).to_have_text("已登记")
    expect(page.get_by_test_id("return-count")).to_be_visible()
    refer_to(page, "社会保障科")

    switch_user(page, live_server, outsider, password)
    page.goto(live_server.url + reverse("tickets:department"))
    expect(page.get_by_role("link", name=number)).to_be_visible()
    ticket = Ticket.objects.get(number=number)
    assert ticket.return_count == 1 and ticket.referral_count == 2


def test_dissatisfied_visitor_sends_it_back_to_be_redone(
    live_server: Any, page: Page, receptionist: Any, handler: Any, realestate: Any, password: str
) -> None:
    number = referred_walk_in(page, live_server, receptionist, password)
    switch_to_ticket(page, live_server, handler, password, number)
    take_action(page, "sign_for")
    take_action(page, "record_result", result="已告知")

    switch_to_ticket(page, live_server, receptionist, password, number)
    open_action(page, "follow_up")
    page.get_by_label("不满意", exact=True).check()
    page.fill("#id_follow_up-remarks", "材料没说全")
    submit_action(page, "follow_up")
    expect(page.get_by_test_id("ticket-state")).to_have_text("已转办")
    expect(page.get_by_test_id("redo-count")).to_be_visible()
    expect(page.get_by_test_id("open-close")).to_have_count(0)  # never silently closed
