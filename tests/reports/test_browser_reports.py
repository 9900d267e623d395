"""In real Chromium: a manager opens September's measures, clicks a department, drills
down to its overdue inquiries, exports the table to Excel (same numbers as the page) and
prints the monthly report with its charts visible."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from firstask.reports.refresh import rebuild
from tests.browser import SCREENS, screenshot
from tests.fixtures.infra import login_as
from tests.reports.conftest import MEASURED_AT

pytestmark = pytest.mark.browser


def test_manager_reads_drills_exports_and_prints(
    transactional_db: None,
    live_server: Any,
    page: Page,
    known: Any,
    manager: Any,
    front_desk: Any,
    password: str,
) -> None:
    with time_machine.travel(MEASURED_AT, tick=False):
        rebuild(date(2026, 9, 1), date(2026, 9, 30))
    login_as(page, live_server, manager, password)

    page.goto(live_server.url + reverse("reports:overview") + "?period=month&start=2026-09-01")
    expect(page.get_by_test_id("period-label")).to_have_text("2026-09")
    expect(page.get_by_test_id("measure-registrations")).to_have_text("5")
    expect(page.get_by_test_id("measure-first_time_rate")).to_have_text("40.0%")
    expect(page.get_by_test_id("met-satisfaction_score")).to_have_text("达标")  # 4.83 ≥ 4.5
    expect(page.get_by_test_id("chart-trend")).to_be_visible()
    screenshot(page, "measures-overview.png")

    # A department: its own overview, broken down by staff.
    page.get_by_test_id(f"row-department-{front_desk.pk}").locator("a").click()
    expect(page.get_by_test_id("table-staff")).to_be_visible()
    expect(page.get_by_test_id("measure-registrations")).to_have_text("5")

    # Down to the overdue inquiries behind the number.
    overdue = page.get_by_test_id(f"overdue-staff-{known.tickets[5].first_responder_id}")
    expect(overdue).to_have_text("1")
    overdue.locator("a").click()
    expect(page.get_by_test_id("drill-row")).to_have_count(1)
    expect(page.get_by_test_id("drill-list")).to_contain_text(known.tickets[5].number)

    # Excel of the department's measures: the file holds the page's numbers.
    page.go_back()
    page_value = page.get_by_test_id("measure-registrations").inner_text()
    with page.expect_download() as download_info:
        page.get_by_test_id("export-overview-xlsx").click()
    book = load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    sheet = book.active
    assert sheet.freeze_panes == "A2"
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert str(rows["登记量"][1]) == page_value == "5"
    assert rows["一次性解决率"][1] == pytest.approx(0.4)

    # The monthly report, generated and printed with its charts.
    page.goto(live_server.url + reverse("reports:reports"))
    page.get_by_test_id("generate-form").locator("select[name=kind]").select_option("month")
    page.get_by_test_id("generate-form").locator("input[name=start]").fill("2026-09-15")
    page.get_by_test_id("generate").click()
    expect(page.get_by_test_id("report")).to_be_visible()
    expect(page.get_by_test_id("print-button")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_test_id("print-button")).to_be_hidden()
    for chart in ("report-chart-trend", "report-chart-satisfaction", "report-chart-departments"):
        expect(page.get_by_test_id(chart)).to_be_visible()
    expect(page.get_by_test_id("report-overdue-row")).to_have_count(1)
    expect(page.get_by_test_id("report-returned-row")).to_have_count(1)
    page.pdf(path=str(SCREENS / "monthly-report.pdf"), format="A4")
    screenshot(page, "monthly-report.png")
