"""The directory at the counter, in Chromium: find the matter, refer where it says, tell
every missing material at once, and see a repeat caller coming."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from firstask.tickets.models import Ticket
from tests.browser import open_action, submit_action
from tests.directory.factories import AgencyFactory, MatterFactory
from tests.fixtures.infra import login_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MATERIALS = ["不动产登记申请书", "买卖双方身份证", "不动产权证书"]


@pytest.fixture
def transfer(realestate: Any) -> Any:
    AgencyFactory(name="市公安局出入境管理支队", address="解放路 1 号", phone="0571-87280000")
    return MatterFactory(
        name="不动产二手房转移登记",
        keywords="过户 二手房",
        department=realestate,
        materials=MATERIALS,
    )


def pick_from_directory(page: Page, selector: str, typed: str, name: str) -> None:
    field = page.locator(selector)
    field.fill("")
    field.type(typed, delay=30)
    option = page.get_by_role("option").filter(has_text=name)
    expect(option.first).to_be_visible()
    option.first.click()


def start_walk_in(page: Page, live_server: Any, phone: str = "13812345678") -> None:
    page.goto(live_server.url + reverse("tickets:intake_channel", args=["walk_in"]))
    page.fill("#id_visitor_name", "李明")
    page.fill("#id_visitor_phone", phone)
    page.fill("#id_matter", "二手房过户要带什么")
    page.select_option("#id_category", "consultation")  # a picked matter sets its own


def submit_registration(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_test_id("register-submit").click()


def register_transfer(page: Page, live_server: Any, user: Any, password: str, transfer: Any):
    """Signed in at the counter, a walk-in registered for the transfer, picked by "过户"."""
    login_as(page, live_server, user, password)
    start_walk_in(page, live_server)
    pick_from_directory(page, "#id_directory_lookup", "过户", transfer.name)
    submit_registration(page)


def test_find_the_matter_by_chinese_and_pinyin_and_refer_where_it_says(
    live_server: Any, page: Page, receptionist: Any, transfer: Any, password: str
) -> None:
    login_as(page, live_server, receptionist, password)
    start_walk_in(page, live_server)
    page.locator("#id_directory_lookup").type("bdc", delay=30)
    expect(page.get_by_role("option").filter(has_text=transfer.name).first).to_be_visible()
    pick_from_directory(page, "#id_directory_lookup", "不动产", transfer.name)
    expect(page.locator("#id_directory_matter")).to_have_value(str(transfer.pk))
    # The pick never overwrites the category the receptionist chose, and says what it means.
    expect(page.locator("#id_category")).to_have_value("consultation")
    expect(page.get_by_test_id("matter-category-note")).to_be_visible()
    expect(page.get_by_test_id("matter-card")).to_contain_text("不动产登记科")
    expect(page.get_by_test_id("matter-card")).to_contain_text("不动产登记申请书")
    submit_registration(page)
    expect(page.get_by_test_id("directory-matter")).to_have_text(transfer.name)

    open_action(page, "refer")
    expect(page.locator("#id_refer-department option:checked")).to_have_text("不动产登记科")
    # The summary is the referrer's own words: never pre-filled from the registration.
    expect(page.locator("#id_refer-summary")).to_have_value("")
    page.fill("#id_refer-summary", "来访人办理不动产登记，请按目录办理")
    submit_action(page, "refer")
    expect(page.get_by_test_id("referred-to")).to_contain_text("不动产登记科")


def test_materials_missing_prints_exactly_the_directory_materials(
    live_server: Any, page: Page, receptionist: Any, transfer: Any, password: str
) -> None:
    register_transfer(page, live_server, receptionist, password, transfer)

    open_action(page, "answer")
    expect(page.locator("#id_answer-missing_items")).to_be_hidden()
    page.locator("#id_answer-kind").select_option("materials_missing")
    expect(page.locator("#id_answer-missing_items")).to_have_value("\n".join(MATERIALS))
    page.fill("#id_answer-text", "请补齐以下材料后再来办理")
    submit_action(page, "answer")

    page.get_by_test_id("print-notice").click()
    items = page.get_by_test_id("notice-items").locator("li")
    expect(items).to_have_text(MATERIALS)


def test_a_repeat_callers_history_appears_and_the_visit_is_flagged(
    live_server: Any, page: Page, receptionist: Any, transfer: Any, password: str
) -> None:
    register_transfer(page, live_server, receptionist, password, transfer)
    first = page.get_by_test_id("ticket-number").inner_text()
    open_action(page, "answer")
    page.locator("#id_answer-kind").select_option("materials_missing")
    page.fill("#id_answer-text", "缺材料")
    submit_action(page, "answer")

    page.goto(live_server.url + reverse("tickets:intake_channel", args=["walk_in"]))
    page.locator("#id_visitor_phone").type("138 1234 5678", delay=20)
    history = page.get_by_test_id("caller-history")
    expect(history.get_by_role("link", name=first)).to_be_visible()
    page.fill("#id_visitor_name", "李明")
    page.fill("#id_matter", "材料又来补")
    pick_from_directory(page, "#id_directory_lookup", "过户", transfer.name)
    submit_registration(page)
    expect(page.get_by_test_id("repeat-visit")).to_contain_text(first)
    second = page.get_by_test_id("ticket-number").inner_text()
    assert Ticket.objects.get(number=second).repeat_of.number == first


def test_an_agency_fills_where_the_visitor_is_sent(
    live_server: Any, page: Page, receptionist: Any, transfer: Any, password: str
) -> None:
    login_as(page, live_server, receptionist, password)
    start_walk_in(page, live_server)
    submit_registration(page)
    open_action(page, "answer")
    pick_from_directory(page, "#id_answer-lookup", "出入境", "出入境管理支队")
    expect(page.locator("#id_answer-kind")).to_have_value("outside_remit")
    expect(page.locator("#id_answer-agency_address")).to_have_value("解放路 1 号")
    expect(page.locator("#id_answer-agency_phone")).to_have_value("0571-87280000")
