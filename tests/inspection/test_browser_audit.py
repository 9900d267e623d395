"""In real Chromium: an inspector audits today, samples five inquiries, records a finding
on each, signs the day off and opens the printable report."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from firstask.inspection.models import DaySignOff, Finding
from firstask.inspection.selectors import today
from tests.browser import screenshot
from tests.fixtures.infra import login_as
from tests.tickets.conftest import act, register

pytestmark = pytest.mark.browser


def test_inspector_samples_records_findings_signs_off_and_prints(
    transactional_db: None,
    live_server: Any,
    page: Page,
    inspector: Any,
    receptionist: Any,
    realestate: Any,
    password: str,
    request: Any,
) -> None:
    # A day is signed off once it has ended: the inspector works after the office closes.
    evening = timezone.make_aware(datetime.combine(timezone.localdate(), time(17, 45)))
    traveller = time_machine.travel(evening, tick=True)
    traveller.start()
    request.addfinalizer(traveller.stop)
    for i in range(8):
        ticket = register(receptionist, visitor_phone="" if i == 0 else "13812345678")
        if i % 2:
            act(ticket, "answer", receptionist, kind="not_permitted", text="这个不归我管")
    login_as(page, live_server, inspector, password)

    page.goto(live_server.url + reverse("inspection:today"))
    expect(page.get_by_test_id("audit-day")).to_have_text(today().isoformat())
    expect(page.get_by_test_id("count-registered_total")).to_have_text("8")
    expect(page.get_by_test_id("rule-count-forbidden_phrase")).to_have_text("4")
    expect(page.get_by_test_id("rule-count-incomplete_registration")).to_have_text("1")
    screenshot(page, "inspection-day.png")

    page.get_by_test_id("sample-form").locator("input[name=size]").fill("5")
    page.get_by_test_id("draw-sample").click()
    expect(page.get_by_test_id("sample-item")).to_have_count(5)

    for n in range(5):
        item = page.get_by_test_id("sample-item").nth(n)
        boxes = item.locator("input[type=checkbox]")
        for b in range(boxes.count()):
            boxes.nth(b).check()
        if n == 0:  # one issue: the wording
            boxes.last.uncheck()
            item.locator("input[type=radio][value=issue]").check()
            item.locator("textarea[name$=remarks]").fill("答复中出现推诿用语")
        else:
            item.locator("input[type=radio][value=pass]").check()
        item.get_by_test_id("save-finding").click()
        expect(
            page.get_by_test_id("sample-item").nth(n).get_by_test_id("finding-badge")
        ).to_be_visible()
    assert Finding.objects.count() == 5

    page.goto(live_server.url + reverse("inspection:today"))
    page.get_by_test_id("sign-off-link").click()
    page.locator("textarea[name=summary]").fill("抽查5件，1件用语不规范，已反馈科室。")
    page.get_by_test_id("sign-off").click()

    # Signing leads to the report; the print button opens the browser's dialog, which a
    # test cannot drive — so check the report as the printer will see it.
    expect(page.get_by_test_id("report")).to_be_visible()
    expect(page.get_by_test_id("print-button")).to_be_visible()
    expect(page.get_by_test_id("draft")).to_have_count(0)
    expect(page.get_by_test_id("report-finding")).to_have_count(5)
    expect(page.get_by_test_id("report-summary")).to_contain_text("1件用语不规范")
    expect(page.get_by_test_id("signature-block")).to_contain_text("赵敏")
    expect(page.locator("[data-testid=report-rule][data-rule=forbidden_phrase]")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_test_id("print-button")).to_be_hidden()
    expect(page.locator("nav.navbar")).to_be_hidden()
    screenshot(page, "inspection-report.png")
    assert DaySignOff.objects.get(day=today()).signed_by == inspector
