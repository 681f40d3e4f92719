"""The search page in Chromium: htmx updates the results in place; without JavaScript, the form
still works as a plain GET form."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import launched_chromium, open_page
from tests.register.conftest import list_one
from tohu.organisations.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium for this module only (tests/browser keeps its own for the session)."""
    with launched_chromium() as launched:
        yield launched


@pytest.fixture
def site(live_server: Any, isb: Organisation) -> str:
    list_one(isb, "2001", date(2024, 1, 1), title="Forklift Operation Basics", level=3)
    list_one(isb, "2002", date(2024, 2, 1), title="Espresso Barista Skills", level=2)
    return str(live_server.url)


def test_ticking_a_level_updates_the_results_in_place_and_the_address(
    browser: Browser, site: str
) -> None:
    context, page = open_page(browser)
    try:
        page.goto(f"{site}/")
        page.wait_for_load_state("networkidle")
        marker = page.evaluate("() => (window.stayedOnThisPage = true)")
        assert marker is True
        page.get_by_label("3", exact=True).check()
        page.wait_for_url("**/?level=3")
        results = page.locator("#results .result-title")
        results.first.wait_for()
        assert results.all_text_contents() == ["Forklift Operation Basics (Micro-credential)"]
        assert "Showing 1 to 1" in (page.locator("#result-count").text_content() or "")
        # no full reload: the page's own state survived
        assert page.evaluate("() => window.stayedOnThisPage") is True
    finally:
        context.close()


def test_the_form_works_without_javascript(browser: Browser, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{site}/")
        page.get_by_label("Search words").fill("barista")
        page.locator(".search-words button[type=submit]").click()
        page.wait_for_url("**/?q=barista*")
        titles = page.locator("#results .result-title").all_text_contents()
        assert titles == ["Espresso Barista Skills (Micro-credential)"]
    finally:
        context.close()
