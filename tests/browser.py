"""Steps the browser tests (Playwright) take as a person at the desk would: sign in as
someone else, open a ticket, open an action's form and submit it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.fixtures.infra import login_as

# An accordion panel that has finished opening (not "collapsing").
OPEN_PANEL = re.compile(r"(^|\s)show(\s|$)")

# Screenshots (and the printed PDF) the browser tests leave for people to look at.
SCREENS = Path(__file__).resolve().parents[1] / "var" / "screens"


def switch_user(page: Page, live_server: Any, user: Any, password: str) -> None:
    page.context.clear_cookies()
    login_as(page, live_server, user, password)


def switch_to_ticket(page: Page, live_server: Any, user: Any, password: str, number: str) -> None:
    """Sign in as `user` and open the ticket `number`."""
    switch_user(page, live_server, user, password)
    page.goto(live_server.url + reverse("tickets:detail", args=[number]))


def switch_to_list(
    page: Page, live_server: Any, user: Any, password: str, listing: str, number: str
) -> None:
    """Sign in as `user`, open their list `listing` and the ticket `number` from it."""
    switch_user(page, live_server, user, password)
    page.goto(live_server.url + reverse(listing))
    page.get_by_role("link", name=number).click()


def open_action(page: Page, action: str) -> None:
    """Open an action's panel and wait until it has finished opening, as a person sees it.

    While Bootstrap's accordion is still sliding open (0.35 s) its panel clips and
    scrolls its content: a press on the submit button focuses it, the panel scrolls the
    button out from under the pointer, the release lands on the form, and nothing is
    submitted (a flaky "no navigation" under load). The panel gets ``show`` at the end.
    """
    page.get_by_test_id(f"open-{action}").click()
    expect(page.locator(f"#act-{action}")).to_have_class(OPEN_PANEL)
    expect(page.get_by_test_id(f"form-{action}")).to_be_visible()


def submit_action(page: Page, action: str) -> None:
    with page.expect_navigation():
        page.get_by_test_id(f"submit-{action}").click()


def take_action(page: Page, action: str, **fields: str) -> None:
    """Open an action's form, type into its text fields, submit it."""
    open_action(page, action)
    for name, value in fields.items():
        page.fill(f"#id_{action}-{name}", value)
    submit_action(page, action)


def screenshot(page: Page, name: str) -> None:
    """The whole page as `var/screens/<name>`."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / name), full_page=True)
