"""In real Chromium, in Chinese: an inspector opens a case from today's "使用服务禁语"
flag, a leader decides 诫勉教育, the staff member sees it in the inbox and appeals,
another leader decides the appeal, the scorecard shows the result, the notice prints."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from firstask.accountability.models import Case
from tests.browser import screenshot, switch_user
from tests.fixtures.infra import login_as
from tests.tickets.conftest import act, register

pytestmark = pytest.mark.browser


def test_a_case_from_a_flag_to_the_printed_notice(
    seeded_catalogue: None,
    live_server: Any,
    page: Page,
    inspector: Any,
    receptionist: Any,
    leader: Any,
    password: str,
) -> None:
    from firstask.org.roles import Role
    from tests.factories import make_staff

    other_leader = make_staff(
        "leader2",
        department=receptionist.profile.department,
        roles=[Role.SUPERVISING_LEADER],
        last_name="黄",
        first_name="磊",
    )
    ticket = register(receptionist, visitor_phone="13812345678")
    act(ticket, "answer", receptionist, kind="not_permitted", text="这个不归我管，你去别处问")

    # The inspector finds the flag on today's audit and opens a case from it.
    login_as(page, live_server, inspector, password)
    page.goto(live_server.url + reverse("inspection:today"))
    row = page.locator(f"tr[data-number='{ticket.number}']")
    expect(row.locator("[data-flag=forbidden_phrase]")).to_contain_text("使用服务禁语")
    row.get_by_test_id("open-case").click()
    expect(page.get_by_test_id("evidence-origin")).to_contain_text("使用服务禁语")
    expect(page.locator("#id_person option:checked")).to_contain_text("王芳")
    expect(page.locator("#id_rule_item option:checked")).to_contain_text("不归我管")
    page.locator("#id_summary").fill("答复来访人时使用“不归我管”。")
    page.get_by_test_id("open-case-submit").click()
    expect(page.get_by_test_id("case-state")).to_have_text("调查中")
    case = Case.objects.get()
    case_url = live_server.url + reverse("accountability:case", args=[case.pk])
    expect(page.get_by_test_id("evidence")).to_contain_text(ticket.number)
    expect(page.get_by_test_id("decision-form")).to_have_count(0)  # the opener cannot decide

    # A leader decides 诫勉教育 (the rule item's default sanction).
    switch_user(page, live_server, leader, password)
    page.goto(case_url)
    form = page.get_by_test_id("decision-form")
    expect(form.locator("#id_sanction option:checked")).to_have_text("诫勉教育")
    form.locator("#id_reasons").fill("经调取记录，情况属实。")
    form.get_by_test_id("decide").click()
    expect(page.get_by_test_id("case-state")).to_have_text("已决定")

    # The staff member sees it in the inbox and appeals.
    switch_user(page, live_server, receptionist, password)
    expect(page.get_by_test_id("inbox-unread")).to_be_visible()
    page.get_by_test_id("inbox-link").click()
    notice = page.get_by_test_id("notification").first
    expect(notice).to_contain_text("诫勉教育")
    expect(notice).to_contain_text("申诉")
    notice.get_by_test_id("notification-link").click()
    expect(page.get_by_test_id("party-sanction")).to_have_text("诫勉教育")
    page.get_by_test_id("appeal-form").locator("textarea").fill(
        "来访人询问的是其他部门事项，我已告知去向。"
    )
    page.get_by_test_id("file-appeal").click()
    expect(page.get_by_test_id("case-state")).to_have_text("申诉中")

    # The leader who decided may not decide the appeal; another leader does.
    switch_user(page, live_server, leader, password)
    page.goto(case_url)
    expect(page.get_by_test_id("appeal-decision-form")).to_have_count(0)
    switch_user(page, live_server, other_leader, password)
    page.goto(case_url)
    form = page.get_by_test_id("appeal-decision-form")
    form.locator("input[value=changed]").check()
    form.locator("#id_sanction").select_option(label="谈话告诫")
    form.locator("#id_reasons").fill("已告知去向，但用语不当，改为谈话告诫。")
    form.get_by_test_id("decide-appeal").click()
    expect(page.get_by_test_id("case-state")).to_have_text("已决定")
    expect(page.get_by_test_id("decisions")).to_contain_text("变更处理")

    # The staff member's scorecard shows the result.
    switch_user(page, live_server, receptionist, password)
    page.goto(live_server.url + reverse("accountability:home"))
    page.get_by_test_id("scorecards-tab").click()
    expect(page.get_by_test_id("assessment")).to_have_text("称职")
    expect(page.get_by_test_id("sanctions-by-kind")).to_contain_text("谈话告诫: 1")
    expect(page.locator("[data-consequence=no_honours]")).to_contain_text("当年不得评优")
    expect(page.get_by_test_id("appeals")).to_have_text("1")
    screenshot(page, "accountability-scorecard.png")

    # The notice prints: the decision with the appeal's outcome and the signature lines.
    page.goto(case_url)
    page.get_by_test_id("print-decision").click()
    expect(page.get_by_test_id("paper-title")).to_have_text("首问责任追究处理决定通知书")
    expect(page.get_by_test_id("paper-sanction")).to_contain_text("诫勉教育")
    expect(page.get_by_test_id("paper-appeal-outcome")).to_contain_text("谈话告诫")
    expect(page.get_by_test_id("signature-block")).to_contain_text("签名")
    page.emulate_media(media="print")
    expect(page.get_by_test_id("print-button")).to_be_hidden()
    expect(page.locator("nav.navbar")).to_be_hidden()
    screenshot(page, "accountability-notice.png")
