"""The language switch in Chromium: reached and used by keyboard, axe-clean in both languages."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from tests.browser.conftest import DESKTOP, PHONE, open_page, sign_in_as
from tests.browser.test_pages import AXE_OPTIONS, _report
from tests.conftest import _persona
from tests.factories import accredit, listed_micro_credential
from tohu.organisations.models import Organisation

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
        assert page.locator("#count-sourced").inner_text() == "9"
        violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
        assert not violations, f"axe-core found in {locale}:\n{_report(violations)}"
    finally:
        context.close()


@pytest.mark.parametrize("locale", ["en-NZ", "mi"])
def test_public_pages_are_axe_clean_in_both_languages(
    browser: Browser, live_server: Any, locale: str, isb: Organisation, provider_org: Organisation
) -> None:
    listing = listed_micro_credential(developer=isb, title="Forklift Operation", credits=5)
    accredit(provider_org, listing)
    context = browser.new_context(
        viewport=DESKTOP,  # type: ignore[arg-type]
        locale=locale,
        extra_http_headers={"Accept-Language": locale},
    )
    try:
        page = context.new_page()
        for path in (
            "/",
            f"/micro-credentials/{listing.listing_number}/",
            "/verify/",
            "/applications/equivalency/statements/",
            "/sign-in/",
        ):
            page.goto(f"{live_server.url}{path}")
            assert page.get_attribute("html", "lang") == locale, path
            violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
            assert not violations, f"axe-core found on {path} in {locale}:\n{_report(violations)}"
    finally:
        context.close()


@pytest.mark.parametrize("locale", ["en-NZ", "mi"])
def test_the_translators_pages_are_axe_clean_in_both_languages(
    browser: Browser, live_server: Any, locale: str, nzqa: Organisation
) -> None:
    translator = _persona("kaiwhakamaori", nzqa, "translator")
    context = browser.new_context(
        viewport=DESKTOP,  # type: ignore[arg-type]
        locale=locale,
        extra_http_headers={"Accept-Language": locale},
    )
    try:
        sign_in_as(context, translator.client, live_server.url)
        page = context.new_page()
        page.goto(f"{live_server.url}/translation/review/?state=sourced")
        assert page.get_attribute("html", "lang") == locale
        violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
        assert not violations, f"axe-core found in {locale}:\n{_report(violations)}"
        page.get_by_role("link", name="Level %(level)s").click()
        page.get_by_label("Review state").select_option("approved")
        violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
        assert not violations, f"axe-core found in {locale}:\n{_report(violations)}"
        with page.expect_navigation():
            page.get_by_role("button", name="Save", exact=True).click()
        assert page.get_by_role("status").inner_text() == "Translation saved."
    finally:
        context.close()
