"""The API documentation works with no internet: everything it loads comes from Tohu itself."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Route

from tests.browser.conftest import open_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_draw_every_endpoint_with_no_internet(
    browser: Browser, live_server: Any, settings: Any
) -> None:
    # the OpenAPI document's server is the address the page was opened at (SITE_URL unset)
    settings.SITE_URL = ""
    context, page = open_page(browser)
    elsewhere: list[str] = []

    def offline(route: Route) -> None:
        # the machine has no internet: anything not served by Tohu itself fails
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", offline)
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    try:
        page.goto(f"{live_server.url}/api/v1/")
        docs = page.evaluate("() => JSON.parse(document.body.innerText).docs")
        assert docs.endswith("/api/v1/docs")
        page.goto(f"{live_server.url}/api/v1/docs")
        page.get_by_role("heading", level=1, name="Tohu API documentation").wait_for()
        page.locator(".opblock").first.wait_for()
        operations = page.locator(".opblock-summary-path").all_inner_texts()
        assert "/api/v1/micro-credentials" in [text.replace("\u200b", "") for text in operations]
        # a person tries the register search from the page, as the docs invite
        search = page.locator("#operations-register-micro_credential_search")
        search.locator(".opblock-summary-control").click()
        search.get_by_role("button", name="Try it out").click()
        search.get_by_role("button", name="Execute").click()
        status = search.locator(".live-responses-table tbody .response-col_status")
        status.first.wait_for()
        assert status.first.inner_text().strip() == "200"
        page.get_by_role("link", name="OpenAPI document").click()
        page.wait_for_url("**/api/v1/openapi.json")
    finally:
        context.close()
    assert elsewhere == []
    assert refused == []
