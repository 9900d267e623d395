"""In real Chromium: a receptionist logs in to a Chinese product and switches to English.

The strings asserted are the ones a person at the desk reads; the Chinese ones come from
the committed catalogue (locale/zh_Hans/LC_MESSAGES/django.po), so a missing or stale
.mo shows up here as English text where Chinese was expected.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.fixtures.infra import login_as

pytestmark = pytest.mark.browser


def test_receptionist_sees_chinese_home_then_switches_to_english(
    transactional_db: None, live_server: Any, page: Page, receptionist: Any, password: str
) -> None:
    html = page.locator("html")

    page.goto(live_server.url + reverse("login"))
    expect(html).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_role("heading", level=1)).to_have_text("市民服务中心")
    expect(page.get_by_text("首问责任制管理系统")).to_be_visible()

    login_as(page, live_server, receptionist, password)

    expect(page).to_have_url(live_server.url + reverse("home"))
    expect(html).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_text("谁首问、谁负责，直至问题解决。")).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_have_text("王芳")
    expect(page.get_by_role("button", name="退出登录")).to_be_visible()

    switch = page.locator("[data-testid=language-switcher] button[value=en]")
    expect(switch).to_have_text("English")  # in its own language, findable by who needs it
    switch.click()

    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(live_server.url + reverse("home"))
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(
        page.get_by_text("Whoever is asked first answers for the inquiry until it is resolved.")
    ).to_be_visible()

    # The choice sticks: the next page is English too, not only the one after the POST.
    page.reload()
    expect(html).to_have_attribute("lang", "en")
    expect(page.locator("[data-testid=language-switcher] button[value=zh-hans]")).to_have_text(
        "简体中文"
    )
