"""The language switch in Chromium: reached and used by keyboard, axe-clean in both languages."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from tests.browser.conftest import DESKTOP, PHONE, open_page
from tests.browser.test_pages import AXE_OPTIONS, _report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_switch_changes_the_language_by_keyboard_and_stays_axe_clean(
    browser: Browser, live_server: Any, viewport: dict[str, int]
) -> None:
    context, page = open_page(browser, viewport=viewport)
    try:
        page.goto(f"{live_server.url}/?q=forklift")
        assert page.get_attribute("html", "lang") == "en-NZ"
        english = Axe().run(page, options=AXE_OPTIONS).response["violations"]
        assert not english, f"axe-core found in English:\n{_report(english)}"

        choice = page.get_by_role("button", name="Te reo Māori")
        assert choice.get_attribute("aria-pressed") == "false"
        assert choice.get_attribute("lang") == "mi"
        choice.focus()
        # the switch posts and is sent back to the same address: wait for that navigation itself,
        # not for the address, which is already the same before the post
        with page.expect_navigation(url=f"{live_server.url}/?q=forklift"):
            page.keyboard.press("Enter")
        assert page.get_attribute("html", "lang") == "mi"
        assert page.get_by_role("button", name="Te reo Māori").get_attribute("aria-pressed") == (
            "true"
        )
        maori = Axe().run(page, options=AXE_OPTIONS).response["violations"]
        assert not maori, f"axe-core found in te reo Māori:\n{_report(maori)}"

        # the choice is remembered on the next page, whatever the browser asks for
        page.goto(f"{live_server.url}/verify/")
        assert page.get_attribute("html", "lang") == "mi"
        with page.expect_navigation(url=f"{live_server.url}/verify/"):
            page.get_by_role("button", name="English").click()
        assert page.get_attribute("html", "lang") == "en-NZ"
    finally:
        context.close()


@pytest.mark.parametrize("locale", ["en-NZ", "mi"])
def test_the_translation_status_page_is_axe_clean_in_both_languages(
    browser: Browser, live_server: Any, locale: str
) -> None:
    context = browser.new_context(
        viewport=DESKTOP,  # type: ignore[arg-type]
        locale=locale,
        extra_http_headers={"Accept-Language": locale},
    )
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/translation/")
        assert page.get_attribute("html", "lang") == locale
        assert page.locator("#count-sourced").inner_text() == "4"
        violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
        assert not violations, f"axe-core found in {locale}:\n{_report(violations)}"
    finally:
        context.close()
